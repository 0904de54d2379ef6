"""VNI (VNI for Windows): the encoding of the `VNI-…` fonts (`VNI-Times`,
`VNI-Helve`, …), a base letter followed by a byte that draws its marks.

As in TCVN3, Word keeps the bytes as their Windows-1252 characters ("Chæ thò"
is "Chỉ thị", "Vieät" is "Việt"). Capitals have marks of their own (the
lower-case mark minus 0x20); a few letters are one byte (đ, ơ, ư and the
i-family, ỵ). ASCII is ASCII.
"""
from __future__ import annotations

import re
import unicodedata

# The mark bytes for lower-case letters (capitals use the byte 0x20 lower),
# named by what they add: a tone, or a tone on top of â/ê/ô or ă.
_TONES = {"acute": 0xF9, "grave": 0xF8, "hook": 0xFB, "tilde": 0xF5, "dot": 0xEF}
_CIRCUMFLEX = {"": 0xE2, "acute": 0xE1, "grave": 0xE0, "hook": 0xE5, "tilde": 0xE3, "dot": 0xE4}
_BREVE = {"": 0xEA, "acute": 0xE9, "grave": 0xE8, "hook": 0xFA, "tilde": 0xFC, "dot": 0xEB}
# One-byte letters (lower case; the capital is the byte 0x20 lower).
_SINGLE = {0xF1: "đ", 0xF4: "ơ", 0xF6: "ư", 0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ"}
_COMBINING = {"": "", "acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}


def _chart() -> dict[str, str]:
    """Every VNI spelling (base letter + mark bytes, or one byte) → its letter, lower and upper case."""
    lower: dict[bytes, str] = {}
    for base in "aeouy":
        for tone, mark in _TONES.items():
            lower[base.encode() + bytes([mark])] = base + _COMBINING[tone]
    for base in "aeo":
        for tone, mark in _CIRCUMFLEX.items():
            lower[base.encode() + bytes([mark])] = base + "\u0302" + _COMBINING[tone]
    for tone, mark in _BREVE.items():
        lower[b"a" + bytes([mark])] = "a\u0306" + _COMBINING[tone]
    for code, letter in _SINGLE.items():
        lower[bytes([code])] = letter
    for tone, mark in _TONES.items():        # ơ and ư take the tone marks too
        lower[bytes([0xF4, mark])] = "ơ" + _COMBINING[tone]
        lower[bytes([0xF6, mark])] = "ư" + _COMBINING[tone]
    chart: dict[str, str] = {}
    for spelling, letter in lower.items():
        letter = unicodedata.normalize("NFC", letter)
        upper = bytes(b - 0x20 if b >= 0xC0 else b for b in spelling).upper()
        chart[spelling.decode("cp1252")] = letter
        chart[upper.decode("cp1252")] = letter.upper()
        if len(spelling) == 2:                # a capital with a lower-case mark, as typed
            chart[(upper[:1] + spelling[1:]).decode("cp1252")] = letter.upper()
    return chart


CHART = _chart()
_SPELLINGS = re.compile("|".join(sorted(map(re.escape, CHART), key=len, reverse=True)))


def is_font(name: str) -> bool:
    """A VNI font: `VNI-Times`, `VNI-Helve`, …"""
    return name.strip().lower().startswith("vni-")


def decode(text: str) -> str:
    """VNI text (as Word stores it) in Unicode NFC."""
    return unicodedata.normalize("NFC", _SPELLINGS.sub(lambda m: CHART[m.group()], text))
