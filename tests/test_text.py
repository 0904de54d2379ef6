"""Text normalisation and matching: NFC, whitespace and tone-placement folding."""
import unicodedata

from drafting.text import clean, find_all, fold


def test_tone_mark_placement_variants_fold_together():
    assert fold("hòa") == fold("hoà")
    assert fold("thủy") == fold("thuỷ")


def test_different_tones_stay_different():
    assert fold("hóa") != fold("hòa")


def test_decomposed_and_composed_text_match():
    text = "Thi đua khen thưởng"
    assert find_all(text, unicodedata.normalize("NFD", "khen thưởng")) == [(8, 19)]


def test_whitespace_runs_match_one_space():
    assert find_all("tránh  chung\tchung", "tránh chung chung") == [(0, 18)]


def test_matches_are_offsets_into_the_original_text():
    text = "Công tác hoàn thành, hòa giải  thủy lợi"
    assert [text[a:b] for a, b in find_all(text, "hoà giải thuỷ")] == ["hòa giải  thủy"]


def test_a_word_is_not_found_inside_a_longer_word():
    assert find_all("hoàn thành", "hoà") == []
    assert find_all("TIÊU", "I") == []


def test_clean_removes_control_characters_xml_cannot_hold():
    assert clean("a\x00b\x1fc\td") == "ab" + "c\td"
