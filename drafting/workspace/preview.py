"""A section's redline after every accepted edit, computed by the engine.

The dossier's draft is revised (`drafting.revise.revise`, as `drafting revise`
does) with the comments whose edits can change the section's own paragraphs —
those aimed at it, at its sub-sections, or at its siblings (an added or removed
sibling renumbers it) — and the section's paragraphs are rendered from the
revision elements written (`drafting.oxml.redline`). Comments whose edits have
problems are left out of the run and their problems returned beside it, so
one bad edit does not hide the others' redline.

A preview is a pure function of the draft and those comments' sections,
decisions and edits, so it is memoised on them: saving a response, or a
comment elsewhere, does not recompute it; and on the round's redline version,
bumped by every change that can alter a redline, so that asking again reads
no comment at all.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from comments.records import Record, build_file_feedback, to_feedback
from drafting.edits import plan_edits
from drafting.errors import InputError
from drafting.model import Draft, Feedback, Section
from drafting.oxml.ns import w
from drafting.oxml.redline import paragraphs_html
from drafting.oxml.text import iter_block_paragraphs
from drafting.reader import open_draft, read_draft
from drafting.revise import track_changes
from drafting.ids import canonical_id

from .access import NotFound, dossier_for
from .dossiers import current_round, draft_path
from .feedback import REDLINE_FIELDS, problem_json
from .models import CommentRow, Round, User

MAX_PLANS = 4
EDIT_TARGETS = ("section", "after_section", "before_section", "remove_section")
ROW_FIELDS = ("number", "by", *REDLINE_FIELDS)     # `by`: problems name the delegate, as check does


class Memo:
    """A small thread-safe LRU (of previews, of read drafts); one per database,
    kept in its session factory's `info` (see `app.create_app`)."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)




def caches() -> dict[str, Memo]:
    """The caches a session factory's `info` holds for the previews."""
    return {"previews": Memo(512), "drafts": Memo(8)}


_NONE: dict[str, Memo] = {}


def _cache(session: Session, name: str) -> Memo:
    return session.info.get(name) or _NONE.setdefault(name, Memo(0))


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


def reach(draft: Draft, section: Section) -> set[str]:
    """Canonical IDs of the sections whose edits can change `section`'s own paragraphs."""
    siblings = section.parent.children if section.parent else draft.sections
    return {canonical_id(s.id) for s in [*siblings, *section.walk()]}


def _targets(row: dict) -> set[str]:
    found = {row["section"]} if row["section"] else set()
    for edit in row["edits"] or []:
        found.update(edit[k] for k in EDIT_TARGETS if isinstance(edit.get(k), str))
    return {canonical_id(t) for t in found}


def _draft(session: Session, round_: Round) -> tuple[Path, Draft]:
    path = draft_path(session, round_)
    drafts = _cache(session, "drafts")      # document hash → Draft read for its section tree (never changed)
    draft = drafts.get(round_.document.sha256)
    if draft is None:
        draft = read_draft(path)
        drafts.put(round_.document.sha256, draft)
    return path, draft


def section_preview(session: Session, user: User, dossier_id: int, section_id: str) -> dict[str, Any]:
    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    path, outline = _draft(session, round_)
    section = outline.find(section_id)
    if section is None:
        raise NotFound(f"section {section_id}: not in the draft")
    settings = (round_.author, round_.date)
    # First the round's redline version (no comment read), then what the
    # section's redline depends on (unchanged by saves elsewhere).
    previews = _cache(session, "previews")
    quick = ("round", round_.id, round_.redline_version, round_.document.sha256, section.id, settings)
    cached = previews.get(quick)
    if cached is not None:
        return cached
    near = reach(outline, section)
    columns = [getattr(CommentRow, f) for f in ROW_FIELDS]
    rows = [dict(zip(ROW_FIELDS, r)) for r in session.execute(
        select(*columns).where(CommentRow.round_id == round_.id).order_by(CommentRow.position, CommentRow.id))]
    relevant = [r for r in rows if _targets(r) & near]
    key = hashlib.sha256(json.dumps([round_.document.sha256, section.id, settings, relevant],
                                    sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    cached = previews.get(key)
    if cached is None:
        cached = _compute(path, section.id, relevant, round_)
        previews.put(key, cached)
    previews.put(quick, cached)
    return cached


def _compute(path: Path, section_id: str, rows: list[dict], round_: Round) -> dict[str, Any]:
    records = [Record({"id": r["number"], "by": r["by"], "text": "-", "response": "-",
                       **{k: r[k] for k in REDLINE_FIELDS[1:] if r[k] not in (None, [])}},
                      f"comment {r['number']}") for r in rows]
    top = {k: v for k, v in (("author", round_.author), ("date", round_.date)) if v}
    built, problems = build_file_feedback(Path(f"dossier-{round_.dossier_id}"), top, records)
    feedback, merged = to_feedback([built])
    if problems or merged:
        raise InputError(*problems, *merged)
    draft = open_draft(path)
    try:
        changes, problems = track_changes(draft, feedback), []
    except InputError:              # plan problems; nothing was changed: leave their comments out
        kept, problems = applicable(draft, feedback)
        changes = track_changes(draft, kept)
    owners = {el: change.comments for change in changes for el in change.elements}
    return {
        "section": section_id,
        "html": paragraphs_html(section_paragraphs(draft, section_id), owners),
        "changes": [c.to_json() for c in changes if c.section == section_id],
        "problems": [problem_json(p) for p in problems],
    }
