"""Legacy text (TCVN3, VNI) in a document's parts converted to Unicode, in place.

Works on lxml part roots, so that any package layer can use it: the stories
(document, headers, footers, footnotes, endnotes, comments, with their tables
and text boxes), the styles, numbering and theme parts. A run is converted when
its font is a legacy one (`detect`); its text (also deleted text, so that
rejecting a tracked change gives Unicode too) becomes Unicode NFC, and once
anything was converted every legacy font named anywhere (runs, styles,
defaults, numbering, the theme) becomes Times New Roman; nothing else changes.
A run whose text already holds Vietnamese Unicode letters is left alone: it
was typed in Unicode with an old font left on it, and decoding it would garble it.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..oxml.ns import XML_NS, w
from .detect import A_NS, W_P, W_PSTYLE, W_RFONTS, W_VAL, FontResolver, legacy_font
from .report import LegacyReport

UNICODE_FONT = "Times New Roman"
W_R, W_T, W_DELTEXT, W_SOFTHYPHEN = w("r"), w("t"), w("delText"), w("softHyphen")
FONT_ATTRS = tuple(w(a) for a in ("ascii", "hAnsi", "eastAsia", "cs"))
XML_SPACE = f"{{{XML_NS}}}space"
# Letters no TCVN3 or VNI text holds as Word stores it: ă đ ĩ ũ ơ ư and the
# letters with tone marks (U+1EA0…), or a combining mark.
_UNICODE_VIETNAMESE = re.compile("[\u0102-\u01b0\u0300-\u0323\u1ea0-\u1ef9]")
def convert_legacy_parts(roots: dict[str, etree._Element], styles_root: etree._Element | None,
                         theme_root: etree._Element | None = None, numbering_root: etree._Element | None = None,
                         path: Path | None = None) -> LegacyReport:
    """Convert the legacy runs of the story parts `roots` (name → root), changed
    in place, and the legacy fonts of every part given; the counts by font."""
    resolver = FontResolver(styles_root, theme_root)
    report = LegacyReport(path=path)
    for root in roots.values():
        _convert_runs(root, resolver, report)
    if numbering_root is not None:
        _convert_numbering(numbering_root, resolver)
    if report.runs:
        for root in [*roots.values(), styles_root, numbering_root]:
            if root is not None:
                _replace_fonts(root)
        if theme_root is not None:
            for el in theme_root.iter(f"{{{A_NS}}}latin", f"{{{A_NS}}}ea", f"{{{A_NS}}}cs"):
                if legacy_font(el.get("typeface")):
                    el.set("typeface", UNICODE_FONT)
    return report


def _convert_runs(root: etree._Element, resolver: FontResolver, report: LegacyReport) -> None:
    styles: dict[etree._Element, tuple[str | None, str | None]] = {}
    counted: set[tuple[etree._Element | None, str]] = set()
    for run in root.iter(W_R):
        texts = [el for el in run if el.tag in (W_T, W_DELTEXT, W_SOFTHYPHEN)]
        if not texts:
            continue
        paragraph = next(run.iterancestors(W_P), None)
        if paragraph not in styles:
            styles[paragraph] = resolver.paragraph_styles(paragraph)
        font = legacy_font(resolver.font_of(run, *styles[paragraph]))
        if font is None or _UNICODE_VIETNAMESE.search("".join(el.text or "" for el in texts)):
            continue
        text_tag = W_DELTEXT if any(el.tag == W_DELTEXT for el in texts) else W_T
        for el in _merged_texts(run, text_tag, font.encoding == "TCVN3"):
            el.text = font.decode(el.text or "")
        key = (paragraph, font.name)
        report.add(font.name, font.encoding, key not in counted)
        counted.add(key)


def _merged_texts(run: etree._Element, tag: str, soft_hyphen_is_letter: bool) -> list[etree._Element]:
    """The run's text elements, neighbours joined into one (a VNI letter and its
    mark may sit in two). In TCVN3 the byte 0xAD is "ư", which Word and
    LibreOffice read as a soft hyphen (`w:softHyphen`): it becomes text again."""
    merged: list[etree._Element] = []
    previous = None
    for el in list(run):
        if el.tag == W_SOFTHYPHEN and soft_hyphen_is_letter:
            el.tag, el.text = tag, "\u00ad"
        if el.tag != tag:
            previous = None
            continue
        if previous is not None:
            previous.text = (previous.text or "") + (el.text or "")
            previous.set(XML_SPACE, "preserve")
            run.remove(el)
            continue
        previous = el
        merged.append(el)
    return merged


def _convert_numbering(root: etree._Element, resolver: FontResolver) -> None:
    """The numbering levels' text ("§iÒu %1." is "Điều %1.") in their legacy font."""
    for lvl in root.iter(w("lvl")):
        text = lvl.find(w("lvlText"))
        if text is None or not text.get(W_VAL):
            continue
        pstyle = lvl.find(W_PSTYLE)
        font = legacy_font(resolver.font_of(lvl, pstyle.get(W_VAL) if pstyle is not None else None, None))
        if font is not None and not _UNICODE_VIETNAMESE.search(text.get(W_VAL)):
            text.set(W_VAL, font.decode(text.get(W_VAL)))


def _replace_fonts(root: etree._Element) -> None:
    for rfonts in root.iter(W_RFONTS):
        for attr in FONT_ATTRS:
            if legacy_font(rfonts.get(attr)):
                rfonts.set(attr, UNICODE_FONT)
