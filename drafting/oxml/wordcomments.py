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
    level = first_el if first_el.tag == W_P else _paragraph_level(first_el)
    if level.tag == W_P or level.tag == W_PPR:
        # A whole paragraph, or its mark: the range starts at the paragraph's content.
        paragraph = level if level.tag == W_P else level.getparent()
        ppr = paragraph.find(W_PPR)
        paragraph.insert(paragraph.index(ppr) + 1 if ppr is not None else 0, mark)
    else:
        level.addprevious(mark)


def _place_end(last_el, mark) -> None:
    level = last_el if last_el.tag == W_P else _paragraph_level(last_el)
    if level.tag == W_P or level.tag == W_PPR:
        paragraph = level if level.tag == W_P else level.getparent()
        following = paragraph.getnext()
        if following is not None and following.tag == W_P:
            # A whole paragraph inserted or deleted: end the range at the start of
            # the next one, so that the reference does not split the change
            # (content and mark) in two for LibreOffice.
            ppr = following.find(W_PPR)
            following.insert(following.index(ppr) + 1 if ppr is not None else 0, mark)
        else:
            paragraph.append(mark)
    else:
        level.addnext(mark)


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
