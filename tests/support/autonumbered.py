"""A LibreOffice-made version of a draft whose labels come from Word numbering.

The draft's sections become ODF lists (level 1 `I.`, 2 `1.`, 3 `a)`) written as
flat ODF, which LibreOffice converts to .docx: the labels are then in
numbering.xml and `w:numPr`, not in the text.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from drafting.model import CLOSING, PREAMBLE
from drafting.reader import read_draft

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
LIST_STYLE = ('<text:list-style style:name="L1">'
              '<text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."/>'
              '<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."/>'
              '<text:list-level-style-number text:level="3" style:num-format="a" style:num-suffix=")"/>'
              '</text:list-style>')


def _text(paragraph) -> str:
    text = paragraph.text
    if paragraph.label and text.startswith(paragraph.label):
        text = text[len(paragraph.label):].lstrip()
    return escape(text)


def _lists(sections, out: list[str], top: bool) -> None:
    out.append('<text:list text:style-name="L1">' if top else "<text:list>")
    for section in sections:
        out.append("<text:list-item>")
        out.extend(f"<text:p>{_text(p)}</text:p>" for p in section.paragraphs)
        if section.children:
            _lists(section.children, out, top=False)
        out.append("</text:list-item>")
    out.append("</text:list>")


def autonumbered_copy(draft_path: Path, out_dir: Path) -> Path:
    draft = read_draft(draft_path)
    out = [f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.text">',
           f"<office:automatic-styles>{LIST_STYLE}</office:automatic-styles><office:body><office:text>"]
    out.extend(f"<text:p>{escape(p.text)}</text:p>" for p in draft.find(PREAMBLE).paragraphs)
    _lists([s for s in draft.sections if s.kind not in (PREAMBLE, CLOSING)], out, top=True)
    out.extend(f"<text:p>{escape(p.text)}</text:p>" for p in draft.find(CLOSING).paragraphs)
    out.append("</office:text></office:body></office:document>")
    source = out_dir / f"{draft_path.stem}-auto.fodt"
    source.write_text("".join(out), encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out_dir / 'lo-profile'}",
                    "--convert-to", "docx", "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / f"{draft_path.stem}-auto.docx"
