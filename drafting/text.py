"""Text normalisation at the boundary: everything inside the toolkit is NFC.

Vietnamese writers vary tone-mark placement (`hòa`/`hoà`, `thủy`/`thuỷ`) and
whitespace without meaning to; matching folds those variations while edits still
apply to the text as it stands in the draft.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
    """NFC, with the control characters that XML 1.0 cannot hold removed."""
    return _CONTROL.sub("", nfc(text))


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


@lru_cache(maxsize=65536)
def fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold `text` for matching and keep, for each folded character, the index
    of the original character it came from.

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


def fold(text: str) -> str:
    return fold_with_map(text)[0]


class _SkeletonTable(dict):
    """str.translate table: a character to its lower-case letters without any
    diacritic, filled on first sight of each character."""

    def __missing__(self, codepoint: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(codepoint).lower())
        value = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[codepoint] = value
        return value


_SKELETON = _SkeletonTable()


@lru_cache(maxsize=65536)
def _skeleton(text: str) -> str:
    """A coarser key than `fold` (every diacritic dropped, spaces squashed): if a
    needle folds into a haystack, its skeleton is in the haystack's skeleton, so
    this cheap test rules out most paragraphs before the exact fold."""
    return " ".join(text.translate(_SKELETON).split())


def find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle` in `haystack` under folding, as (start, end)
    offsets into the original `haystack`. Occurrences do not overlap, and do not
    start or end inside a word (`I` is not found in `TIÊU`)."""
    folded_needle = fold(nfc(needle)).strip()
    if not folded_needle or _skeleton(nfc(needle)) not in _skeleton(haystack):
        return []
    folded, index = fold_with_map(haystack)
    spans = []
    start = 0
    while True:
        k = folded.find(folded_needle, start)
        if k < 0:
            break
        end = k + len(folded_needle)
        if _word_edge(folded, k, end):
            spans.append((index[k], index[end - 1] + 1))
            start = end
        else:
            start = k + 1
    return spans


def _word_edge(folded: str, start: int, end: int) -> bool:
    """Whether folded[start:end] begins and ends on word boundaries."""
    def joined(a: str, b: str) -> bool:
        return a.isalnum() and (b.isalnum() or unicodedata.combining(b) > 0)
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    return not (before and joined(before, folded[start])) and not (after and joined(folded[end - 1], after))
