"""Text normalisation at the boundary: everything inside the toolkit is NFC.

Vietnamese writers vary tone-mark placement (`hòa`/`hoà`, `thủy`/`thuỷ`) and
whitespace without meaning to; matching folds those variations while edits still
apply to the text as it stands in the draft.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import itemgetter
from typing import Iterator

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")

# Combining tone marks (Vietnamese has five) are moved to one canonical place:
# on the main vowel by "new style" rules. Folding only needs both spellings of a
# syllable to land on the same key, so we drop the tone from its vowel and append
# it to the end of the syllable.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, with the control characters that XML 1.0 cannot hold removed
    (all of them unprintable: printable text, the usual case, skips the search)."""
    text = unicodedata.normalize("NFC", text)
    return text if text.isprintable() else _CONTROL.sub("", text)


def has_control_chars(text: str) -> bool:
    return bool(_CONTROL.search(text))


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


class _FoldTable(dict):
    """A character to (kind, base, tone): kind 0 for whitespace, 1 for a letter,
    2 for anything else; base is the lower-case character without its tone mark
    (NFC), tone the combining tone mark it carried, if any."""

    def __missing__(self, ch: str) -> tuple[int, str, str]:
        if ch.isspace():
            entry = (0, " ", "")
        else:
            decomposed = unicodedata.normalize("NFD", ch.lower())
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            tones = [c for c in decomposed if c in _TONES]
            entry = (1, base, tones[0] if tones else "") if ch.isalpha() else (2, base, "")
        self[ch] = entry
        return entry


_FOLD = _FoldTable()


def _fold_piece(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold `text` for matching and keep, for each folded character, the index
    of the original character it came from. This defines folding; `_Folding`
    applies it piece by piece, through `_PIECES`.

    Folding: whitespace runs become one space, case is ignored, and each
    syllable's tone mark is moved to the syllable's end, so that tone-placement
    variants (`hòa`/`hoà`) compare equal while different tones do not.
    """
    out: list[str] = []
    index: list[int] = []
    pending_tone = ""
    table = _FOLD
    for i, ch in enumerate(text):
        kind, base, tone = table[ch]
        if kind != 1 and pending_tone:          # the syllable ends: its tone goes last
            out.append(pending_tone)
            index.append(index[-1])
            pending_tone = ""
        if kind == 0:
            if not out or out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        if tone:
            pending_tone = tone
        for c in base:
            out.append(c)
            index.append(i)
    if pending_tone:
        out.append(pending_tone)
        index.append(index[-1])
    return "".join(out), tuple(index)


class _PieceFolds(dict):
    """`_fold_piece` of each piece seen, looked up for every word of every
    paragraph searched: a plain dict is the cheapest lookup there is, and it
    starts over when full rather than tracking use."""

    LIMIT = 65536

    def __missing__(self, piece: str) -> tuple[str, tuple[int, ...]]:
        if len(self) >= self.LIMIT:
            self.clear()
        entry = self[piece] = _fold_piece(piece)
        return entry


_PIECES = _PieceFolds()
_FOLDED = itemgetter(0)


class _Folding:
    """The fold of a text, made of the folds of its pieces between spaces.

    Pieces (words with their punctuation) repeat throughout a document, so each
    is folded once, and only the offsets of matches are mapped back to the text.
    At a space, folding ends the syllable (as at the end of a piece) and emits
    one space unless it has just emitted one; so the pieces' folds joined by
    single spaces are the text's fold unless a piece folds to nothing or holds
    other whitespace. Such a text (two spaces in a row, or more spaces than
    joins) is folded whole, as one piece.
    """

    __slots__ = ("folded", "_pieces")

    def __init__(self, text: str):
        pieces = text.split(" ")
        folded = " ".join(map(_FOLDED, map(_PIECES.__getitem__, pieces)))
        if "  " in folded or folded.count(" ") != len(pieces) - 1:
            pieces = [text]
            folded = _PIECES[text][0]
        self.folded = folded
        self._pieces = pieces

    def original(self, k: int) -> int:
        """The offset in the text of the character that folded[k] comes from."""
        if len(self._pieces) == 1:
            return _PIECES[self._pieces[0]][1][k]
        i = self.folded.count(" ", 0, k)          # folded[k] is in piece i or is the space after it
        piece = self._pieces[i]
        index = _PIECES[piece][1]
        offset = k - self.folded.rfind(" ", 0, k) - 1
        start = sum(map(len, self._pieces[:i])) + i
        return start + (index[offset] if offset < len(index) else len(piece))


@lru_cache(maxsize=65536)
def _folding(text: str) -> _Folding:
    return _Folding(text)


def fold(text: str) -> str:
    return _folding(text).folded


@lru_cache(maxsize=65536)
def _needle(needle: str) -> tuple[str, str, bool]:
    """`needle` as NFC, its fold without edge spaces (what is looked for), and
    whether its fold has no edge spaces to drop. One needle is looked for in
    many paragraphs."""
    text = nfc(needle)
    folded = fold(text)
    stripped = folded.strip()
    return text, stripped, folded == stripped


def find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle` in `haystack` under folding, as (start, end)
    offsets into the original `haystack`. Occurrences do not overlap, and do not
    start or end inside a word (`I` is not found in `TIÊU`)."""
    folded_needle = _needle(needle)[1]
    if not folded_needle:
        return []
    folding = _folding(haystack)
    return [(folding.original(start), folding.original(end - 1) + 1)
            for start, end in _matches(folding.folded, folded_needle)]


def occurs_in(texts: list[str], needle: str) -> bool:
    """Whether `find_all` finds `needle` in any of `texts`. Cheaper: no offset is
    mapped back, and a needle copied from the text as it stands is found
    without folding any text."""
    text, folded_needle, folds_alone = _needle(needle)
    if not folded_needle:
        return False
    return ((folds_alone and any(_stands_in(haystack, text) for haystack in texts))
            or any(next(_matches(fold(haystack), folded_needle), None) for haystack in texts))


def _stands_in(haystack: str, text: str) -> bool:
    """Whether `text` stands in `haystack` between word edges, which proves that
    `find_all` finds it when its fold has no edge spaces: at such an edge
    folding carries no tone and no space over, so the text folds inside the
    haystack as it does alone."""
    start = haystack.find(text)
    if start < 0:
        return False
    end = start + len(text)
    return ((start == 0 or _is_edge(haystack[start - 1]))
            and (end == len(haystack) or _is_edge(haystack[end])))


def _is_edge(ch: str) -> bool:
    """Whitespace, or a character that folds to itself and joins no word (`,` `(` `”`)."""
    return ch.isspace() or (_FOLD[ch] == (2, ch, "") and not ch.isalnum() and not unicodedata.combining(ch))


def _matches(folded: str, folded_needle: str) -> Iterator[tuple[int, int]]:
    """The non-overlapping occurrences of `folded_needle` in `folded` that lie on word edges."""
    start = 0
    while (k := folded.find(folded_needle, start)) >= 0:
        end = k + len(folded_needle)
        if _word_edge(folded, k, end):
            yield k, end
            start = end
        else:
            start = k + 1


def _word_edge(folded: str, start: int, end: int) -> bool:
    """Whether folded[start:end] begins and ends on word boundaries."""
    def joined(a: str, b: str) -> bool:
        return a.isalnum() and (b.isalnum() or unicodedata.combining(b) > 0)
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    return not (before and joined(before, folded[start])) and not (after and joined(folded[end - 1], after))
