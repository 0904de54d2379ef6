"""Accept-all / reject-all of tracked changes, and removal of review comments.

Both transforms work in place on any WordprocessingML element (a document's
root or body, a header, a cell) and follow the reading of Word and the
ECMA-376 text: a deleted (accept) or inserted (reject) paragraph mark joins
its paragraph's content to the following paragraph, which keeps its own
properties; a tracked row disappears with its row; a formatting change is kept
(accept) or rolled back to its recorded old properties (reject).
"""
from __future__ import annotations

from .ns import w
from .text import W_P, W_TBL, W_TR

W_INS, W_DEL = w("ins"), w("del")
W_MOVE_FROM, W_MOVE_TO = w("moveFrom"), w("moveTo")
W_CELL_INS, W_CELL_DEL = w("cellIns"), w("cellDel")
W_PPR, W_RPR, W_TRPR = w("pPr"), w("rPr"), w("trPr")
W_R = w("r")

_TEXT_BACK = {w("delText"): w("t"), w("delInstrText"): w("instrText")}
_RANGE_MARKERS = frozenset(w(t) for t in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
))
# Property changes: <X><current…/><XChange><X>old…</X></XChange></X>. On reject
# the old properties replace the current ones, except children the change
# element never records (they stay, before or after the restored ones).
_PROPERTY_CHANGES = {
    w("rPrChange"): ((), ()),
    w("pPrChange"): ((), (w("rPr"), w("sectPr"))),
    w("sectPrChange"): ((w("headerReference"), w("footerReference")), ()),
    w("tblPrChange"): ((), ()),
    w("trPrChange"): ((), ()),
    w("tcPrChange"): ((), ()),
    w("tblGridChange"): ((), ()),
    w("tblPrExChange"): ((), ()),
}
W_NUMBERING_CHANGE = w("numberingChange")
_COMMENT_MARKS = (w("commentRangeStart"), w("commentRangeEnd"))
W_COMMENT_REF = w("commentReference")
# What accepting and removing comments touch: a part without any is left as it is.
REVIEW_MARKS = (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO, W_CELL_INS, W_CELL_DEL, *_RANGE_MARKERS,
                *_PROPERTY_CHANGES, W_NUMBERING_CHANGE, *_COMMENT_MARKS, W_COMMENT_REF)


def accept_all(root) -> None:
    """Accept every tracked change under `root`, in place."""
    _resolve(root, kept=(W_INS, W_MOVE_TO), dropped=(W_DEL, W_MOVE_FROM),
             cell_kept=W_CELL_INS, cell_dropped=W_CELL_DEL)
    for change in list(root.iter(*_PROPERTY_CHANGES, W_NUMBERING_CHANGE)):
        change.getparent().remove(change)


def reject_all(root) -> None:
    """Reject every tracked change under `root`, in place."""
    _resolve(root, kept=(W_DEL, W_MOVE_FROM), dropped=(W_INS, W_MOVE_TO),
             cell_kept=W_CELL_DEL, cell_dropped=W_CELL_INS)
    for change in list(root.iter(*_PROPERTY_CHANGES)):
        _restore(change)
    # A numbering change records only the old rendered label text; the
    # numbering itself is unchanged, so there is nothing to restore.
    for change in list(root.iter(W_NUMBERING_CHANGE)):
        change.getparent().remove(change)


def _resolve(root, kept, dropped, cell_kept, cell_dropped) -> None:
    merges: list = []
    for el in list(root.iter(*dropped, *kept, cell_kept, cell_dropped)):
        parent = el.getparent()
        if parent is None or not _attached(el, root):
            continue  # inside content already removed
        if el.tag in (cell_kept, cell_dropped):
            if el.tag == cell_dropped:
                _remove(parent.getparent())  # tcPr -> tc
            else:
                parent.remove(el)
        elif parent.tag == W_RPR and parent.getparent() is not None and parent.getparent().tag == W_PPR:
            if el.tag in dropped:
                merges.append(parent.getparent().getparent())
            parent.remove(el)
        elif parent.tag == W_TRPR:
            if el.tag in dropped:
                _remove(parent.getparent())
            else:
                parent.remove(el)
        elif parent.tag == W_RPR:
            parent.remove(el)  # a stray marker in run properties carries no content
        elif el.tag in dropped:
            parent.remove(el)
        else:
            _unwrap(el)
    for el in list(root.iter(*_RANGE_MARKERS)):
        el.getparent().remove(el)
    for p in merges:
        _merge_into_next(p)


def _attached(el, root) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is root:
            return True
        parent = parent.getparent()
    return False


def _remove(el) -> None:
    """Remove a row or cell; a table left without rows goes too."""
    parent = el.getparent()
    if parent is None:
        return
    parent.remove(el)
    if el.tag == W_TR and parent.tag == W_TBL and parent.find(W_TR) is None:
        parent.getparent().remove(parent)


def _unwrap(el) -> None:
    """Replace a revision wrapper by its content (deleted text reads as text again)."""
    for t in el.iter(*_TEXT_BACK):
        t.tag = _TEXT_BACK[t.tag]
    parent = el.getparent()
    index = parent.index(el)
    parent[index:index + 1] = list(el)


def _merge_into_next(p) -> None:
    """Join paragraph `p` whose mark is gone to the next paragraph, which keeps
    its properties. With no paragraph after it (end of a cell or the body),
    there is nothing to join and `p` stays."""
    nxt = p.getnext()
    if p.getparent() is None or nxt is None or nxt.tag != W_P:
        return
    content = [c for c in p if c.tag != W_PPR]
    ppr = nxt.find(W_PPR)
    index = nxt.index(ppr) + 1 if ppr is not None else 0
    nxt[index:index] = content
    p.getparent().remove(p)


def _restore(change) -> None:
    """Reject a property change: the recorded old properties come back."""
    props = change.getparent()
    before_tags, after_tags = _PROPERTY_CHANGES[change.tag]
    old = change[0] if len(change) else None
    before = [c for c in props if c.tag in before_tags]
    after = [c for c in props if c.tag in after_tags]
    restored = list(old) if old is not None else []
    for child in list(props):
        props.remove(child)
    for child in before + restored + after:
        props.append(child)


def remove_comment_marks(root) -> None:
    """Drop every review comment's range marks and reference runs under `root`
    (the comments parts themselves are the package's business: `COMMENT_RELS`)."""
    for mark in list(root.iter(*_COMMENT_MARKS)):
        mark.getparent().remove(mark)
    for ref in list(root.iter(W_COMMENT_REF)):
        run = ref.getparent()
        run.remove(ref)
        if run.tag == W_R and all(child.tag == W_RPR for child in run):
            run.getparent().remove(run)
