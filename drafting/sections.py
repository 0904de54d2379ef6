"""Section IDs: building them from labels, and matching what users type.

ID = the dotted path of label values (`I.2.a`). `Điều N` is numbered
document-wide, so its path restarts at it (`Điều 5.2.a`); other keyword labels
keep their keyword (`Chương II`). Users may type IDs spaced or in lower case
(`i. 2. a`), and get the nearest valid IDs when they mistype one.
"""
from __future__ import annotations

from .labels import Label
from .model import CLOSING, GENERAL, PREAMBLE, Section
from .text import nfc


def canonical_id(section_id: str) -> str:
    """The comparison key of an ID: NFC, lower case, no spaces, no trailing dot
    (string methods, not regexes: every ID of a draft is keyed once)."""
    return "".join(nfc(str(section_id)).split()).lower().rstrip(".)").replace(").", ".")


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


# --- references the Vietnamese way ("điểm a khoản 1 Mục II") ----------------------

_KEYWORDS = ("phần", "chương", "mục", "điều")
_UNITS = {"vi": {"letter": "điểm", "arabic": "khoản", "roman": "Mục",
                 PREAMBLE: "Phần mở đầu", CLOSING: "Phần kết thúc"},
          "en": {"letter": "point", "arabic": "clause", "roman": "Section", "điều": "Article",
                 "chương": "Chapter", "phần": "Part", "mục": "Section", PREAMBLE: "Preamble", CLOSING: "Closing"}}


def _id_parts(section_id: str) -> list[tuple[str, str]]:
    """(kind, value) of each part of an ID, outermost first: `Điều 5.2.a` →
    [("điều", "5"), ("arabic", "2"), ("letter", "a")]; consecutive Arabic
    parts are one (`I.1.2` → ("arabic", "1.2"))."""
    parts: list[tuple[str, str]] = []
    for part in section_id.split("."):
        words = part.split()
        if len(words) == 2 and words[0].lower() in _KEYWORDS:
            parts.append((words[0].lower(), words[1]))
        elif part.isdigit() and parts and parts[-1][0] == "arabic":
            parts[-1] = ("arabic", f"{parts[-1][1]}.{part}")
        elif part.isdigit():
            parts.append(("arabic", part))
        elif part.isupper():
            parts.append(("roman", part))
        else:
            parts.append(("letter", part))
    return parts


def reference(section_id: str, lang: str = "vi") -> str:
    """How the office cites a section: innermost unit first, as in
    "điểm a khoản 1 Mục II", "khoản 2 Điều 5", "Phần mở đầu" (English:
    "point a, clause 1, Section II")."""
    units = _UNITS.get(lang, _UNITS["vi"])
    if section_id in (PREAMBLE, CLOSING):
        return units[section_id]
    words = []
    for kind, value in reversed(_id_parts(section_id)):
        unit = units.get(kind) or kind.capitalize()
        words.append(f"{unit} {value}")
    return (", " if lang == "en" else " ").join(words)


def reference_id(text: str) -> str | None:
    """The ID a Vietnamese reference names ("điểm a khoản 1 Mục II" → `II.1.a`,
    "Mục II.1.đ" → `II.1.đ`, "khoản 2 Điều 5" → `Điều 5.2`, "Phần mở đầu" →
    `preamble`); None when `text` is not such a reference."""
    words = nfc(text).replace(",", " ").split()
    lowered = [w.lower() for w in words]
    if lowered in (["phần", "mở", "đầu"], ["preamble"]):
        return PREAMBLE
    if lowered in (["phần", "kết", "thúc"], ["closing"]):
        return CLOSING
    units = {"điểm": "letter", "point": "letter", "khoản": "arabic", "clause": "arabic", "mục": "mục",
             "section": "mục", "điều": "điều", "chương": "chương", "phần": "phần"}
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        unit = units.get(lowered[i])
        if unit is None or i + 1 >= len(words):
            if lowered[i] in ("của", "tại", "of"):      # "điểm a của khoản 1"
                i += 1
                continue
            return None
        found.append((unit, words[i + 1].rstrip(".")))
        i += 2
    if not found:
        return None
    path = []
    for unit, value in reversed(found):               # outermost first
        if unit == "mục" and value.split(".")[0].isupper() and not value.split(".")[0].isdigit():
            path.append(value)                         # "Mục II" in a Chỉ thị: the Roman part
        elif unit in ("mục", "điều", "chương", "phần"):
            head, _, rest = value.partition(".")
            path.append(f"{unit.capitalize()} {head}" + (f".{rest}" if rest else ""))
        else:
            path.append(value)
    return ".".join(path)
