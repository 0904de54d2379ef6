"""Visible text of WordprocessingML paragraphs, in the accepted view.

This is the single definition of "the text of a paragraph" for the whole
toolkit: the reader, the edit locator and the revision engine all use
`text_pieces`, so offsets computed on the text map back onto the same nodes.
Deleted and moved-away text, field instructions, and the paragraphs of text
boxes (which belong to their own paragraphs) are not part of it.
"""
from __future__ import annotations

from typing import Iterator

from lxml import etree

from .ns import M_NS, MC_NS, w

W_P = w("p")
W_R = w("r")
W_T = w("t")
W_TAB = w("tab")
W_BR = w("br")
W_CR = w("cr")
W_NBH = w("noBreakHyphen")
W_FLDCHAR = w("fldChar")
W_INSTR = w("instrText")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_SDT = w("sdt")
W_SDTCONTENT = w("sdtContent")
W_CUSTOMXML = w("customXml")

# Subtrees whose text is not part of the paragraph's accepted text.
SKIPPED = {
    w("del"), w("moveFrom"), w("delText"), w("instrText"), w("delInstrText"),
    w("pPr"), w("rPr"), w("drawing"), w("pict"), w("object"), w("txbxContent"),
    w("footnoteReference"), w("endnoteReference"), w("commentReference"),
    # Of alternate content (Word 365's emoji as w16se:symEx, shapes), the text is
    # the fallback's, what every reader that does not know the choice shows.
    f"{{{MC_NS}}}Choice",
}
_PIECE_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH, W_FLDCHAR)


def ancestor_within(el, stop, tags):
    """The nearest ancestor of `el`, below `stop`, whose tag is in `tags`; else None."""
    for ancestor in el.iterancestors():
        if ancestor is stop:
            return None
        if ancestor.tag in tags:
            return ancestor
    return None


def is_hidden(el, paragraph) -> bool:
    """Whether `el` lies in a subtree whose text is not the paragraph's own
    (deleted, moved away, field instruction, properties, drawings, text boxes)."""
    return ancestor_within(el, paragraph, SKIPPED) is not None


_FLDCHAR_TYPE = w("fldCharType")
_BR_TYPE = w("type")


def field_step(in_instruction: list[bool], fld_char) -> bool:
    """Follow a complex field's `w:fldChar` (begin, separate, end) in the stack
    of open fields, each still in its instruction part or not; whether the text
    after it is an instruction, which shows nothing."""
    kind = fld_char.get(_FLDCHAR_TYPE)
    if kind == "begin":
        in_instruction.append(True)
    elif kind == "separate" and in_instruction:
        in_instruction[-1] = False
    elif kind == "end" and in_instruction:
        in_instruction.pop()
    return any(in_instruction)


def text_pieces(paragraph) -> list[tuple[object, str]]:
    """(node, text) for every node that contributes visible text, in order.

    A `w:br` is a line break inside the paragraph and reads as "\\n"; a tab as
    "\\t". Complex fields contribute their result, not their instruction.
    This runs on every paragraph of every document read: keep it lean.
    """
    pieces: list[tuple[object, str]] = []
    in_instruction: list[bool] = []     # per open field: still in its instruction part?
    hiding = False
    for el in paragraph.iter(_PIECE_TAGS):
        parent = el.getparent()
        # Most text sits in a run directly in the paragraph: skip the ancestor walk.
        if not (parent.getparent() is paragraph and parent.tag not in SKIPPED) and is_hidden(el, paragraph):
            continue
        tag = el.tag
        if tag == W_T:
            if el.text and not hiding:
                pieces.append((el, el.text))
        elif tag == W_FLDCHAR:
            hiding = field_step(in_instruction, el)
        elif hiding:
            continue
        elif tag == W_TAB:
            # `w:tab` inside `w:tabs` (paragraph properties) is skipped via pPr.
            pieces.append((el, "\t"))
        elif tag == W_NBH:
            pieces.append((el, "\u2011"))
        elif el.get(_BR_TYPE) in (None, "textWrapping"):      # w:br, w:cr
            pieces.append((el, "\n"))
    return pieces


def paragraph_text(paragraph) -> str:
    return "".join([t for _, t in text_pieces(paragraph)])


# Elements after which a paragraph's text is not simply all the text it holds.
_NOT_PLAIN = tuple(w(t) for t in ("del", "moveFrom", "drawing", "pict", "object", "fldChar", "instrText",
                                  "tab", "br", "cr", "noBreakHyphen")) + (
    f"{{{MC_NS}}}AlternateContent", f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara")
_ALL_TEXT = etree.XPath("string()")


def paragraph_texts(root, paragraphs: list) -> list[str]:
    """`paragraph_text` of each of `paragraphs` (all under `root`), fast: most
    paragraphs hold only runs of text, whose text XPath joins in C; only those
    holding anything in `_NOT_PLAIN` take the full walk. The tree must have
    been parsed without blank text between elements (as `open_package`
    parses), so that all a plain paragraph's text is its
    runs' text."""
    involved = set()
    for el in root.iter(_NOT_PLAIN):
        involved.update(el.iterancestors(W_P))
    return [paragraph_text(p) if p in involved else str(_ALL_TEXT(p)) for p in paragraphs]


def iter_block_paragraphs(container, in_table: bool = False) -> Iterator[tuple[object, bool, object]]:
    """(w:p, in_table, top-level block) for each paragraph of a body-like container
    (body, table cell, content control), in document order."""
    for block in container:
        for p, inside in _paragraphs_of(block, in_table):
            yield p, inside, block


def _paragraphs_of(block, in_table):
    tag = block.tag
    if tag == W_P:
        yield block, in_table
    elif tag == W_TBL:
        for row in _unwrap(block, W_TR):
            for cell in _unwrap(row, W_TC):
                for child in cell:
                    yield from _paragraphs_of(child, True)
    elif tag in (W_SDT, W_CUSTOMXML):
        for child in _content(block):
            yield from _paragraphs_of(child, in_table)


def _unwrap(children, want):
    """Elements with tag `want` among `children`, looking through content controls."""
    for child in children:
        if child.tag == want:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML):
            yield from _unwrap(_content(child), want)


def _content(el):
    if el.tag == W_SDT:
        content = el.find(W_SDTCONTENT)
        return list(content) if content is not None else []
    return list(el)
