"""TCVN3 (ABC): the single-byte encoding of TCVN 5712:1993 (VN3) used by the
`.Vn…` fonts (`.VnTime`, `.VnArial`, …).

A Word file keeps such text as the characters the bytes are in Windows-1252
(byte 0xD8, "ỉ", is stored as "Ø": "ChØ thÞ" is "Chỉ thị"). The chart holds
the lower-case letters with tone marks and the seven capitals without one
(Ă Â Ê Ô Ơ Ư Đ); the capitals with a tone mark are the lower-case codes drawn
in the capitals fonts (`.VnTimeH`, `.VnArialH`, …), whose every letter is a capital.
ASCII (letters, digits, punctuation) is ASCII in TCVN3 too.
"""
from __future__ import annotations

import unicodedata

# Byte → letter, from the published chart (TCVN 5712:1993, VN3).
CHART: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
# The chart as str.translate wants it: the character Word stores for each byte.
_DECODE = {ord(bytes([code]).decode("cp1252")): letter for code, letter in CHART.items()}


def is_font(name: str) -> bool:
    """A TCVN3 font: `.VnTime`, `.VnTimeH`, `.VnArial Narrow`, …"""
    return name.strip().lower().startswith(".vn")


def is_capitals_font(name: str) -> bool:
    """A TCVN3 capitals font (`.VnTimeH`, `.VnArialH`): every letter drawn as a capital."""
    return is_font(name) and name.rstrip().endswith("H")


def decode(text: str, capitals: bool = False) -> str:
    """TCVN3 text (as Word stores it) in Unicode NFC; capitals for a capitals font."""
    text = text.translate(_DECODE)
    return unicodedata.normalize("NFC", text.upper() if capitals else text)
