"""Word's comment threads in a python-docx document: python-docx 1.2 writes
comments (`add_comment`) but not their threads, so a reply is a comment made
by python-docx over the same runs, and the thread is `word/commentsExtended.xml`
written as Word writes it (each comment's last paragraph carries a w14:paraId;
a reply's w15:commentEx names its parent's; a resolved thread has w15:done="1")."""
from __future__ import annotations

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
EXTENDED_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def para_id(comment) -> str:
    """The w14:paraId of a python-docx comment's last paragraph, set from its id when absent."""
    p = comment.paragraphs[-1]._p
    if p.get(f"{{{W14}}}paraId") is None:
        p.set(f"{{{W14}}}paraId", f"{int(comment.comment_id) + 0x100:08X}")
    return p.get(f"{{{W14}}}paraId")


def write_threads(document, threads: list[tuple[object, object | None, bool]]) -> None:
    """`threads`: (comment, the comment it replies to or None, resolved) for each comment."""
    root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
    for comment, parent, done in threads:
        attrs = {f"{{{W15}}}paraId": para_id(comment)}
        if parent is not None:
            attrs[f"{{{W15}}}paraIdParent"] = para_id(parent)
        attrs[f"{{{W15}}}done"] = "1" if done else "0"
        etree.SubElement(root, f"{{{W15}}}commentEx", attrs)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/commentsExtended.xml"), EXTENDED_TYPE, blob, document.part.package)
    document.part.relate_to(part, EXTENDED_REL)
