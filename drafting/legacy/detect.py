"""Which runs hold legacy text: the font a run is drawn in, resolved as Word
does (direct formatting, then the character style, the paragraph style, the
table style, the document defaults, each style with its `basedOn` chain; a
theme font through the theme part).

The characters that differ between TCVN3/VNI and Unicode are not ASCII, and
Word draws those in the `w:hAnsi` font; a run that names no hAnsi font anywhere
falls back to its `w:ascii` one.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..oxml.ns import A_NS, w
from . import tcvn3, vni

W_RPR, W_RFONTS, W_PPR, W_PSTYLE, W_RSTYLE, W_VAL = w("rPr"), w("rFonts"), w("pPr"), w("pStyle"), w("rStyle"), w("val")
W_P, W_TBL, W_TBLPR, W_TBLSTYLE, W_STYLE = w("p"), w("tbl"), w("tblPr"), w("tblStyle"), w("style")
SLOTS = ("hAnsi", "ascii")
# The theme attribute of each slot (`w:cstheme` is spelt so in ECMA-376).
THEME_ATTRS = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}


@dataclass(frozen=True)
class LegacyFont:
    """A legacy font and how its text reads."""
    name: str
    encoding: str          # "TCVN3" or "VNI"
    capitals: bool         # a TCVN3 capitals font (`.VnTimeH`)

    def decode(self, text: str) -> str:
        return tcvn3.decode(text, self.capitals) if self.encoding == "TCVN3" else vni.decode(text)


def legacy_font(name: str | None) -> LegacyFont | None:
    """The legacy font `name` is, or None for any other font."""
    if not name:
        return None
    if tcvn3.is_font(name):
        return LegacyFont(name.strip(), "TCVN3", tcvn3.is_capitals_font(name))
    if vni.is_font(name):
        return LegacyFont(name.strip(), "VNI", False)
    return None


def theme_fonts(theme_root: etree._Element | None) -> dict[str, str]:
    """The theme's fonts by the names `w:rFonts` uses for them (`minorHAnsi` …)."""
    fonts: dict[str, str] = {}
    if theme_root is None:
        return fonts
    for scheme in ("major", "minor"):
        el = theme_root.find(f".//{{{A_NS}}}{scheme}Font")
        if el is None:
            continue
        for script, names in (("latin", ("Ascii", "HAnsi")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            face = el.find(f"{{{A_NS}}}{script}")
            if face is not None and face.get("typeface"):
                for name in names:
                    fonts[scheme + name] = face.get("typeface")
    return fonts


class FontResolver:
    """The font each run is drawn in, from the styles and theme parts (read once)."""

    def __init__(self, styles_root: etree._Element | None, theme_root: etree._Element | None):
        self.theme = theme_fonts(theme_root)
        self.styles: dict[str, etree._Element] = {}
        self.default_paragraph_style: str | None = None
        self.defaults: dict[str, str] = {}
        if styles_root is not None:
            for style in styles_root.iter(W_STYLE):
                sid = style.get(w("styleId"))
                if sid is not None:
                    self.styles.setdefault(sid, style)
                    if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                        self.default_paragraph_style = sid
            default = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{W_RPR}")
            self.defaults = self.fonts_of(default)
        self._style_cache: dict[str | None, dict[str, str]] = {}
        self._base_cache: dict[tuple, dict[str, str]] = {}

    def fonts_of(self, rpr: etree._Element | None) -> dict[str, str]:
        """The fonts an `w:rPr` sets itself, by slot (a theme font named by its typeface)."""
        rfonts = rpr.find(W_RFONTS) if rpr is not None else None
        if rfonts is None:
            return {}
        fonts = {}
        for slot in SLOTS:
            theme = rfonts.get(w(THEME_ATTRS[slot]))
            value = self.theme.get(theme) if theme else None
            value = value or rfonts.get(w(slot))
            if value:
                fonts[slot] = value
        return fonts

    def style_fonts(self, style_id: str | None) -> dict[str, str]:
        """The fonts a style gives its runs, with those of the styles it is based on."""
        if style_id not in self._style_cache:
            chain, seen, sid = [], set(), style_id
            while sid is not None and sid in self.styles and sid not in seen:
                seen.add(sid)
                style = self.styles[sid]
                chain.append(self.fonts_of(style.find(W_RPR)))
                based = style.find(w("basedOn"))
                sid = based.get(W_VAL) if based is not None else None
            fonts: dict[str, str] = {}
            for layer in reversed(chain):
                fonts.update(layer)
            self._style_cache[style_id] = fonts
        return self._style_cache[style_id]

    def font_of(self, run: etree._Element, paragraph_style: str | None, table_style: str | None) -> str | None:
        """The font the run's non-ASCII letters are drawn in (None when nothing names one)."""
        rpr = run.find(W_RPR)
        rstyle = rpr.find(W_RSTYLE) if rpr is not None else None
        key = (table_style, paragraph_style, rstyle.get(W_VAL) if rstyle is not None else None)
        if key not in self._base_cache:
            fonts = dict(self.defaults)
            for sid in (table_style, paragraph_style or self.default_paragraph_style, key[2]):
                if sid is not None:
                    fonts.update(self.style_fonts(sid))
            self._base_cache[key] = fonts
        fonts = {**self._base_cache[key], **self.fonts_of(rpr)}
        return fonts.get("hAnsi") or fonts.get("ascii")

    def paragraph_styles(self, paragraph: etree._Element | None) -> tuple[str | None, str | None]:
        """The paragraph's own style and that of the table it sits in."""
        if paragraph is None:
            return None, None
        pstyle = paragraph.find(f"{W_PPR}/{W_PSTYLE}")
        table = next(paragraph.iterancestors(W_TBL), None)
        tstyle = table.find(f"{W_TBLPR}/{W_TBLSTYLE}") if table is not None else None
        return (pstyle.get(W_VAL) if pstyle is not None else None), (tstyle.get(W_VAL) if tstyle is not None else None)
