"""The TCVN3 and VNI charts: every Vietnamese letter, lower and upper case, reads back."""
import unicodedata

import pytest

from drafting.legacy import tcvn3, vni
from drafting.legacy.detect import legacy_font
from support.legacy_docs import LETTERS, encode_tcvn3, encode_vni, needs_capitals_font


def test_the_letters_are_the_134_vietnamese_letters_with_marks():
    assert len(set(LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", c) and not c.isascii() for c in LETTERS)


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_reads_back_from_tcvn3(letter):
    capitals = needs_capitals_font(letter)
    assert tcvn3.decode(encode_tcvn3(letter, capitals), capitals) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_reads_back_from_vni(letter):
    assert vni.decode(encode_vni(letter)) == letter


def test_tcvn3_needs_a_capitals_font_only_for_capitals_with_a_tone_mark():
    assert [c for c in LETTERS if c.isupper() and not needs_capitals_font(c)] == list("ĂÂÊÔƠƯĐ")


def test_tcvn3_text_as_word_keeps_it_reads_as_unicode():
    # The example: "Chỉ thị" typed in .VnTime shows as "ChØ thÞ" to a Unicode reader.
    assert tcvn3.decode("ChØ thÞ") == "Chỉ thị"
    assert tcvn3.decode("§iÒu 1") == "Điều 1"


def test_a_tcvn3_capitals_font_gives_capitals():
    assert tcvn3.decode("chØ thÞ", capitals=True) == "CHỈ THỊ"


def test_vni_text_reads_as_unicode_in_both_cases():
    assert vni.decode("Chæ thò Vieät Nam") == "Chỉ thị Việt Nam"
    assert vni.decode("ÑIEÀU 1") == "ĐIỀU 1"


@pytest.mark.parametrize("decode", [tcvn3.decode, vni.decode])
def test_digits_punctuation_and_symbols_are_untouched(decode):
    text = "Số 12/2021, 3.5% - (a); “x” – … • 0-9 @#&*"
    assert decode(text) == text


def test_output_is_nfc():
    assert unicodedata.is_normalized("NFC", vni.decode("Nghieäp vuï ñöôïc"))


@pytest.mark.parametrize("name, encoding, capitals", [
    (".VnTime", "TCVN3", False), (".VnTimeH", "TCVN3", True), (".VnArial NarrowH", "TCVN3", True),
    (".vnArial", "TCVN3", False), ("VNI-Times", "VNI", False), ("VNI-Helve-Condense", "VNI", False),
])
def test_legacy_fonts_are_known_by_name(name, encoding, capitals):
    font = legacy_font(name)
    assert (font.encoding, font.capitals) == (encoding, capitals)


@pytest.mark.parametrize("name", ["Times New Roman", "Arial", "VnTimes", "Vni", None, ""])
def test_other_fonts_are_not_legacy(name):
    assert legacy_font(name) is None
