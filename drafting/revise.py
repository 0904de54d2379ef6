"""Apply a feedback plan to a draft: the tracked draft, the clean draft, the changes.

The revision engine (`oxml.revision`, the only writer of `w:ins`/`w:del`)
changes a working copy of the draft in place; each delegate comment that
caused changes gets one Word comment spanning them. The tracked draft is saved
first; the clean one is the same document with every revision then accepted and
the review comments removed, so that it is, by construction, what Word's
"Accept All" gives. Read, plan, write: one thread, in order.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .edits import Addition, Plan, Span, plan_edits
from .errors import InputError
from .model import (CLOSING, DEFAULT_AUTHOR, PREAMBLE, Change, Comment, Decision, Draft, Feedback, Section,
                    revision_date)
from .oxml import revision
from .oxml.accept import REVIEW_MARKS, accept_all, remove_comment_marks
from .oxml.ns import COMMENT_PART_TYPES, COMMENT_RELS, COMMENTS_EXTENDED_REL, W14_NS, W15_NS, w
from .oxml.text import W_P
from .oxml.wordcomments import CommentWriter
from .package import Docx, Source
from .reader import open_draft
from .renumber import renumber

if TYPE_CHECKING:
    import docx.document

W_PPR = w("pPr")

WORD_COMMENT_PREFIX = {
    "vi": {Decision.ACCEPTED: "Tiếp thu ý kiến số", Decision.PARTLY_ACCEPTED: "Tiếp thu một phần ý kiến số"},
    "en": {Decision.ACCEPTED: "Accepted comment no.", Decision.PARTLY_ACCEPTED: "Partly accepted comment no."},
}


@dataclass
class Revision:
    """The revised draft: the tracked and clean documents as .docx bytes, and
    the changes made."""
    feedback: Feedback
    changes: list[Change]
    tracked: bytes
    clean: bytes

    def tracked_document(self) -> "docx.document.Document":
        """The tracked draft as a python-docx Document (a fresh one on each call)."""
        import docx

        return docx.Document(io.BytesIO(self.tracked))

    def clean_document(self) -> "docx.document.Document":
        """The clean draft as a python-docx Document (a fresh one on each call)."""
        import docx

        return docx.Document(io.BytesIO(self.clean))


def revise(draft: Draft | Source, feedback: Feedback, *, author: str | None = None,
           date: str | None = None, keep_labels: bool = False, lang: str = "vi") -> Revision:
    """Validate `feedback` against the draft (a `Draft`, or a path, bytes or
    python-docx Document) and produce the tracked and clean drafts. Nothing
    given is changed: a `Draft` is revised in a copy.

    Raises InputError listing every problem before anything is produced.
    """
    if isinstance(draft, Draft):
        draft = open_draft(draft.document.to_bytes() if draft.document is not None else draft.path, path=draft.path)
    else:
        draft = open_draft(draft)
    return revise_in_place(draft, feedback, author=author, date=date, keep_labels=keep_labels, lang=lang)


def checked_plan(draft: Draft, feedback: Feedback) -> Plan:
    """The plan of `feedback`'s edits on `draft`; an InputError listing every problem."""
    plan = plan_edits(draft, feedback)
    if plan.problems:
        raise InputError(*plan.problems)
    return plan


def revise_in_place(draft: Draft, feedback: Feedback, *, plan: Plan | None = None, author: str | None = None,
                    date: str | None = None, keep_labels: bool = False, lang: str = "vi") -> Revision:
    """`revise` on a draft the caller hands over: its document is changed (it
    ends as the clean draft), which spares a copy when nothing else reads it.
    `plan`: the draft's `checked_plan`, when the caller has made it already."""
    changes = track_changes(draft, feedback, plan=plan, author=author, date=date, keep_labels=keep_labels, lang=lang)
    tracked = draft.document.to_bytes()
    accept_in_place(draft.document)
    return Revision(feedback, changes, tracked, draft.document.to_bytes())


def track_changes(draft: Draft, feedback: Feedback, *, plan: Plan | None = None, author: str | None = None,
                  date: str | None = None, keep_labels: bool = False, lang: str = "vi") -> list[Change]:
    """The feedback's edits written into the draft the caller hands over as
    tracked revisions, a Word comment spanning each comment's; the changes
    (their `elements` are the revisions in the draft's document, which is now
    the tracked draft: the workspace's preview reads them there)."""
    plan = plan or checked_plan(draft, feedback)
    renumber(draft, plan, keep_labels)
    ctx = revision.RevisionContext(author=author or feedback.author or DEFAULT_AUTHOR,
                                   date=revision_date(date or feedback.date), next_id=draft.document.top_id() + 1)
    changes = apply_plan(draft, plan, ctx)
    _anchor_comments(draft, feedback, changes, ctx, lang)
    return changes


def accept_in_place(document: Docx) -> None:
    """Every revision of `document` accepted, its review comments removed."""
    for name in document.text_parts():
        if next(document.package.peek(name).iter(*REVIEW_MARKS), None) is not None:
            root = document.package.root(name)
            accept_all(root)
            remove_comment_marks(root)
    document.drop_related(COMMENT_RELS)


def apply_plan(draft: Draft, plan: Plan, ctx) -> list[Change]:
    changes: list[Change] = []
    by_paragraph: dict[int, list[Span]] = {}
    for span in plan.spans:
        by_paragraph.setdefault(id(span.paragraph), []).append(span)
    for spans in by_paragraph.values():
        changes.extend(_apply_spans(sorted(spans, key=lambda s: (s.start, s.end)), ctx))
    for removal in plan.removals:
        elements = []
        for paragraph in removal.paragraphs:
            elements.extend(revision.delete_paragraph(paragraph.element, ctx))
        changes.append(Change(removal.section.id, "remove", "\n".join(p.text for p in removal.paragraphs), "",
                              [removal.comment.id], elements, (removal.paragraphs[0].index, 0)))
    last_inserted: dict[tuple[int, bool], object] = {}
    for k, addition in enumerate(plan.additions):
        changes.append(_apply_addition(draft, addition, ctx, last_inserted, k))
    changes.sort(key=lambda c: c.order)
    return changes


def _apply_spans(spans: list[Span], ctx) -> list[Change]:
    paragraph = spans[0].paragraph
    text = paragraph.text
    pieces, at = [], 0
    for span in spans:
        pieces.append(text[at:span.start])
        pieces.append(span.new)
        at = span.end
    pieces.append(text[at:])
    hunks = revision.revise_paragraph(paragraph.element, "".join(pieces), ctx)
    section = paragraph.section.id
    changes = []
    for hunk in hunks:
        end = hunk.start + len(hunk.old)
        owners = [s for s in spans if _touches(s, hunk.start, end)] or [_nearest(spans, hunk.start)]
        kind = "relabel" if all(s.relabel for s in owners) else (
            "replace" if hunk.old and hunk.new else "delete" if hunk.old else "insert")
        ids = list(dict.fromkeys(s.comment.id for s in owners))
        changes.append(Change(section, kind, hunk.old, hunk.new, ids, list(hunk.elements),
                              (paragraph.index, hunk.start)))
    return changes


def _touches(span: Span, start: int, end: int) -> bool:
    if span.start == span.end or start == end:
        return span.start <= end and start <= span.end
    return span.start < end and start < span.end


def _nearest(spans: list[Span], at: int) -> Span:
    return min(spans, key=lambda s: min(abs(s.start - at), abs(s.end - at)))


def _apply_addition(draft: Draft, addition: Addition, ctx, last_inserted: dict, k: int) -> Change:
    anchor = addition.anchor
    if addition.paragraph is not None:
        ref = addition.paragraph
    elif addition.before:
        ref = anchor.paragraphs[0]
    else:
        ref = anchor.last_paragraph()
    key = (id(ref), addition.before)
    templates = [_template(addition)] + [_body_template(draft, anchor, ref)] * (len(addition.texts) - 1)
    elements = []
    previous = last_inserted.get(key)
    for text, template in zip(addition.texts, templates):
        if previous is None:
            new = revision.insert_paragraph(ref.element, text, ctx, before=addition.before,
                                            template_p=template.element)
        else:
            new = revision.insert_paragraph(previous, text, ctx, template_p=template.element)
        elements.append(new)
        previous = new
    last_inserted[key] = previous
    return Change(addition.new_id or anchor.id, "add", "", "\n".join(addition.texts),
                  [addition.comment.id], elements, (ref.index + (-0.5 if addition.before else 0.5), k))


def _body_template(draft: Draft, anchor: Section, ref):
    """For the paragraphs after a new section's first: an ordinary body paragraph
    (no label, not a bullet, not in a table), looked for in the anchor section,
    then in its ancestors, then in the whole body; else the reference paragraph."""
    scopes = []
    section = anchor
    while section is not None:
        scopes.append(section.all_paragraphs())
        section = section.parent
    scopes.append([p for s in draft.walk() if s.kind not in (PREAMBLE, CLOSING) for p in s.paragraphs])
    for paragraphs in scopes:
        for paragraph in paragraphs:
            if paragraph.label is None and not paragraph.bullet and not paragraph.in_table:
                return paragraph
    return ref


def _template(addition: Addition):
    """The paragraph whose formatting a new one copies: the sibling heading it
    follows for a new section, else the paragraph it is inserted next to."""
    anchor = addition.anchor
    if addition.paragraph is not None:
        return addition.paragraph
    if addition.label is not None:
        if addition.parent is anchor and anchor.children:
            return anchor.children[-1].heading
        if addition.parent is not anchor and anchor.heading is not None:
            return anchor.heading
    return anchor.paragraphs[0] if addition.before else anchor.last_paragraph()


def _anchor_comments(draft: Draft, feedback: Feedback, changes: list[Change], ctx, lang: str) -> None:
    """One Word comment per delegate comment, spanning all the changes it caused."""
    by_comment: dict[str, list] = {}
    for change in changes:
        for cid in change.comments:
            by_comment.setdefault(cid, []).extend(change.elements)
    if not by_comment:
        return
    order = _document_order(draft.document.element)
    writer = CommentWriter(draft.document.comments_root(), ctx.author, _initials(ctx.author), ctx.date)
    threads = None
    for comment in feedback.comments:
        elements = by_comment.get(comment.id)
        if elements and comment.replies:
            threads = threads if threads is not None else _threads(draft.document)
            elements.sort(key=order)
            writer.add_thread(elements[0], elements[-1], _thread_entries(comment, ctx, lang), *threads)
        elif elements:
            elements.sort(key=order)
            writer.add(elements[0], elements[-1], word_comment_text(comment, lang))


def _threads(document: Docx) -> tuple:
    """The commentsExtended root (added when absent) and the w14:paraIds in use."""
    from lxml import etree

    package = document.package
    name = package.related(document.main, COMMENTS_EXTENDED_REL)
    if name is None:
        name = package.free_name("word/commentsExtended.xml")
        package.add_part(name, COMMENT_PART_TYPES[0], etree.Element(f"{{{W15_NS}}}commentsEx", nsmap={"w15": W15_NS}))
        package.relate(document.main, COMMENTS_EXTENDED_REL, name)
    para_id = f"{{{W14_NS}}}paraId"
    taken = {p.get(para_id) for root in (document.element, document.comments_root()) for p in root.iter(W_P)}
    return package.root(name), taken


def _thread_entries(comment: Comment, ctx, lang: str) -> list[tuple[str, str, str, str]]:
    """A delegate's comment that came with a Word thread goes back as that
    thread: the comment, its replies, then the answer as the last reply."""
    def when(value):
        try:
            return revision_date(value) if value else ctx.date
        except InputError:
            return ctx.date
    prefix = WORD_COMMENT_PREFIX[lang].get(comment.decision, WORD_COMMENT_PREFIX[lang][Decision.ACCEPTED])
    return ([(comment.by, comment.initials or _initials(comment.by), when(comment.date), comment.text)]
            + [(r.by, _initials(r.by), when(r.date), r.text) for r in comment.replies]
            + [(ctx.author, _initials(ctx.author), ctx.date, f"{prefix} {comment.id}: {comment.response or ''}")])


def _document_order(root):
    """A sort key putting elements in document order (after all insertions)."""
    paragraphs = {p: k for k, p in enumerate(root.iter(W_P))}

    def key(element):
        p = element if element.tag == W_P else next(element.iterancestors(W_P))
        if p is element or any(a.tag == W_PPR for a in element.iterancestors()):
            return paragraphs[p], float("inf")      # a paragraph's mark is at its end
        return paragraphs[p], next(k for k, e in enumerate(p.iter()) if e is element)
    return key


def word_comment_text(comment: Comment, lang: str = "vi") -> str:
    prefix = WORD_COMMENT_PREFIX[lang].get(comment.decision, WORD_COMMENT_PREFIX[lang][Decision.ACCEPTED])
    return f"{prefix} {comment.id} — {comment.delegate}: {comment.text}"


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalpha())[:8].upper()
