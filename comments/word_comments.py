"""A marked copy's own Word comments as Comments on the draft's sections,
each quoting the draft's text it is anchored to (also when the delegate then
changed that text), with the replies of its Word thread and its resolved state."""
from __future__ import annotations

from dataclasses import dataclass, field

from drafting.model import Comment, Draft, Reply
from drafting.oxml.ns import w
from drafting.oxml.revision import diff_edits
from drafting.oxml.text import W_BR, W_CR, W_NBH, W_T, W_TAB, text_pieces
from drafting.text import find_all

from .copies import INSERTED, Found, MarkedCopy, WordComment, body, section_of, word_comments

_RANGE_START, _RANGE_END, _REFERENCE = w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH)
W_DEL_TEXT = w("delText")


@dataclass
class _Anchor:
    """Where a Word comment sits in the copy: the paragraph of its first mark
    (a position in the copy's standing paragraphs, or the draft paragraph a
    paragraph deleted with tracking was), and per paragraph it covers the span
    of the copy's text it anchors and its text as the copy had it before its
    tracked changes (deleted words in, inserted ones out)."""
    paragraph: int | None = None
    deleted_draft: int | None = None
    spans: dict[int, list[int]] = field(default_factory=dict)      # j → [start, end] in the copy's text
    parts: dict[int, list[str]] = field(default_factory=dict)      # j → anchored text, accepted view
    original: dict[int, list[str]] = field(default_factory=dict)   # j → anchored text, before the changes


def _anchors(copy: MarkedCopy) -> dict[str, _Anchor]:
    """Each comment id's anchor, from the range marks and references of the body."""
    paragraphs = copy.paragraphs
    pieces: dict[object, tuple[int, int, str]] = {}
    for k, p in enumerate(paragraphs):
        at = 0
        for node, text in text_pieces(p.element):
            pieces[node] = (k, at, text)
            at += len(text)
    paragraph_of = {p.element: k for k, p in enumerate(paragraphs)}
    anchors: dict[str, _Anchor] = {}
    open_ids: list[str] = []
    last_end: dict[int, int] = {}           # copy paragraph → end of its text read so far
    for el in body(copy.document).iter(_RANGE_START, _RANGE_END, _REFERENCE, W_DEL_TEXT, *_TEXT_TAGS):
        if el.tag in (_RANGE_START, _RANGE_END, _REFERENCE):
            cid = el.get(w("id")) or ""
            anchor = anchors.setdefault(cid, _Anchor())
            j = _enclosing(el, paragraph_of)
            if anchor.paragraph is None and anchor.deleted_draft is None:
                anchor.paragraph = j
                if j is None:
                    anchor.deleted_draft = _enclosing(el, copy.deleted_of)
            if j is not None and el.tag != _REFERENCE:
                span = anchor.spans.setdefault(j, [last_end.get(j, 0)] * 2)
                span[1] = max(span[1], last_end.get(j, 0))
            if el.tag == _RANGE_START and cid not in open_ids:
                open_ids.append(cid)
            elif el.tag == _RANGE_END and cid in open_ids:
                open_ids.remove(cid)
        elif el in pieces:
            j, at, text = pieces[el]
            last_end[j] = at + len(text)
            for cid in open_ids:
                anchor = anchors[cid]
                span = anchor.spans.setdefault(j, [at, at])
                span[1] = at + len(text)
                anchor.parts.setdefault(j, []).append(text)
                if next((a for a in el.iterancestors(*INSERTED)), None) is None:
                    anchor.original.setdefault(j, []).append(text)
        elif el.tag == W_DEL_TEXT and el.text and open_ids:
            j = _enclosing(el, paragraph_of)
            key = j if j is not None else ("deleted", _enclosing(el, copy.deleted_of))
            for cid in open_ids:
                anchors[cid].original.setdefault(key, []).append(el.text)
    return anchors


def _enclosing(el, index_of: dict) -> int | None:
    while el is not None:
        if el in index_of:
            return index_of[el]
        el = el.getparent()
    return None


def comments_of(draft: Draft, copy: MarkedCopy, known: set) -> list[Found]:
    """The copy's own Word comments, each with its sort key (position, 0) and
    the draft text it is about; a reply (Word's threads) is one of the
    `replies` of the comment that opens its thread, unless that one is the
    draft's own: then it is a comment."""
    anchors = _anchors(copy)
    every = word_comments(copy.document)
    by_id = {wc.id: wc for wc in every}
    found: dict[str, Found] = {}
    for wc in every:
        if not wc.text or (wc.who.author, wc.text) in known:
            continue            # nothing to answer, or the draft's own comment
        opener = _opener(wc, by_id)
        if opener is not wc and opener.id in found:
            found[opener.id].comment.replies.append(Reply(wc.who.author or copy.reviewer.author, wc.text,
                                                          wc.who.date))
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


def _comment(draft: Draft, copy: MarkedCopy, wc: WordComment, anchor: _Anchor) -> Found:
    """The Comment of one Word comment: on the draft paragraph its anchor
    starts in, quoting the draft's text there, which holds when the delegate
    then changed that text: the quote is the anchored text as it stands, or as
    it was before the copy's tracked changes, or the draft text that the copy's
    untracked edits turned into the anchored text."""
    j = next((k for k, parts in anchor.parts.items() if "".join(parts).strip()), anchor.paragraph)
    if j is not None:
        i = copy.draft_of.get(j)
        section = section_of(draft, copy, j)
        step = copy.step_of[j]
    else:
        i = anchor.deleted_draft
        section = draft.paragraphs[i].section if i is not None else None
        step = next((k for k, pair in enumerate(copy.pairs) if pair == (i, None)), -1) if i is not None else -1
    quote, where = None, {}
    if i is not None:
        paragraph = draft.paragraphs[i]
        accepted = "".join(anchor.parts.get(j, [])).strip() if j is not None else ""
        original = "".join(anchor.original.get(j if j is not None else ("deleted", i), [])).strip()
        span = _draft_span(paragraph.text, copy.paragraphs[j].text, anchor.spans.get(j)) if j is not None else None
        mapped = paragraph.text[span[0]:span[1]].strip() if span else ""
        quote = next((q for q in (accepted, original, mapped)
                      if q and any(find_all(p.text, q) for p in paragraph.section.paragraphs)), None)
        hit = find_all(paragraph.text, quote) if quote else []
        where = {i: hit[0] if len(hit) == 1 else span or (0, len(paragraph.text))}
    comment = Comment(id="", by=wc.who.author or copy.reviewer.author, text=wc.text,
                      section=section.id if section else None, quote=quote,
                      initials=wc.initials, date=wc.who.date, source=str(copy.path), resolved=wc.done)
    return Found((step, 0), comment, where)


def _draft_span(draft_text: str, copy_text: str, span) -> tuple[int, int] | None:
    """The draft text that became copy_text[start:end]: the span's ends moved
    through the word diff, taking in a change they touch."""
    if not span:
        return None
    start, end = span
    delta, s, e = 0, None, None
    for edit in diff_edits(draft_text, copy_text):
        cs, ce = edit.start + delta, edit.start + delta + len(edit.text)
        if s is None and start < cs:
            s = start - delta
        if s is None and start <= ce:
            s = edit.start
        if e is None and end < cs:
            e = end - delta
        if e is None and end <= ce:
            e = edit.end
        delta += len(edit.text) - (edit.end - edit.start)
    s = start - delta if s is None else s
    e = end - delta if e is None else e
    return (s, e) if s < e else None
