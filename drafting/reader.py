"""docx → Draft: paragraphs in the accepted view and the section tree.

Reads the body XML with lxml, texts joined in C (`paragraph_texts`). Labels count whether typed or rendered by
Word's numbering. The header before the first section is `preamble`; from the
block that holds "Nơi nhận" or the signature (`TM.`, `KT.` …) on, `closing`.
"""
from __future__ import annotations

import re
from pathlib import Path

from .labels import Label, is_bullet, parse_label
from .model import CLOSING, PREAMBLE, Draft, Paragraph, Section
from .oxml.numbering import Numbering
from .oxml.ns import MC_NS, w
from .oxml.text import iter_block_paragraphs, paragraph_texts
from .package import Docx, Source, open_package
from .sections import section_id
from .text import nfc, squash_spaces

_CLOSING_START = re.compile(r"^\s*(nơi nhận\s*:|(tm|kt|tl|tuq|q)\.\s+[A-ZĐÀ-Ỹ ]{3,})", re.IGNORECASE)
W_BODY, W_PPR, W_PSTYLE, W_NUMPR, W_VAL = w("body"), w("pPr"), w("pStyle"), w("numPr"), w("val")
_BULLET_CHARS = set("-+•–—·▪●○◦\uf0b7\uf0a7\uf0d8\uf076\uf0fc")


def read_draft(source: Source) -> Draft:
    """Read a .docx (a path, bytes or python-docx Document) into a Draft, for
    reading only: its runs are not checked for the revision engine."""
    document = open_package(source, read_only=True)
    return draft_from_document(document, document.path)


def open_draft(source: Source, path: Path | None = None) -> Draft:
    """Read a .docx into a Draft whose `document` (a `Docx`) can be changed and
    written: for revising. `path` names it in messages (default: its own)."""
    document = open_package(source)
    return draft_from_document(document, path or document.path)


def draft_from_document(document: Docx, path: Path | None = None) -> Draft:
    return _build(document.element, *document.numbering_roots(), document, path)


def _build(document_root, numbering_root, styles_root, document, path: Path | None) -> Draft:
    numbering = Numbering(numbering_root, styles_root)
    body = document_root.find(W_BODY)
    blocks = list(iter_block_paragraphs(body))
    texts = paragraph_texts(body, [p for p, _, _ in blocks])
    if not any(t.strip() for t in texts):
        blocks = _text_box_blocks(body) or blocks
        texts = paragraph_texts(body, [p for p, _, _ in blocks])
    rows = [(p, in_table, block, nfc(text)) for (p, in_table, block), text in zip(blocks, texts)]
    closing_block = next((block for _, _, block, text in rows if _CLOSING_START.match(text)), None)

    draft = Draft(path=path, document=document)
    preamble = Section(PREAMBLE, "", 0, PREAMBLE, PREAMBLE)
    closing = Section(CLOSING, "", 0, CLOSING, CLOSING)
    draft.sections.append(preamble)
    stack: list[tuple[int, Section]] = []       # (rank, section) of the open sections
    ids: set[str] = set()
    current = preamble
    # Each paragraph's properties and style, collected in two passes of libxml2
    # rather than two searches per paragraph.
    pprs = {el.getparent(): el for el in body.iter(W_PPR)}
    styles = {el.getparent(): el.get(W_VAL) for el in body.iter(W_PSTYLE)}
    numprs = {el.getparent(): el for el in body.iter(W_NUMPR)}

    for index, (p, in_table, block, text) in enumerate(rows):
        ppr = pprs.get(p)
        style = styles.get(ppr)
        para = Paragraph(index=index, text=text, element=p, in_table=in_table, style=style)
        label = _label(para, numbering.label_for(numprs.get(ppr), style))
        if block is closing_block:
            current = closing
        if current is not closing and label is not None and not in_table:
            para.label = label.text
            while stack and stack[-1][0] >= label.rank:
                stack.pop()
            parent = stack[-1][1] if stack else None
            sid = _unique(section_id(label, parent), ids)
            current = Section(sid, label.text, len(stack), label.kind, label.value, parent=parent)
            (parent.children if parent else draft.sections).append(current)
            stack.append((label.rank, current))
        current.paragraphs.append(para)
        para.section = current
        draft.paragraphs.append(para)

    if closing.paragraphs:
        draft.sections.append(closing)
    draft.title = _title(preamble)
    return draft


_TXBX = w("txbxContent")
_FALLBACK = f"{{{MC_NS}}}Fallback"


def _text_box_blocks(body) -> list:
    """The paragraphs of the text boxes and shapes of a body that has no words
    of its own (a flyer, a form laid out in text boxes): the document's text is
    there. Word writes each text box twice (DrawingML, and a VML copy in
    mc:Fallback); the fallback copies and text boxes inside text boxes are
    left out, so each paragraph is read once."""
    boxes = [box for box in body.iter(_TXBX)
             if next(box.iterancestors(_FALLBACK, _TXBX), None) is None]
    return [block for box in boxes for block in iter_block_paragraphs(box)]


def _label(para: Paragraph, numbered: tuple[str, bool] | None) -> Label | None:
    """The paragraph's structural label; marks bullets and auto-numbered labels."""
    if numbered is None:
        if is_bullet(para.text):
            para.bullet = True
            return None
        return parse_label(para.text)
    rendered, bullet = numbered
    if bullet or (rendered.strip()[:1] in _BULLET_CHARS and rendered.strip()):
        para.bullet = True
        return None
    label = parse_label(rendered + " ")
    para.auto_label = label is not None
    return label


def _unique(sid: str, ids: set[str]) -> str:
    """Disambiguate a repeated ID (two lists both starting at 1) as `1~2`."""
    candidate, n = sid, 1
    while candidate in ids:
        n += 1
        candidate = f"{sid}~{n}"
    ids.add(candidate)
    return candidate


def _title(preamble: Section) -> str | None:
    """The subject line ("Về việc …"), else the first non-empty heading-like line."""
    for p in preamble.paragraphs:
        if p.text.strip().lower().startswith("về việc"):
            return squash_spaces(p.text)
    return None
