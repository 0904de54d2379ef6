"""A round's comments: stored in the plain shape of DESIGN.md §3, built into the
model by the same code that reads a YAML file, so that every save is validated
as `drafting comments check` would read it.

Saves are optimistic: each names the version it started from, and the update
happens only if the row still has that version (one UPDATE … WHERE version=N,
atomic in SQLite and PostgreSQL); otherwise `Conflict` carries both versions.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from comments.feedback_yaml import comment_dict
from comments.records import Record, build_file_feedback, to_feedback
from drafting.errors import InputError, Problem
from drafting.model import Decision, Feedback

from .access import Conflict, Forbidden, NotFound, dossier_for
from .dossiers import current_round, draft_path
from .files import store, uploads
from .history import record
from .models import CommentRow, Dossier, Round, User, now

FIELDS = ("by", "org", "section", "quote", "text", "decision", "response", "edits", "same_as")
REVIEWER_FIELDS = ("by", "org", "section", "quote", "text")
REDLINE_FIELDS = ("section", "quote", "decision", "edits")     # what a section's redline depends on
MAX_COMMENTS_PER_IMPORT = 20_000


def plain(row: CommentRow) -> dict[str, Any]:
    """The row as a §3 comment mapping."""
    out: dict[str, Any] = {"id": row.number}
    for key in FIELDS:
        value = getattr(row, key)
        if value not in (None, []):
            out[key] = value
    return out


def as_json(row: CommentRow) -> dict[str, Any]:
    return {"key": row.id, "version": row.version, "updated_at": row.updated_at.isoformat() + "Z",
            "source": row.source, **plain(row), "decision": row.decision, "edits": row.edits or []}


def _validated(mapping: dict[str, Any], where: str) -> dict[str, Any]:
    """`mapping` as the feedback reader builds and normalises it, or InputError."""
    built, problems = build_file_feedback(Path(where), {}, [Record(mapping, where)])
    if problems:
        raise InputError(*problems)
    return comment_dict(built.comments[0])


def feedback_of(session: Session, round_: Round, title: str | None = None) -> Feedback:
    """The round's comments as the library's `Feedback`."""
    rows = session.scalars(select(CommentRow).where(CommentRow.round_id == round_.id)
                           .order_by(CommentRow.position, CommentRow.id))
    records = [Record(plain(row), f"comment {row.number}") for row in rows]
    top = {k: v for k, v in (("title", title), ("meeting", round_.meeting), ("author", round_.author),
                             ("date", round_.date)) if v}
    built, problems = build_file_feedback(Path(f"dossier-{round_.dossier_id}"), top, records)
    feedback, merge_problems = to_feedback([built])
    if problems or merge_problems:
        raise InputError(*problems, *merge_problems)
    return feedback


def list_comments(session: Session, user: User, dossier_id: int, *, decision: str | None = None,
                  section: str | None = None, by: str | None = None) -> list[dict[str, Any]]:
    dossier, _ = dossier_for(session, user, dossier_id)
    query = select(CommentRow).where(CommentRow.round_id == current_round(session, dossier).id)
    if decision:
        query = query.where(CommentRow.decision == decision)
    if section:
        query = query.where(CommentRow.section == section)
    if by:
        query = query.where(CommentRow.by == by)
    return [as_json(row) for row in session.scalars(query.order_by(CommentRow.position, CommentRow.id))]


def _row(session: Session, dossier: Dossier, key: int) -> CommentRow:
    row = session.get(CommentRow, key)
    if row is None or row.round_id != current_round(session, dossier).id:
        raise NotFound(f"comment {key}: not found")
    return row


def get_comment(session: Session, user: User, dossier_id: int, key: int) -> dict[str, Any]:
    dossier, _ = dossier_for(session, user, dossier_id)
    return as_json(_row(session, dossier, key))


def _next_number(session: Session, round_: Round) -> tuple[str, int]:
    numbers = set(session.scalars(select(CommentRow.number).where(CommentRow.round_id == round_.id)))
    position = session.scalar(select(func.max(CommentRow.position)).where(CommentRow.round_id == round_.id)) or 0
    n = len(numbers) + 1
    while str(n) in numbers:
        n += 1
    return str(n), position + 1


def add_comment(session: Session, user: User, dossier_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """A comment typed in the workspace; a reviewer gives only what a delegate says."""
    dossier, role = dossier_for(session, user, dossier_id, "comment")
    if role != "editor" and set(values) - set(REVIEWER_FIELDS):
        raise Forbidden("a reviewer adds comments; deciding them is the editors' part")
    round_ = current_round(session, dossier)
    number, position = _next_number(session, round_)
    mapping = {"id": number, "by": user.name, **{k: v for k, v in values.items() if k in FIELDS}}
    mapping = _validated(mapping, f"dossier {dossier.id}")
    _check_same_as(session, round_.id, mapping)
    row = CommentRow(round_id=round_.id, number=mapping["id"], position=position, version=1,
                     updated_by=user.id, source=None, **_columns(mapping))
    session.add(row)
    session.flush()
    if row.edits:
        _redline_changed(session, round_.id)
    record(session, user, dossier.id, "add comment", None, plain(row), row)
    return as_json(row)


def _redline_changed(session: Session, round_id: int) -> None:
    """Mark the round's redlines as changed (the preview cache's key), in the same transaction."""
    session.execute(update(Round).where(Round.id == round_id)
                    .values(redline_version=Round.redline_version + 1)
                    .execution_options(synchronize_session=False))


def _check_same_as(session: Session, round_id: int, mapping: dict[str, Any]) -> None:
    """`same_as` must name another comment of the round (as `to_feedback` requires)."""
    other = mapping.get("same_as")
    if other is None:
        return
    if other == mapping["id"]:
        raise InputError("`same_as` names the comment itself", comment=mapping["id"])
    if session.scalar(select(CommentRow.id).where(CommentRow.round_id == round_id,
                                                  CommentRow.number == other)) is None:
        raise InputError(f"`same_as` names comment {other}, which does not exist", comment=mapping["id"])


def _columns(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: mapping.get(key, [] if key == "edits" else "pending" if key == "decision" else None)
            for key in FIELDS}


def save_comment(session: Session, user: User, dossier_id: int, key: int, version: int,
                 values: dict[str, Any]) -> dict[str, Any]:
    """Change a comment's decision, response, edits (or its other fields) if it
    is still at `version`; `Conflict` otherwise. Committed by the caller."""
    dossier, _ = dossier_for(session, user, dossier_id, "decide")
    row = _row(session, dossier, key)
    before = plain(row)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InputError(f"comment {row.number}: unknown field {', '.join(sorted(unknown))}")
    mapping = {**before, **values}
    if mapping.get("decision") == Decision.PENDING.value and "response" not in values:
        mapping.pop("response", None)
    mapping = {k: v for k, v in mapping.items() if v not in (None, "", [])}
    mapping = _validated(mapping, f"dossier {dossier.id}")
    _check_same_as(session, row.round_id, mapping)
    done = session.execute(update(CommentRow).where(CommentRow.id == row.id, CommentRow.version == version)
                           .values(**_columns(mapping), version=CommentRow.version + 1, updated_by=user.id,
                                   updated_at=now())
                           .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        session.rollback()
        current = session.get(CommentRow, key)
        session.refresh(current)
        raise Conflict(current=as_json(current), yours={**mapping, "version": version})
    session.refresh(row)
    if any(before.get(k) != plain(row).get(k) for k in REDLINE_FIELDS):
        _redline_changed(session, row.round_id)
    record(session, user, dossier.id, "save comment", before, plain(row), row)
    return as_json(row)


def import_files(session: Session, user: User, dossier_id: int, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Comments from feedback sheets, YAML files and marked-up Word copies
    (`comments.intake.read_feedback`, `comments.collect.collect`), added to the
    round; an id already taken gets the file's stem as prefix, as when merging files."""
    from comments.collect import collect
    from comments.intake import read_feedback

    dossier, _ = dossier_for(session, user, dossier_id, "decide")
    if not files:
        raise InputError("no file given")
    round_ = current_round(session, dossier)
    with uploads(files) as paths:
        marked = [p for p in paths if p.suffix.lower() == ".docx"]
        sheets = [p for p in paths if p.suffix.lower() != ".docx"]
        found: list[tuple[Path, Feedback]] = []
        if sheets:
            found.append((sheets[0], read_feedback(sheets)))
        if marked:
            found.append((marked[0], collect(draft_path(session, round_), marked)))
    stored = [store(session, user, name, data) for name, data in files]
    taken = set(session.scalars(select(CommentRow.number).where(CommentRow.round_id == round_.id)))
    _, position = _next_number(session, round_)
    added = []
    for path, feedback in found:
        if len(feedback.comments) > MAX_COMMENTS_PER_IMPORT:
            raise InputError(f"{path.name}: more than {MAX_COMMENTS_PER_IMPORT} comments")
        renamed = {c.id: _free(c.id, path.stem, taken)
                   for c in feedback.comments}
        for c in feedback.comments:
            mapping = comment_dict(c)
            mapping["id"] = renamed[c.id]
            if c.same_as:
                mapping["same_as"] = renamed.get(c.same_as, c.same_as)
            row = CommentRow(round_id=round_.id, number=mapping["id"], position=position, version=1,
                             updated_by=user.id, source=Path(c.source).name if c.source else path.name,
                             **_columns(mapping))
            position += 1
            session.add(row)
            added.append(row)
        for key in ("meeting", "author", "date"):
            if getattr(feedback, key) and not getattr(round_, key):
                setattr(round_, key, getattr(feedback, key))
    session.flush()
    _redline_changed(session, round_.id)
    summary = {"files": [{"name": d.name, "sha256": d.sha256, "size": d.size} for d in stored],
               "added": len(added), "by_decision": _count(added)}
    record(session, user, dossier.id, "import", None, summary)
    return summary


def _free(number: str, stem: str, taken: set[str]) -> str:
    candidate, n = number, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}:{number}" if n == 2 else f"{stem}:{number}~{n}"
    taken.add(candidate)
    return candidate


def _count(rows: list[CommentRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.decision] = counts.get(row.decision, 0) + 1
    return counts


def problems(session: Session, user: User, dossier_id: int, lang: str = "vi") -> dict[str, Any]:
    """What `drafting comments check` reports for the dossier."""
    from comments.check import check, format_report
    from drafting.reader import read_draft

    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    feedback = feedback_of(session, round_, dossier.title)
    report = check(read_draft(draft_path(session, round_)), feedback)
    return {"ok": report.ok, "problems": [problem_json(p) for p in report.problems],
            "pending": [c.id for c in report.pending], "groups": [[c.id for c in g] for g in report.groups],
            "by_decision": {d.value: n for d, n in report.by_decision.items()},
            "by_section": report.by_section, "by_delegate": report.by_delegate,
            "report": format_report(report, lang)}


def problem_json(p: Problem) -> dict[str, Any]:
    return {"message": p.message, "comment": p.comment, "section": p.section, "text": str(p)}
