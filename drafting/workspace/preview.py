"""A section's redline after every accepted edit, computed by the engine.

The dossier's draft is revised with the round's feedback (`drafting.revise`,
as `drafting revise` does) and the section's paragraphs are rendered from the
revision elements written (`drafting.oxml.redline`). Comments whose edits have
problems are left out of the run, and their problems are returned beside it,
so one bad edit does not hide the others' redline.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from drafting.edits import plan_edits
from drafting.errors import InputError
from drafting.model import Draft, Feedback
from drafting.oxml.ns import w
from drafting.oxml.redline import paragraphs_html
from drafting.oxml.text import iter_block_paragraphs
from drafting.reader import open_draft
from drafting.revise import Revision, revise

from .access import NotFound, dossier_for
from .dossiers import current_round, draft_path
from .feedback import problem_json, feedback_of
from .models import User

MAX_PLANS = 4


def applicable(draft: Draft, feedback: Feedback) -> tuple[Feedback, list]:
    """`feedback` without the comments whose edits have problems, and those problems."""
    problems: list = []
    kept = Feedback(**{**vars(feedback), "comments": list(feedback.comments)})
    for _ in range(MAX_PLANS):
        plan = plan_edits(draft, kept)
        if not plan.problems:
            return kept, problems
        problems.extend(plan.problems)
        named = {p.comment for p in plan.problems}
        if None in named:           # a problem of the whole feedback: nothing applies
            break
        kept.comments = [c for c in kept.comments if c.id not in named]
    kept.comments = []
    return kept, problems


def section_paragraphs(draft: Draft, section_id: str) -> list:
    """The section's own `w:p` elements after revision, with the paragraphs
    inserted after them (which have no section of their own yet)."""
    home = {id(p.element): p.section.id for p in draft.paragraphs}
    body = draft.document.element.find(w("body"))
    current, out = None, []
    for p, _, _ in iter_block_paragraphs(body):
        current = home.get(id(p), current)
        if current == section_id:
            out.append(p)
    return out


def section_preview(session: Session, user: User, dossier_id: int, section_id: str) -> dict[str, Any]:
    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    feedback = feedback_of(session, round_, dossier.title)
    draft = open_draft(draft_path(session, round_))
    section = draft.find(section_id)
    if section is None:
        raise NotFound(f"section {section_id}: not in the draft")
    kept, problems = applicable(draft, feedback)
    revision: Revision = revise(draft, kept)
    owners = {el: change.comments for change in revision.changes for el in change.elements}
    mine = {c.id for c in feedback.comments if not c.is_general and draft.find(c.section) is section}
    return {
        "section": section.id,
        "html": paragraphs_html(section_paragraphs(draft, section.id), owners),
        "changes": [c.to_json() for c in revision.changes if c.section == section.id],
        "problems": [problem_json(p) for p in problems if p.section == section.id or p.comment in mine],
        "problems_elsewhere": sum(1 for p in problems if not (p.section == section.id or p.comment in mine)),
    }
