"""From accepted comments to located edits: the plan that the revision writer applies.

Everything is checked against the draft before anything is written, and every
problem is collected so that the clerk fixes the feedback file in one pass:
unknown sections (with the nearest valid IDs), edit text not found or found
several times, overlapping edits of two comments, edits on comments that are
not accepted. Matching folds NFC, whitespace and tone-mark placement; the edit
then applies to the text as it stands in the draft.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .labels import Label, parse_label
from .model import Comment, Decision, Draft, Edit, EditKind, Feedback, Paragraph, Section
from .sections import NearestIds, is_general
from .text import find_all, occurs_in

_CLOSE_PUNCT = set(" ,.;:)!?…”’\"'")


@dataclass(eq=False)
class Span:
    """A change of text inside one paragraph: [start, end) of its text becomes `new`."""
    paragraph: Paragraph
    start: int
    end: int
    new: str
    comment: Comment
    edit: Edit
    relabel: bool = False               # a label renumbered because siblings moved


@dataclass(eq=False)
class Addition:
    """New paragraphs after (or before) a section; the first may open a new section."""
    anchor: Section
    before: bool
    texts: list[str]
    comment: Comment
    edit: Edit
    label: Label | None = None          # the typed label of the first paragraph, if any
    paragraph: Paragraph | None = None  # the paragraph of `anchor` to add after (before), if not its end
    parent: Section | None = None       # the section the new one nests in (None: top level)
    new_id: str | None = None           # the new section's ID once labels are settled


@dataclass(eq=False)
class Removal:
    section: Section
    comment: Comment
    edit: Edit

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.section.all_paragraphs()


@dataclass
class Plan:
    spans: list[Span] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    nearest: NearestIds | None = field(default=None, repr=False)     # built at the first unknown section

    @property
    def empty(self) -> bool:
        return not (self.spans or self.additions or self.removals)


def validate(draft: Draft, feedback: Feedback) -> list[Problem]:
    """Every problem of `feedback` against `draft`; empty when it can be applied."""
    return plan_edits(draft, feedback).problems


def plan_edits(draft: Draft, feedback: Feedback) -> Plan:
    plan = Plan()
    for comment in feedback.comments:
        _plan_comment(draft, comment, plan)
    _check_conflicts(plan)
    return plan


# The edit kinds as a Vietnamese message names them (`--lang vi`).
_VI_KINDS = {EditKind.REPLACE: "thay thế", EditKind.DELETE: "xóa", EditKind.INSERT: "chèn",
             EditKind.REWRITE: "viết lại", EditKind.ADD: "thêm mục", EditKind.REMOVE_SECTION: "bỏ mục"}


def _problem(plan: Plan, comment: Comment, message: str, section: str | None = None, vi: str | None = None) -> None:
    plan.problems.append(Problem(message, file=comment.source, comment=comment.id,
                                 section=section if section is not None else comment.section, vi=vi))


def _section(draft: Draft, plan: Plan, comment: Comment, section_id: str) -> Section | None:
    section = draft.find(section_id)
    if section is None:
        if plan.nearest is None:
            plan.nearest = NearestIds(draft.ids)
        near = ", ".join(plan.nearest.nearest(section_id))
        _problem(plan, comment, f"unknown section {section_id!r} (nearest: {near})", section_id,
                 f"dự thảo không có mục {section_id!r} (gần nhất: {near})")
    return section


def _plan_comment(draft: Draft, comment: Comment, plan: Plan) -> None:
    home = None
    if not is_general(comment.section):
        home = _section(draft, plan, comment, comment.section)
        if home is None:
            return
    if comment.quote and home is not None and not occurs_in([p.text for p in home.paragraphs], comment.quote):
        _problem(plan, comment, f"quote {_short(comment.quote)!r} does not occur in the section",
                 vi=f"đoạn trích {_short(comment.quote)!r} không có trong mục")
    if not comment.edits:
        return
    if not comment.decision.allows_edits:
        if comment.decision is not Decision.PENDING:
            _problem(plan, comment, f"has edits but its decision is {comment.decision.value!r}; "
                                    "only accepted or partly-accepted comments change the draft")
        return
    for edit in comment.edits:
        section = home
        if edit.section is not None:
            section = _section(draft, plan, comment, edit.section)
            if section is None:
                continue
        _plan_edit(draft, comment, edit, section, plan)


def _plan_edit(draft: Draft, comment: Comment, edit: Edit, section: Section | None, plan: Plan) -> None:
    where = section.id if section is not None else None
    if edit.kind is EditKind.REMOVE_SECTION:
        if section is None:
            _problem(plan, comment, "remove_section needs a section")
        else:
            plan.removals.append(Removal(section, comment, edit))
        return
    if edit.kind is EditKind.ADD:
        if section is None:
            _problem(plan, comment, "add needs after_section or before_section")
            return
        _plan_addition(comment, edit, section, plan)
        return
    if edit.kind is EditKind.REWRITE:
        if section is None or not section.paragraphs:
            _problem(plan, comment, "a rewrite needs a section with text", where)
            return
        paragraph = section.paragraphs[0]
        new = edit.text or ""
        if paragraph.label and not paragraph.auto_label and parse_label(new) is None:
            new = f"{paragraph.label} {new.lstrip()}"
        plan.spans.append(Span(paragraph, 0, len(paragraph.text), new, comment, edit))
        return

    paragraphs = section.paragraphs if section is not None else draft.paragraphs
    found = _occurrences(paragraphs, edit.target or "")
    if edit.occurrence is not None:
        if not 1 <= edit.occurrence <= len(found):
            _problem(plan, comment, f"{edit.kind.value} {_short(edit.target)!r}: occurrence {edit.occurrence} "
                                    f"asked but the text occurs {len(found)} time(s)", where,
                     f"{_VI_KINDS[edit.kind]} {_short(edit.target)!r}: yêu cầu lần xuất hiện thứ {edit.occurrence} "
                     f"nhưng đoạn này chỉ có {len(found)} lần")
            return
        found = [found[edit.occurrence - 1]]
    if len(found) != 1:
        what = "not found" if not found else f"found {len(found)} times (add occurrence: N)"
        vi_what = "không tìm thấy trong mục" if not found else \
            f"có {len(found)} lần trong mục (ghi thêm lần xuất hiện: N)"
        _problem(plan, comment, f"{edit.kind.value} {_short(edit.target)!r}: {what}", where,
                 f"{_VI_KINDS[edit.kind]} {_short(edit.target)!r}: {vi_what}")
        return
    paragraph, start, end = found[0]
    text = paragraph.text
    if edit.kind is EditKind.REPLACE:
        plan.spans.append(Span(paragraph, start, end, edit.text or "", comment, edit))
    elif edit.kind is EditKind.DELETE:
        start, end = _absorb_space(text, start, end)
        plan.spans.append(Span(paragraph, start, end, "", comment, edit))
    elif edit.kind is EditKind.INSERT:
        at = start if edit.position == "before" else end
        plan.spans.append(Span(paragraph, at, at, _spaced(text, at, edit.text or ""), comment, edit))


def _plan_addition(comment: Comment, edit: Edit, anchor: Section, plan: Plan) -> None:
    texts = [t.strip() for t in (edit.text or "").replace("\r\n", "\n").split("\n\n") if t.strip()]
    if not texts:
        _problem(plan, comment, "add has no text", anchor.id)
        return
    before = edit.position == "before"
    addition = Addition(anchor, before, texts, comment, edit)
    if edit.target is not None:
        # after (before) the one paragraph of the section holding these words: plain paragraphs, no new section
        found = {id(p): p for p, _, _ in _occurrences(anchor.paragraphs, edit.target)}
        if len(found) != 1:
            _problem(plan, comment, f"add: {edit.target!r} occurs in {len(found)} paragraphs of section {anchor.id}; "
                                    "it must name one", anchor.id)
            return
        addition.paragraph = next(iter(found.values()))
        plan.additions.append(addition)
        return
    label = parse_label(texts[0])
    if label is not None and anchor.kind not in ("preamble", "closing"):
        anchor_rank = _rank(anchor)
        if label.rank == anchor_rank:
            addition.parent = anchor.parent
        elif label.rank > anchor_rank and not before:
            addition.parent = anchor
        else:
            _problem(plan, comment, f"add: a {label.text!r} section cannot stand "
                                    f"{'before' if before else 'after'} section {anchor.id}", anchor.id)
            return
        addition.label = label
    plan.additions.append(addition)


def _rank(section: Section) -> int:
    label = parse_label(section.label + " ")
    return label.rank if label is not None else -1


def _occurrences(paragraphs: list[Paragraph], needle: str) -> list[tuple[Paragraph, int, int]]:
    return [(p, s, e) for p in paragraphs for s, e in find_all(p.text, needle)]


def _absorb_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a deletion by one neighbouring space so that no double space or
    space before punctuation is left behind."""
    before_space = start > 0 and text[start - 1] == " "
    after = text[end] if end < len(text) else ""
    if before_space and (after == "" or after in _CLOSE_PUNCT):
        return start - 1, end
    if (start == 0 or before_space) and after == " ":
        return start, end + 1
    return start, end


def _spaced(text: str, at: int, insert: str) -> str:
    """Inserted words get a separating space where the user left none."""
    if not insert:
        return insert
    prev = text[at - 1] if at > 0 else ""
    nxt = text[at] if at < len(text) else ""
    if prev and not prev.isspace() and insert[0].isalnum() and prev not in "(“‘\"'":
        insert = " " + insert
    if nxt and nxt.isalnum() and insert[-1].isalnum():
        insert = insert + " "
    return insert


def _short(text: str | None, n: int = 40) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _check_conflicts(plan: Plan) -> None:
    """Two edits touching overlapping text, or text inside a removed section,
    cannot both be applied: name both comments."""
    removed: dict[int, Removal] = {}
    for removal in plan.removals:
        for p in removal.paragraphs:
            other = removed.get(id(p))
            if other is not None and other is not removal:
                _conflict(plan, removal.comment, other.comment, removal.section.id)
                break
            removed[id(p)] = removal
    by_paragraph: dict[int, list[Span]] = {}
    for span in plan.spans:
        by_paragraph.setdefault(id(span.paragraph), []).append(span)
        removal = removed.get(id(span.paragraph))
        if removal is not None:
            _conflict(plan, span.comment, removal.comment, span.paragraph.section.id)
    for spans in by_paragraph.values():
        spans.sort(key=lambda s: (s.start, s.end))
        for a, b in zip(spans, spans[1:]):
            if _overlap(a, b):
                _conflict(plan, a.comment, b.comment, a.paragraph.section.id)
    for addition in plan.additions:
        first = addition.anchor.paragraphs[0] if addition.anchor.paragraphs else None
        if first is not None and id(first) in removed:
            _conflict(plan, addition.comment, removed[id(first)].comment, addition.anchor.id)


def _overlap(a: Span, b: Span) -> bool:
    if a.start == a.end == b.start == b.end:
        return True                      # two insertions at one point: their order is ambiguous
    if a.start == a.end or b.start == b.end:
        point, span = (a, b) if a.start == a.end else (b, a)
        return span.start < point.start < span.end
    return a.start < b.end and b.start < a.end


def _conflict(plan: Plan, a: Comment, b: Comment, section: str) -> None:
    if a is b:
        message, vi = "two of its edits touch the same text", "hai sửa đổi của ý kiến cùng chạm một đoạn văn bản"
    else:
        message = f"its edits overlap those of comment {b.id} ({b.by}); decide which one applies"
        vi = f"sửa đổi trùng với sửa đổi của ý kiến {b.id} ({b.by}); hãy quyết định áp dụng ý kiến nào"
    plan.problems.append(Problem(message, file=a.source, comment=a.id, section=section, vi=vi))
