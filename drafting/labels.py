"""Structural labels of Vietnamese administrative documents.

A label opens a section: Roman `I.`, Arabic `1.`/`1.2.`, letters `a)`/`đ)` (also `a.`, `(a)`), and the
keywords `Phần`, `Chương`, `Mục`, `Điều`. Bullets (`-`, `+`, `•`) never do. The
functions here parse a label from the start of a paragraph, format label values
(Roman numerals, the Vietnamese letter sequence) and tell whether siblings run on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Vietnamese points use the Vietnamese alphabet: no f, j, w, z; đ after d.
VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
# Rank decides nesting: a section nests under the nearest preceding one of lower rank.
RANK = {"phần": 0, "chương": 1, "mục": 2, "điều": 3, "roman": 4, "arabic": 5, "letter": 20}

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_KEYWORD = re.compile(r"^\s*(phần|chương|mục|điều)\s+([IVXLCDM]+|\d+)(?=[\s.:)]|$)([.:])?", re.IGNORECASE)
_ROMAN_LABEL = re.compile(r"^\s*([IVXLCDM]+)\s*\.(?=\s|$)")
# Any count of items (a long annex numbers past 999); a number of six digits or
# more is a figure, not an item.
_ARABIC_LABEL = re.compile(r"^\s*(\d{1,5}(?:\.\d{1,5})*)(?:\.|\))(?=\s|$)|^\s*(\d{1,5}(?:\.\d{1,5})+)(?=\s)")
# `a)` as typed, `a.` and `(a)` as Word and LibreOffice lettered lists render them.
_LETTER_LABEL = re.compile(r"^\s*(?:([a-zđ])\s*\)|([a-zđ])\.|\(([a-zđ])\))(?=\s|$)")
_KEYWORD_START = re.compile(r"\s*(phần|chương|mục|điều)\s", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-+•–—·▪●○◦]\s")


@dataclass(frozen=True)
class Label:
    kind: str        # "roman", "arabic", "letter", or a keyword ("điều", …)
    value: str       # "II", "1.2", "a", "5"
    text: str        # the label as written: "II.", "1.2.", "a)", "Điều 5."
    end: int         # offset in the paragraph text where the label ends

    @property
    def rank(self) -> int:
        if self.kind == "arabic":
            return RANK["arabic"] + self.value.count(".")
        return RANK[self.kind]


def is_roman(value: str) -> bool:
    return bool(value) and bool(_ROMAN.match(value))


def parse_label(text: str) -> Label | None:
    """The structural label at the start of a paragraph's text, if any."""
    head = text.lstrip()[:16]
    if "." not in head and ")" not in head and not _KEYWORD_START.match(head):
        return None                     # most paragraphs: no label can start here
    m = _KEYWORD.match(text)
    if m:
        keyword = m.group(1).lower()
        value = m.group(2)
        if value.isdigit() or is_roman(value.upper()):
            return Label(keyword, value.upper() if not value.isdigit() else value, m.group(0).strip(), m.end())
        return None
    m = _ROMAN_LABEL.match(text)
    if m and is_roman(m.group(1)):
        return Label("roman", m.group(1), m.group(0).strip(), m.end())
    m = _ARABIC_LABEL.match(text)
    if m:
        value = m.group(1) or m.group(2)
        return Label("arabic", value, m.group(0).strip(), m.end())
    m = _LETTER_LABEL.match(text)
    if m:
        return Label("letter", m.group(1) or m.group(2) or m.group(3), m.group(0).strip(), m.end())
    return None


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def to_roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def from_roman(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def ordinal(label: Label) -> int:
    """The label's position in its sequence (1-based), for checking and renumbering."""
    if label.kind == "letter":
        return VI_LETTERS.index(label.value) + 1 if label.value in VI_LETTERS else ord(label.value) - 96
    value = label.value.rsplit(".", 1)[-1]
    if value.isdigit():
        return int(value)
    return from_roman(value)


def format_value(label: Label, n: int) -> str:
    """The value of `label` renumbered to position `n` (keeps the dotted prefix)."""
    if label.kind == "letter":
        return VI_LETTERS[n - 1] if n <= len(VI_LETTERS) else VI_LETTERS[-1] + str(n)
    last = label.value.rsplit(".", 1)[-1]
    prefix = label.value[: len(label.value) - len(last)]
    return prefix + (str(n) if last.isdigit() else to_roman(n))
