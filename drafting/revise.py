"""Apply a feedback plan to a draft: the tracked draft, the clean draft, the changes.

The draft is changed in place through the revision engine (`oxml.revision`, the
only writer of `w:ins`/`w:del`); each delegate comment that caused changes gets
one Word comment spanning them. The clean draft is the tracked one with every
revision accepted and the review comments removed, so that it is, by
construction, what Word's "Accept All" gives.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .background import Background
from .edits import Addition, Plan, Span, plan_edits
from .errors import InputError
from .model import CLOSING, PREAMBLE, Comment, Decision, Draft, Feedback, Section
from .oxml import revision
from .oxml.accept import COMMENT_RELS, REVIEW_MARKS, accept_all, remove_comment_marks
from .oxml.wordcomments import CommentWriter
from .package import Docx
from .oxml.ns import w
from .oxml.text import W_P
from .reader import open_draft
from .renumber import renumber

DEFAULT_AUTHOR = "drafting"
W_PPR = w("pPr")

WORD_COMMENT_PREFIX = {
    "vi": {Decision.ACCEPTED: "Tiếp thu ý kiến số", Decision.PARTLY_ACCEPTED: "Tiếp thu một phần ý kiến số"},
    "en": {Decision.ACCEPTED: "Accepted comment no.", Decision.PARTLY_ACCEPTED: "Partly accepted comment no."},
}


@dataclass
class Change:
    """One contiguous change in the revised draft, for the summaries."""
    section: str
    kind: str                 # replace | delete | insert | add | remove | relabel
    before: str
    after: str
    comments: list[str]
    elements: list = field(default_factory=list, repr=False)   # the revision elements written
    order: tuple = field(default=(0, 0), repr=False)           # position in the draft, for sorting

    def to_json(self) -> dict:
        return {"section": self.section, "kind": self.kind, "before": self.before,
                "after": self.after, "comments": self.comments}


@dataclass
class Revision:
    """The revised draft. Its two documents are written when first asked for:
    the clean one by a second core, started at once; the tracked one by this
    core, so that a caller can hand work to other cores before asking."""
    draft: Draft
    feedback: Feedback
    changes: list[Change]
    _accepting: Background = field(repr=False)      # the clean draft, being made
    _clean: bytes | None = field(default=None, repr=False)
    _tracked: bytes | None = field(default=None, repr=False)

    @property
    def tracked(self) -> bytes:
        """The draft with the changes as tracked revisions and the Word comments."""
        if self._tracked is None:
            self._tracked = self.draft.document.to_bytes()
        return self._tracked

    @property
    def clean(self) -> bytes:
        """The clean draft: every revision accepted, no review comments."""
        if self._clean is None:
            self._clean = self._accepting.result()
        return self._clean


def revision_date(value: str | dt.date | None) -> str:
    """ISO 8601 in UTC as Word writes `w:date`; a bare date is midnight."""
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def revise(draft: Draft | str | Path, feedback: Feedback, *, author: str | None = None,
           date: str | None = None, keep_labels: bool = False, lang: str = "vi") -> Revision:
    """Validate `feedback` against the draft (opened by `open_draft`, or its
    path) and produce the tracked and clean drafts; the draft is changed.

    Raises InputError listing every problem before anything is produced.
    """
    if not isinstance(draft, Draft):
        draft = open_draft(draft)
    plan = plan_edits(draft, feedback)
    if plan.problems:
        raise InputError(*plan.problems)
    renumber(draft, plan, keep_labels)
    ctx = revision.RevisionContext(author=author or feedback.author or DEFAULT_AUTHOR,
                                   date=revision_date(date or feedback.date), next_id=draft.document.top_id() + 1)
    changes = apply_plan(draft, plan, ctx)
    _anchor_comments(draft, feedback, changes, ctx, lang)
    # A second core accepts every revision while this one goes on. Forked
    # now, when this process has done changing the tree (its pages stay
    # shared; writing to them would copy them); a forked child owns its
    # memory, so it may accept in place instead of in a copy.
    parent = os.getpid()
    accepting = Background(lambda _: accepted_copy(draft.document, in_place=os.getpid() != parent))
    return Revision(draft, feedback, changes, accepting)


def accepted_copy(document: Docx, in_place: bool = False) -> bytes:
    """`document` with every revision accepted and no review comments; in a
    copy, unless `in_place` (the document is then the clean one)."""
    clean = document if in_place else document.copy()
    for name in clean.text_parts():
        if next(clean.package.peek(name).iter(*REVIEW_MARKS), None) is not None:
            root = clean.package.root(name)
            accept_all(root)
            remove_comment_marks(root)
    clean.drop_related(COMMENT_RELS)
    return clean.to_bytes()


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
    if addition.before:
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
    for comment in feedback.comments:
        elements = by_comment.get(comment.id)
        if elements:
            elements.sort(key=order)
            writer.add(elements[0], elements[-1], word_comment_text(comment, lang))


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
