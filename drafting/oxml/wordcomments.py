"""Word comments anchored over ranges that contain tracked changes.

The comments and their anchors are written here in XML (the package adds the
comments part): our ranges start and end at `w:ins` / `w:del` elements,
possibly in different paragraphs, where python-docx anchors only on runs.
The range marks and the reference run are always placed at paragraph level:
pandoc drops a comment whose range starts inside a `w:ins`, and a reference run
inside a `w:del` would vanish with the deletion.
"""
from __future__ import annotations

import copy

from .ns import W14_NS, W15_NS, XML_NS, w
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


class CommentWriter:
    """Adds Word comments to one comments part (`w:comments`), allocating their
    ids once, so that a thousand comments stay linear. A comment's paragraphs
    and its reference run are copies of prototypes built once."""

    def __init__(self, comments, author: str, initials: str, date: str):
        self.comments = comments
        self.author, self.initials, self.date = author, initials, date
        ids = [int(i) for i in (c.get(w("id"), "") for c in self.comments.iterfind(w("comment")))
               if i.lstrip("-").isdigit()]
        self.next_id = max(ids, default=-1) + 1
        self._line = _comment_paragraph(comments, annotation_mark=False)
        self._first_line = _comment_paragraph(comments, annotation_mark=True)
        self._reference = _run_with(comments, w("commentReference"), style="CommentReference")

    def add(self, first_el, last_el, text: str) -> int:
        """A comment over the range from before `first_el` to after `last_el`
        (runs, `w:ins`/`w:del`, or whole paragraphs); its id."""
        comment_id = self.next_id
        self.next_id += 1
        self.comments.append(self._comment(str(comment_id), text))
        _anchor(first_el, last_el, str(comment_id), copy.deepcopy(self._reference))
        return comment_id

    def add_thread(self, first_el, last_el, entries: list[tuple[str, str, str, str]], threads, taken: set[str]) -> int:
        """A thread over the range (see `add`): the first of `entries` (author,
        initials, date, text) opens it, the others reply to it, as Word
        records replies: each a comment over the same range, its last
        paragraph's w14:paraId named in `threads` (the w15:commentsEx root)
        with the opener's as w15:paraIdParent. `taken`: the paraIds in use,
        which new ones avoid (and join). The opener's id."""
        opener = None
        for author, initials, date, text in entries:
            comment_id = self.next_id
            self.next_id += 1
            comment = self._comment(str(comment_id), text, author, initials, date)
            self.comments.append(comment)
            _anchor(first_el, last_el, str(comment_id), copy.deepcopy(self._reference))
            para = _free_para_id(taken)
            comment[-1].set(f"{{{W14_NS}}}paraId", para)
            attrs = {f"{{{W15_NS}}}paraId": para, f"{{{W15_NS}}}done": "0"}
            if opener is None:
                opener = (comment_id, para)
            else:
                attrs[f"{{{W15_NS}}}paraIdParent"] = opener[1]
            threads.append(threads.makeelement(f"{{{W15_NS}}}commentEx", attrs))
        return opener[0] if opener else -1

    def _comment(self, comment_id: str, text: str, author: str | None = None, initials: str | None = None,
                 date: str | None = None):
        comment = self.comments.makeelement(w("comment"), {
            w("id"): comment_id, w("author"): author or self.author, w("initials"): initials or self.initials,
            w("date"): date or self.date})
        for k, line in enumerate(text.split("\n")):
            p = copy.deepcopy(self._first_line if k == 0 else self._line)
            p[-1][-1].text = line           # the text run's w:t
            comment.append(p)
        return comment


def _free_para_id(taken: set[str]) -> str:
    """A w14:paraId not in `taken` (hex, below 0x80000000 as Word requires), now taken."""
    n = 0x7F000000 + len(taken)
    while f"{n:08X}" in taken:
        n += 1
    taken.add(f"{n:08X}")
    return f"{n:08X}"


def _comment_paragraph(parent, annotation_mark: bool):
    """A comment's paragraph: the CommentText style, the annotation mark if it
    opens the comment, and a run whose text is filled in."""
    p = parent.makeelement(W_P)
    ppr = p.makeelement(W_PPR)
    ppr.append(ppr.makeelement(w("pStyle"), {w("val"): "CommentText"}))
    p.append(ppr)
    if annotation_mark:
        p.append(_run_with(p, w("annotationRef"), style="CommentReference"))
    run = p.makeelement(W_R)
    t = run.makeelement(w("t"))
    t.set(f"{{{XML_NS}}}space", "preserve")
    run.append(t)
    p.append(run)
    return p


def add_comment(comments, first_el, last_el, text: str, author: str, initials: str, date: str) -> int:
    """One comment (see `CommentWriter` for many)."""
    return CommentWriter(comments, author, initials, date).add(first_el, last_el, text)


def _run_with(parent, tag: str, style: str):
    run = parent.makeelement(W_R)
    rpr = run.makeelement(W_RPR)
    rpr.append(rpr.makeelement(w("rStyle"), {w("val"): style}))
    run.append(rpr)
    run.append(run.makeelement(tag, {}))
    return run


def _anchor(first_el, last_el, comment_id: str, ref_run) -> None:
    """The range marks around the comment's range, and `ref_run` (holding a
    `w:commentReference`) after its end."""
    start = first_el.makeelement(w("commentRangeStart"), {w("id"): comment_id})
    end = last_el.makeelement(w("commentRangeEnd"), {w("id"): comment_id})
    _place_start(first_el, start)
    _place_end(last_el, end)
    ref_run[-1].set(w("id"), comment_id)
    end.addnext(ref_run)
