"""Small builders of real .docx files for tests (python-docx, plus raw XML where
python-docx has no API, such as numbering definitions)."""
from __future__ import annotations

from pathlib import Path

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(path: Path, paragraphs: list[str], *, style: str | None = None) -> Path:
    """A .docx with one paragraph per string."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(path)
    return path


def set_numbering(document, abstract_levels: dict[str, list[tuple[str, str, int]]],
                  nums: dict[str, tuple[str, dict[int, int]]]) -> None:
    """Replace the numbering definitions: `abstract_levels` maps an abstractNumId
    to its levels (numFmt, lvlText, start); `nums` maps a numId to
    (abstractNumId, {ilvl: startOverride})."""
    part = document.part.numbering_part
    root = part.element
    for child in list(root):
        root.remove(child)
    for aid, levels in abstract_levels.items():
        an = etree.SubElement(root, f"{{{W}}}abstractNum", {f"{{{W}}}abstractNumId": aid})
        for ilvl, (fmt, text, start) in enumerate(levels):
            lvl = etree.SubElement(an, f"{{{W}}}lvl", {f"{{{W}}}ilvl": str(ilvl)})
            etree.SubElement(lvl, f"{{{W}}}start", {f"{{{W}}}val": str(start)})
            etree.SubElement(lvl, f"{{{W}}}numFmt", {f"{{{W}}}val": fmt})
            etree.SubElement(lvl, f"{{{W}}}lvlText", {f"{{{W}}}val": text})
    for nid, (aid, starts) in nums.items():
        num = etree.SubElement(root, f"{{{W}}}num", {f"{{{W}}}numId": nid})
        etree.SubElement(num, f"{{{W}}}abstractNumId", {f"{{{W}}}val": aid})
        for ilvl, start in starts.items():
            ov = etree.SubElement(num, f"{{{W}}}lvlOverride", {f"{{{W}}}ilvl": str(ilvl)})
            etree.SubElement(ov, f"{{{W}}}startOverride", {f"{{{W}}}val": str(start)})


def numbered(document, text: str, num_id: str, ilvl: int = 0):
    """Add a paragraph numbered by Word (w:numPr), its label not in the text."""
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    numpr = etree.SubElement(ppr, f"{{{W}}}numPr")
    etree.SubElement(numpr, f"{{{W}}}ilvl", {f"{{{W}}}val": str(ilvl)})
    etree.SubElement(numpr, f"{{{W}}}numId", {f"{{{W}}}val": num_id})
    return paragraph
