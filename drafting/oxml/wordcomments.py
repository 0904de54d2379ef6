"""Word comments anchored over ranges that contain tracked changes.

python-docx creates the comments part and the comment itself; the anchoring is
done here in XML because python-docx anchors on runs, while our ranges start
and end at `w:ins` / `w:del` elements, possibly in different paragraphs.
The range marks and the reference run are always placed at paragraph level:
pandoc drops a comment whose range starts inside a `w:ins`, and a reference run
inside a `w:del` would vanish with the deletion.
"""
from __future__ import annotations

from .ns import w
from .text import W_P, W_R

W_PPR = w("pPr")
W_RPR = w("rPr")


def _paragraph_level(el):
    """`el` itself if it is a child of a paragraph, else its ancestor that is."""
    while el.getparent() is not None and el.getparent().tag != W_P:
        el = el.getparent()
    return el


def _place_start(first_el, mark) -> None:
    if first_el.tag == W_P:
        ppr = first_el.find(W_PPR)
        first_el.insert(first_el.index(ppr) + 1 if ppr is not None else 0, mark)
    else:
        _paragraph_level(first_el).addprevious(mark)


def _place_end(last_el, mark) -> None:
    if last_el.tag == W_P:
        last_el.append(mark)
    else:
        _paragraph_level(last_el).addnext(mark)


def add_comment(document, first_el, last_el, text: str, author: str, initials: str, date: str) -> int:
    """Add a Word comment over the range from before `first_el` to after
    `last_el` (runs, `w:ins`/`w:del`, or whole paragraphs); its id."""
    comment = document.comments.add_comment(text=text, author=author, initials=initials)
    # python-docx stamps "now"; the comment carries the revision date instead.
    comment._comment_elm.set(w("date"), date)
    comment_id = str(comment.comment_id)
    start = first_el.makeelement(w("commentRangeStart"), {w("id"): comment_id})
    end = last_el.makeelement(w("commentRangeEnd"), {w("id"): comment_id})
    _place_start(first_el, start)
    _place_end(last_el, end)
    ref_run = end.makeelement(W_R)
    rpr = ref_run.makeelement(W_RPR)
    rpr.append(rpr.makeelement(w("rStyle"), {w("val"): "CommentReference"}))
    ref_run.append(rpr)
    ref_run.append(ref_run.makeelement(w("commentReference"), {w("id"): comment_id}))
    end.addnext(ref_run)
    return comment.comment_id
