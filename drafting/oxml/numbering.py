"""Labels rendered by Word's automatic numbering (`w:numPr` + numbering.xml).

Word shows these labels although they are not in the text, so a section opened
by an auto-numbered "II." must get the same ID as a typed one. We compute the
labels as Word does: counters per abstract numbering (shared by the `w:num`s
that point to it), `w:startOverride` restarting a list, deeper levels reset when
a shallower one advances (or as `w:lvlRestart` says), `%n` placeholders of
`w:lvlText`, `w:isLgl`, and numbering linked to paragraph styles.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..labels import to_roman
from .ns import w



@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None   # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


def _int(el, default=None):
    if el is None:
        return default
    try:
        return int(el.get(w("val")))
    except (TypeError, ValueError):
        return default


def _level(lvl) -> Level:
    fmt = lvl.find(w("numFmt"))
    text = lvl.find(w("lvlText"))
    return Level(
        fmt=fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
        text=text.get(w("val"), "") if text is not None else "",
        start=_int(lvl.find(w("start")), 1),
        restart=_int(lvl.find(w("lvlRestart"))),
        legal=lvl.find(w("isLgl")) is not None and lvl.find(w("isLgl")).get(w("val"), "true") not in ("0", "false"),
    )


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return to_roman(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


_NUMPR, _NUMID, _ILVL, _VAL = w("numPr"), w("numId"), w("ilvl"), w("val")


class Numbering:
    """Computes the label of each numbered paragraph, fed in document order."""

    def __init__(self, numbering_root, styles_root):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_style_link: dict[str, str] = {}   # abstractNum → style it takes its definition from
        self.nums: dict[str, _Num] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_based_on: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started_nums: set[str] = set()
        if numbering_root is not None:
            self._read_numbering(numbering_root)
        if styles_root is not None:
            self._read_styles(styles_root)

    def _read_numbering(self, root) -> None:
        for an in root.iter(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            self.abstracts[aid] = {int(l.get(w("ilvl"), 0)): _level(l) for l in an.findall(w("lvl"))}
            link = an.find(w("numStyleLink"))
            if link is not None:
                self.abstract_style_link[aid] = link.get(w("val"))
        for num in root.iter(w("num")):
            nid = num.get(w("numId"))
            ref = num.find(w("abstractNumId"))
            if ref is None:
                continue
            entry = _Num(ref.get(w("val")))
            for ov in num.findall(w("lvlOverride")):
                ilvl = int(ov.get(w("ilvl"), 0))
                start = ov.find(w("startOverride"))
                if start is not None:
                    entry.starts[ilvl] = _int(start, 1)
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    entry.overrides[ilvl] = _level(lvl)
            self.nums[nid] = entry

    def _read_styles(self, root) -> None:
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            based = style.find(w("basedOn"))
            if based is not None:
                self.style_based_on[sid] = based.get(w("val"))
            numpr = style.find(f"{w('pPr')}/{w('numPr')}")
            if numpr is not None:
                num_id = numpr.find(w("numId"))
                ilvl = numpr.find(w("ilvl"))
                self.style_numpr[sid] = (num_id.get(w("val")) if num_id is not None else None, _int(ilvl))

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_numpr:
                return self.style_numpr[style_id]
            style_id = self.style_based_on.get(style_id)
        return None, None

    def _levels(self, abstract_id: str) -> dict[int, Level]:
        levels = self.abstracts.get(abstract_id, {})
        if not levels and abstract_id in self.abstract_style_link:
            num_id, _ = self._style_num(self.abstract_style_link[abstract_id])
            if num_id in self.nums and self.nums[num_id].abstract != abstract_id:
                return self._levels(self.nums[num_id].abstract)
        return levels

    def label_for(self, numpr, style_id: str | None) -> tuple[str, bool] | None:
        """(label, is_bullet) for a paragraph with numbering properties `numpr`
        (its `w:pPr/w:numPr`, or None) and style, advancing the counters; None
        when the paragraph is not numbered."""
        num_id, ilvl = None, None
        if numpr is not None:
            nid = numpr.find(_NUMID)
            num_id = nid.get(_VAL) if nid is not None else None
            ilvl = _int(numpr.find(_ILVL))
        elif not self.style_numpr:          # no numbering anywhere but in paragraphs: the common case
            return None
        if num_id is None:
            s_num, s_lvl = self._style_num(style_id)
            num_id = s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = ilvl or 0
        num = self.nums[num_id]
        levels = dict(self._levels(num.abstract))
        levels.update(num.overrides)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self.started_nums:
            self.started_nums.add(num_id)
            for lvl_index, start in num.starts.items():
                counters[lvl_index] = start - 1
                for deeper in [k for k in counters if k > lvl_index]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart != 0 and (restart is None or restart - 1 >= ilvl):
                del counters[deeper]
        if level.fmt == "bullet":
            return level.text, True
        text = level.text
        for k in range(9):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                lv = levels.get(k, Level())
                n = counters.get(k, lv.start)
                fmt = "decimal" if (level.legal and k != ilvl) else lv.fmt
                text = text.replace(placeholder, format_number(n, fmt))
        return text, False
