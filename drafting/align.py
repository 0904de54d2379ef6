"""Aligning two versions of a document paragraph by paragraph.

Used wherever two versions of one draft meet: `comments collect` maps a
delegate's copy onto the draft, `compare` lines up two hand-edited versions.

Two steps, both linear in practice:
1. Exact matches: each distinct paragraph text becomes one character (the
   lines-to-chars trick of diff-match-patch) and the two strings are diffed
   with no time limit, so the result is the same on every machine. Texts found
   on one side only are left out first; the cost is then O((N + M) · D) for D
   moved or repeated paragraphs: a few milliseconds for 3,000 paragraphs with
   a few dozen changes.
2. Modified paragraphs: inside each changed block, deleted and inserted
   paragraphs whose words overlap enough are paired (a paragraph with a word
   changed is the same paragraph, modified); the rest stay pure deletions and
   insertions. The pairing keeps document order and maximises the total
   similarity (a small dynamic programme restricted to a band around the
   block's diagonal, so a large rewritten block stays linear too).
"""
from __future__ import annotations

from diff_match_patch import diff_match_patch

from .oxml.revision import tokenize

Pair = tuple[int | None, int | None]

SIMILAR = 0.5      # word overlap from which a deleted and an inserted paragraph are one, modified
_BAND = 32         # how far off the block's diagonal a pairing is looked for


def align_paragraphs(old: list[str], new: list[str], threshold: float = SIMILAR) -> list[Pair]:
    """Pairs (i, j) of paragraph indices in document order: (i, j) when old[i]
    became new[j] (same or modified text), (i, None) when old[i] was removed,
    (None, j) when new[j] was added. Every index of both lists appears once,
    and the indices of each side increase."""
    pairs: list[Pair] = []
    i = j = 0
    for a, b in _matches(old, new) + [(len(old), len(new))]:
        if i < a or j < b:
            pairs.extend(_pair_block(old, new, list(range(i, a)), list(range(j, b)), threshold))
        if a < len(old):
            pairs.append((a, b))
        i, j = a + 1, b + 1
    return pairs


def _matches(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Pairs of equal paragraphs, in order, from a diff of the two sequences.

    Paragraphs whose text does not occur on the other side can never match, so
    they are left out before diffing: the common subsequence is the same, and a
    thoroughly rewritten document costs nothing instead of the diff's worst case.
    """
    old_texts, new_texts = set(old), set(new)
    kept_old = [i for i, t in enumerate(old) if t in new_texts]
    kept_new = [j for j, t in enumerate(new) if t in old_texts]
    codes: dict[str, str] = {}

    def encode(texts: list[str], kept: list[int]) -> str:
        # One character per distinct text; Python strings hold any code point,
        # so the alphabet never runs out for a document-sized input.
        return "".join(codes.setdefault(texts[k], chr(len(codes) + 1)) for k in kept)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    matches: list[tuple[int, int]] = []
    x = y = 0
    for op, chars in dmp.diff_main(encode(old, kept_old), encode(new, kept_new), False):
        if op == dmp.DIFF_EQUAL:
            matches.extend(zip(kept_old[x:x + len(chars)], kept_new[y:y + len(chars)]))
        if op != dmp.DIFF_INSERT:
            x += len(chars)
        if op != dmp.DIFF_DELETE:
            y += len(chars)
    return matches


def similarity(a: str, b: str) -> float:
    """Word overlap of two paragraphs (Dice coefficient on their sets of
    case-folded words): 1.0 for the same words, 0.0 for none in common. Two
    paragraphs without words (blank, a rule of dashes) count as alike."""
    return _dice(_words(a), _words(b))


def _words(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in tokenize(text) if t[0].isalnum())


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _pair_block(old: list[str], new: list[str], removed: list[int], added: list[int],
                threshold: float) -> list[Pair]:
    """One changed block: pair similar removed/added paragraphs in order, the
    others stay removed (i, None) or added (None, j)."""
    if not removed or not added:
        return [(i, None) for i in removed] + [(None, j) for j in added]
    k, m = len(removed), len(added)
    old_words = [_words(old[i]) for i in removed]
    new_words = [_words(new[j]) for j in added]

    # score[(a, b)]: best total similarity pairing removed[:a+1] with added[:b+1];
    # move[(a, b)]: how that cell was reached (for the traceback).
    score: dict[tuple[int, int], float] = {}
    move: dict[tuple[int, int], str] = {}

    def best(a: int, b: int) -> float:
        if a < 0 or b < 0:
            return 0.0
        return score.get((a, b), float("-inf"))   # outside the band: unreachable

    for a in range(k):
        low = max(0, a * m // k - _BAND)
        high = min(m - 1, (a + 1) * m // k + _BAND)
        for b in range(low, high + 1):
            options = []
            sim = _dice(old_words[a], new_words[b])
            if sim >= threshold:
                options.append((best(a - 1, b - 1) + sim, "pair"))
            options.append((best(a - 1, b), "skip-old"))
            options.append((best(a, b - 1), "skip-new"))
            value, how = max(options, key=lambda o: o[0])   # first wins a tie: pair, skip-old, skip-new
            score[(a, b)] = value
            move[(a, b)] = how

    matched: list[tuple[int, int]] = []
    a, b = k - 1, m - 1
    while a >= 0 and b >= 0:
        how = move[(a, b)]
        if how == "pair":
            matched.append((a, b))
            a, b = a - 1, b - 1
        elif how == "skip-old":
            a -= 1
        else:
            b -= 1
    matched.reverse()

    pairs: list[Pair] = []
    next_a = next_b = 0
    for a, b in matched + [(k, m)]:
        pairs.extend((removed[x], None) for x in range(next_a, a))
        pairs.extend((None, added[y]) for y in range(next_b, b))
        if a < k:
            pairs.append((removed[a], added[b]))
        next_a, next_b = a + 1, b + 1
    return pairs
