"""Section IDs: building them from labels, and matching what users type.

ID = the dotted path of label values (`I.2.a`). `Điều N` is numbered
document-wide, so its path restarts at it (`Điều 5.2.a`); other keyword labels
keep their keyword (`Chương II`). Users may type IDs spaced or in lower case
(`i. 2. a`), and get the nearest valid IDs when they mistype one.
"""
from __future__ import annotations

from .labels import Label
from .ids import CLOSING, GENERAL, PREAMBLE, canonical_id
from .model import Section


def label_part(label: Label) -> str:
    if label.kind in ("phần", "chương", "mục", "điều"):
        return f"{label.kind.capitalize()} {label.value}"
    return label.value


def section_id(label: Label, parent: Section | None) -> str:
    part = label_part(label)
    if label.kind == "điều" or parent is None or parent.kind in (PREAMBLE, CLOSING):
        return part
    if label.kind == "arabic" and parent.kind == "arabic" and label.value.startswith(parent.value + "."):
        part = label.value[len(parent.value) + 1:]
    return f"{parent.id}.{part}"


def nearest_ids(wanted: str, ids: list[str], n: int = 3) -> list[str]:
    """The IDs of `ids` closest to a mistyped `wanted`, for the message."""
    return NearestIds(ids).nearest(wanted, n)


class NearestIds:
    """The nearest-ID search over one draft's IDs, built once for all the
    comments of a feedback: difflib's similarity decides, among the IDs a typo
    most likely meant (the typed ID's parent and siblings, the IDs ending the same way,
    the top-level ones), so that thousands of comments naming unknown sections
    report in seconds (difflib over every ID for every comment took minutes)."""

    SHORTLIST = 30

    def __init__(self, ids: list[str]):
        self.ids = ids
        self.keys = {canonical_id(i): i for i in ids}
        self.siblings: dict[str, list[str]] = {}
        self.endings: dict[str, list[str]] = {}
        for k in self.keys:
            parent, _, last = k.rpartition(".")
            self.siblings.setdefault(parent, []).append(k)
            self.endings.setdefault(last, []).append(k)
        self.found: dict[tuple[str, int], list[str]] = {}

    def nearest(self, wanted: str, n: int = 3) -> list[str]:
        key = canonical_id(wanted)
        if (key, n) not in self.found:
            self.found[key, n] = [self.keys[k] for k in self._close(key, n)] or self.ids[:n]
        return self.found[key, n]

    def _close(self, key: str, n: int) -> list[str]:
        import difflib  # only for error messages
        import heapq

        parent, _, last = key.rpartition(".")
        shortlist = list(dict.fromkeys([*([parent] if parent in self.keys else []), *self.siblings.get(parent, ()),
                                        *self.endings.get(last, ()), *self.siblings.get("", ())]))
        if len(shortlist) > self.SHORTLIST:
            chars = set(key)
            shortlist = heapq.nlargest(self.SHORTLIST, shortlist,
                                       key=lambda k: (len(chars.intersection(k)), -abs(len(k) - len(key))))
        return difflib.get_close_matches(key, shortlist, n=n, cutoff=0.4)


def is_general(section_id: str | None) -> bool:
    return section_id is None or canonical_id(section_id) in ("", GENERAL, "chung")
