"""Text normalisation and matching: NFC, whitespace and tone-placement folding."""
import random
import unicodedata

from drafting.text import clean, find_all, fold, occurs_in


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


def test_folding_piece_by_piece_is_folding_whole():
    """`fold` and `find_all` fold a text as the folds of its space-separated
    pieces; where spaces would collapse across pieces the text is folded whole.
    Either way the fold and the way back to the text are those of folding it
    character by character."""
    from drafting.text import _Folding, _fold_piece

    rng = random.Random(7)
    alphabet = list("aàhoóưởỵĐ1,(") + [" ", " ", " ", "\t", "\xa0", "\u0301", "\u0302"]
    texts = ["", " ", "a  b", "a \u0301 b", " hòa", "hòa ", "a\tb c", "x\xa0 y", "thuỷ lợi, (hoà giải)"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(2000)]
    for text in texts:
        folded, index = _fold_piece(text)
        folding = _Folding(text)
        assert folding.folded == folded, text
        assert [folding.original(k) for k in range(len(folded))] == list(index), text


def test_occurs_in_agrees_with_find_all():
    texts = ["Công tác hoàn thành, hòa giải  thủy lợi", "1hoà (thuỷ) x\u0301"]
    needles = ["hòa giải", "hoà giải thuỷ", "hoàn", "hoà", "thành,", "thuỷ", "(thuỷ)", "x", "1hoà",
               "\u0301x", "lợi", "ợi", "", " "]
    for needle in needles:
        for group in ([texts[0]], [texts[1]], texts):
            assert occurs_in(group, needle) == any(find_all(t, needle) for t in group), (group, needle)
