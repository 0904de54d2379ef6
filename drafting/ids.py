"""Section IDs as text: the special IDs, the key IDs are compared by, and the
Vietnamese way of citing a section ("điểm a khoản 1 Mục II"), both ways."""
from __future__ import annotations

from .text import nfc

PREAMBLE = "preamble"
CLOSING = "closing"
GENERAL = "general"


def canonical_id(section_id: str) -> str:
    """The comparison key of a section ID: NFC, lower case, no spaces, no
    trailing dot, so that `i. 2. a` finds `I.2.a`."""
    return "".join(nfc(str(section_id)).split()).lower().rstrip(".)").replace(").", ".")


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
