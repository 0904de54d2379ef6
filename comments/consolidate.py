"""Grouping comments that say the same thing, so that they get one answer.

At a meeting several delegates often raise the same point in their own words
("tránh chung chung" / "cần cụ thể, tránh tình trạng chung chung"). The
response table answers such comments in one row naming every delegate, and
`comments check` points them out so that the secretary can confirm them with
`same_as`.

Two comments are grouped when:
- one is marked `same_as` the other (explicit, whatever their sections), or
- they are near-duplicates: on the same section (or both general), with the
  same decision (a row has one answer), and their content words overlap enough.

Similarity is a weighted overlap coefficient on content syllables: the text is
NFC-normalised, case- and tone-placement-folded (`hòa` = `hoà`), split into
syllables, stripped of function words; each syllable weighs by its rarity among
the comments of the feedback (`khen thưởng` in a directive about commendation
says little). The overlap coefficient (shared weight over the smaller side's
weight) lets a short comment match a longer paraphrase that contains its point;
requiring at least two shared content syllables keeps one common word from
joining unrelated asks.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

from drafting.model import GENERAL, Comment, Feedback
from drafting.ids import canonical_id
from drafting.sections import is_general
from drafting.text import clean, fold

THRESHOLD = 0.6
MIN_SHARED = 2

_SYLLABLE = re.compile(r"[\w\u0300-\u036f]+")

# Function words and meeting formulas that carry no point of their own
# (folded forms: tone mark after the syllable).
_STOPWORDS = {fold(w) for w in """
    đề nghị cần nên phải của và các những được trong theo có là cho với này đó
    việc về để thì mà khi đã sẽ đang một tại ở từ như cũng hoặc hay bị do vì
    ban soạn thảo dự nội dung mục điểm khoản ý kiến góp xem xét lại thêm
    chỉ thị văn bản đối từng mỗi rất hơn nữa
""".split()}


def group_comments(feedback: Feedback) -> list[list[Comment]]:
    """Every comment of `feedback` in exactly one group (singletons included),
    groups in order of their first comment, comments in feedback order."""
    comments = feedback.comments
    position = {id(c): i for i, c in enumerate(comments)}
    by_id = {c.id: c for c in comments}
    parent = list(range(len(comments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for i, comment in enumerate(comments):
        other = by_id.get(str(comment.same_as)) if comment.same_as is not None else None
        if other is not None:
            union(i, position[id(other)])

    tokens = [content_syllables(c.text) for c in comments]
    weight = _rarity_weights(tokens)
    totals = [sum(weight[t] for t in ts) for ts in tokens]
    for bucket in _buckets(comments):
        for a_pos, i in enumerate(bucket):
            for j in bucket[a_pos + 1:]:
                shared = tokens[i] & tokens[j]
                if len(shared) >= MIN_SHARED and root(i) != root(j) and \
                        sum(weight[t] for t in shared) >= THRESHOLD * min(totals[i], totals[j]):
                    union(i, j)

    groups: dict[int, list[Comment]] = {}
    for i, comment in enumerate(comments):
        groups.setdefault(root(i), []).append(comment)
    return list(groups.values())


def content_syllables(text: str) -> frozenset[str]:
    """The folded syllables of `text` that carry meaning."""
    return frozenset(t for t in (fold(s) for s in _SYLLABLE.findall(clean(text)))
                     if t not in _STOPWORDS and not t.isdigit())


def section_key(section: str | None) -> str:
    """A comparable form of a section ID: `I. 2. a` = `i.2.a`; None = general."""
    return GENERAL if is_general(section) else canonical_id(section)


def _rarity_weights(token_sets: list[frozenset[str]]) -> dict[str, float]:
    df = Counter(t for tokens in token_sets for t in tokens)
    n = len(token_sets)
    return {t: math.log(1 + n / count) for t, count in df.items()}


def _buckets(comments: Iterable[Comment]) -> list[list[int]]:
    """Indexes of comments that may be near-duplicates: same section, same decision."""
    buckets: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(comments):
        buckets.setdefault((section_key(c.section), c.decision.value), []).append(i)
    return list(buckets.values())
