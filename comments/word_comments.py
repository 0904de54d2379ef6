"""A marked copy's own Word comments as Comments on the draft's sections,
each quoting the text it is anchored to where the draft has that text."""
from __future__ import annotations

from dataclasses import dataclass, field

from drafting.model import Comment, Draft, Paragraph, Reply
from drafting.oxml.ns import w
from drafting.oxml.text import W_BR, W_CR, W_NBH, W_T, W_TAB, text_pieces
from drafting.text import find_all

from .copies import MarkedCopy, WordComment, body, section_of, word_comments

_RANGE_START, _RANGE_END, _REFERENCE = w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH)


@dataclass
class _Anchor:
    """Where a Word comment sits in the copy: the paragraph of its first mark
    and the anchored text of each paragraph it covers."""
    paragraph: int | None = None
    parts: dict[int, list[str]] = field(default_factory=dict)


def _anchors(document, paragraphs: list[Paragraph]) -> dict[str, _Anchor]:
    """Each comment id's anchor (paragraphs as positions in `paragraphs`), from
    the range marks and references of the body."""
    pieces = {node: (k, text) for k, p in enumerate(paragraphs) for node, text in text_pieces(p.element)}
    paragraph_of = {p.element: k for k, p in enumerate(paragraphs)}
    anchors: dict[str, _Anchor] = {}
    open_ids: list[str] = []
    for el in body(document).iter(_RANGE_START, _RANGE_END, _REFERENCE, *_TEXT_TAGS):
        if el.tag in (_RANGE_START, _RANGE_END, _REFERENCE):
            cid = el.get(w("id")) or ""
            anchor = anchors.setdefault(cid, _Anchor())
            if anchor.paragraph is None:
                anchor.paragraph = _enclosing(el, paragraph_of)
            if el.tag == _RANGE_START and cid not in open_ids:
                open_ids.append(cid)
            elif el.tag == _RANGE_END and cid in open_ids:
                open_ids.remove(cid)
        elif el in pieces and open_ids:
            j, text = pieces[el]
            for cid in open_ids:
                anchors[cid].parts.setdefault(j, []).append(text)
    return anchors


def _enclosing(el, paragraph_of: dict) -> int | None:
    while el is not None:
        if el in paragraph_of:
            return paragraph_of[el]
        el = el.getparent()
    return None


def comments_of(draft: Draft, copy: MarkedCopy, known: set) -> list[tuple[tuple, Comment]]:
    """The copy's own Word comments, each with its sort key (position, 0); a
    reply (Word's threads) is one of the `replies` of the comment that opens
    its thread, unless that one is the draft's own: then it is a comment."""
    anchors = _anchors(copy.document, copy.paragraphs)
    every = word_comments(copy.document)
    by_id = {wc.id: wc for wc in every}
    found: dict[str, tuple[tuple, Comment]] = {}
    for wc in every:
        if not wc.text or (wc.who.author, wc.text) in known:
            continue            # nothing to answer, or the draft's own comment
        opener = _opener(wc, by_id)
        if opener is not wc and opener.id in found:
            found[opener.id][1].replies.append(Reply(wc.who.author or copy.reviewer.author, wc.text, wc.who.date))
            continue
        anchor = anchors.get(wc.id) or anchors.get(opener.id, _Anchor())
        found[wc.id] = _comment(draft, copy, wc, anchor)
    return list(found.values())


def _opener(wc: WordComment, by_id: dict[str, WordComment]) -> WordComment:
    """The comment that opens `wc`'s thread (`wc` itself when it replies to none)."""
    seen = {wc.id}
    while wc.parent in by_id and wc.parent not in seen:
        wc = by_id[wc.parent]
        seen.add(wc.id)
    return wc


def _comment(draft: Draft, copy: MarkedCopy, wc: WordComment, anchor: _Anchor) -> tuple[tuple, Comment]:
    quoted = next(((j, "".join(parts).strip()) for j, parts in anchor.parts.items()
                   if "".join(parts).strip()), None)
    j = quoted[0] if quoted else anchor.paragraph
    section = section_of(draft, copy, j) if j is not None else None
    quote = quoted[1] if quoted else None
    if quote and (section is None or not any(find_all(p.text, quote) for p in section.paragraphs)):
        quote = None        # changed in the copy: the draft has no such text to point at
    comment = Comment(id="", by=wc.who.author or copy.reviewer.author, text=wc.text,
                      section=section.id if section else None, quote=quote,
                      initials=wc.initials, date=wc.who.date, source=str(copy.path), resolved=wc.done)
    return (copy.step_of[j] if j is not None else -1, 0), comment
