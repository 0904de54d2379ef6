"""`drafting comments check`: is the feedback ready to apply to the draft?

Before the revision run the secretary wants one report: what is wrong (unknown
sections, edit text not found, conflicts — from `drafting.edits.validate`),
what is still undecided, which comments look like the same point made twice
(to be answered together: mark them `same_as`), and the counts that open the
response table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from drafting.edits import validate
from drafting.errors import Problem
from drafting.model import GENERAL, Comment, Decision, Draft, Feedback

from .consolidate import group_comments


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    pending: list[Comment] = field(default_factory=list)
    groups: list[list[Comment]] = field(default_factory=list)   # near-duplicates not yet marked same_as
    by_decision: dict[Decision, int] = field(default_factory=dict)
    by_section: dict[str, int] = field(default_factory=dict)    # "general" first, then document order
    by_delegate: dict[str, int] = field(default_factory=dict)   # most comments first

    @property
    def ok(self) -> bool:
        return not self.problems


def check(draft: Draft, feedback: Feedback) -> CheckReport:
    """Validate `feedback` against `draft` and summarise it."""
    report = CheckReport(problems=validate(draft, feedback))
    report.pending = [c for c in feedback.comments if c.decision is Decision.PENDING]
    report.groups = [g for g in group_comments(feedback)
                     if len(g) > 1 and any(c.same_as is None for c in g[1:])]

    decisions = Counter(c.decision for c in feedback.comments)
    report.by_decision = {d: decisions[d] for d in Decision if decisions[d]}

    order = {s.id: i for i, s in enumerate(draft.walk())}
    sections: Counter[str] = Counter()
    for c in feedback.comments:
        found = None if c.is_general else draft.find(c.section)
        sections[GENERAL if c.is_general else (found.id if found else c.section)] += 1
    report.by_section = dict(sorted(sections.items(),
                                    key=lambda kv: -1 if kv[0] == GENERAL else order.get(kv[0], len(order))))
    report.by_delegate = dict(Counter(c.by for c in feedback.comments).most_common())
    return report


def skipped_proposals(feedback: Feedback) -> list[Problem]:
    """Pending comments that carry proposed edits (from `collect`): a revise
    leaves those edits out until the comment is decided, which the user should
    hear about rather than find missing."""
    return [Problem(f"pending: its {len(c.edits)} proposed edit(s) were not applied; decide the comment to apply them",
                    vi=f"chưa xử lý: {len(c.edits)} sửa đổi đề xuất chưa được áp dụng; hãy quyết định ý kiến "
                       "để áp dụng", file=c.source, comment=c.id, section=c.section)
            for c in feedback.comments if c.decision is Decision.PENDING and c.edits]


_LABELS = {
    "vi": {"problems": "Lỗi", "pending": "Ý kiến chưa xử lý", "groups": "Ý kiến có thể trùng nhau",
           "hint": "đánh dấu bằng", "summary": "Tổng hợp", "comments": "ý kiến",
           "by_decision": "Theo quyết định", "by_section": "Theo mục", "by_delegate": "Theo người góp ý",
           "general": "chung", "section": "mục", "ok": "Không có lỗi."},
    "en": {"problems": "Problems", "pending": "Pending comments", "groups": "Possible duplicates",
           "hint": "mark them with", "summary": "Summary", "comments": "comments",
           "by_decision": "By decision", "by_section": "By section", "by_delegate": "By delegate",
           "general": "general", "section": "section", "ok": "No problems."},
}


def format_report(report: CheckReport, lang: str = "vi") -> str:
    """The report as text for the terminal (problems included, one line each)."""
    t = _LABELS[lang]
    lines: list[str] = []
    if report.problems:
        lines.append(f"{t['problems']} ({len(report.problems)}):")
        lines.extend(f"  {p.text(lang)}" for p in report.problems)
    else:
        lines.append(t["ok"])
    if report.pending:
        lines.append(f"{t['pending']} ({len(report.pending)}):")
        lines.extend(f"  {_where(c, t)}: {c.by}: {_short(c.text)}" for c in report.pending)
    if report.groups:
        lines.append(f"{t['groups']} ({len(report.groups)}):")
        for group in report.groups:
            first = group[0]
            lines.append(f"  {', '.join(c.id for c in group)} ({_section_name(first, t)}) — "
                         f"{t['hint']} `same_as: {first.id}`")
            lines.extend(f"    {c.id}. {c.by}: {_short(c.text)}" for c in group)
    total = sum(report.by_decision.values())
    lines.append(f"{t['summary']}: {total} {t['comments']}")
    lines.append(f"  {t['by_decision']}: " + "; ".join(f"{d.label(lang)} {n}" for d, n in report.by_decision.items()))
    lines.append(f"  {t['by_section']}: " + "; ".join(
        f"{t['general'] if s == GENERAL else s} {n}" for s, n in report.by_section.items()))
    lines.append(f"  {t['by_delegate']}: " + "; ".join(f"{by} {n}" for by, n in report.by_delegate.items()))
    return "\n".join(lines)


def _where(c: Comment, t: dict[str, str]) -> str:
    return f"{c.id} ({_section_name(c, t)})"


def _section_name(c: Comment, t: dict[str, str]) -> str:
    return t["general"] if c.is_general else f"{t['section']} {c.section}"


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
