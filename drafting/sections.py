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
    keys = {canonical_id(i): i for i in ids}
    import difflib  # only for error messages

    close = difflib.get_close_matches(canonical_id(wanted), list(keys), n=n, cutoff=0.4)
    return [keys[k] for k in close] or ids[:n]


def is_general(section_id: str | None) -> bool:
    return section_id is None or canonical_id(section_id) in ("", GENERAL, "chung")
