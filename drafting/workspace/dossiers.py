"""Dossiers: made from an uploaded draft, their members, their outline.

Service functions take the database session and the signed-in user; the API
and the pages call them alike, and they call the same library functions as
the CLI (`open_draft` checks an upload exactly as `drafting revise` checks a file).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting.errors import InputError
from drafting.reader import open_draft, read_draft

from .access import Forbidden, NotFound, allowed_role, dossier_for
from .files import document_path, store, uploads
from .history import record
from .models import MEMBER_ROLES, CommentRow, Dossier, Membership, Round, User

CREATORS = ("admin", "editor")


def create_dossier(session: Session, user: User, filename: str, data: bytes, title: str | None = None) -> Dossier:
    """A dossier whose round 1 is the uploaded draft, stored unchanged."""
    if user.role not in CREATORS:
        raise Forbidden("only editors create dossiers")
    with uploads([(filename, data)]) as (path,):
        if path.suffix.lower() != ".docx":
            open_draft(path)            # the reader's own words for a .doc, .rtf or .pdf
            raise InputError(f"{path.name}: a draft must be a .docx file")
        draft = open_draft(path)
    document = store(session, user, path.name, data)
    dossier = Dossier(title=(title or "").strip() or draft.title or Path(path.name).stem, created_by=user.id)
    session.add(dossier)
    session.flush()
    session.add(Round(dossier_id=dossier.id, number=1, document_id=document.id))
    session.add(Membership(dossier_id=dossier.id, user_id=user.id, role="editor"))
    record(session, user, dossier.id, "create dossier", None,
           {"title": dossier.title, "draft": document.name, "sha256": document.sha256})
    return dossier


def list_dossiers(session: Session, user: User) -> list[tuple[Dossier, str]]:
    rows = session.execute(select(Dossier, Membership.role).join(Membership, Membership.dossier_id == Dossier.id)
                           .where(Membership.user_id == user.id).order_by(Dossier.id))
    return [(d, r) for d, r in rows]


def current_round(session: Session, dossier: Dossier) -> Round:
    return session.scalars(select(Round).where(Round.dossier_id == dossier.id)
                           .order_by(Round.number.desc()).limit(1)).one()


def draft_path(session: Session, round_: Round) -> Path:
    return document_path(session, round_.document)


def dossier_summary(session: Session, user: User, dossier_id: int) -> dict:
    dossier, role = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    counts: dict[str, int] = {}
    for decision in session.scalars(select(CommentRow.decision).where(CommentRow.round_id == round_.id)):
        counts[decision] = counts.get(decision, 0) + 1
    return {"id": dossier.id, "title": dossier.title, "role": role, "round": round_.number,
            "draft": {"name": round_.document.name, "sha256": round_.document.sha256,
                      "size": round_.document.size},
            "meeting": round_.meeting, "author": round_.author, "date": round_.date,
            "comments": sum(counts.values()), "by_decision": counts,
            "created_at": dossier.created_at.isoformat() + "Z"}


def outline(session: Session, user: User, dossier_id: int) -> list[dict]:
    """The section tree, as `drafting outline --json` prints it."""
    from drafting.outline import outline_json

    dossier, _ = dossier_for(session, user, dossier_id)
    return outline_json(read_draft(draft_path(session, current_round(session, dossier))))


def set_details(session: Session, user: User, dossier_id: int, values: dict) -> dict:
    """Title, meeting, author and date of the revisions (the feedback file's top fields)."""
    dossier, _ = dossier_for(session, user, dossier_id, "manage")
    round_ = current_round(session, dossier)
    before = {"title": dossier.title, "meeting": round_.meeting, "author": round_.author, "date": round_.date}
    if values.get("date"):
        from drafting.model import revision_date
        revision_date(values["date"])     # refuses what is not an ISO date
    if "title" in values and (values["title"] or "").strip():
        dossier.title = values["title"].strip()
    for key in ("meeting", "author", "date"):
        if key in values:
            setattr(round_, key, (values[key] or "").strip() or None)
    after = {"title": dossier.title, "meeting": round_.meeting, "author": round_.author, "date": round_.date}
    record(session, user, dossier.id, "edit dossier", before, after)
    return after


def members(session: Session, user: User, dossier_id: int) -> list[dict]:
    dossier_for(session, user, dossier_id)
    rows = session.execute(select(User.name, Membership.role).join(Membership, Membership.user_id == User.id)
                           .where(Membership.dossier_id == dossier_id).order_by(User.name))
    return [{"name": name, "role": role} for name, role in rows]


def add_member(session: Session, user: User, dossier_id: int, name: str, role: str) -> dict:
    """Invite an account (or change its role); the role never exceeds the account's."""
    dossier_for(session, user, dossier_id, "manage")
    if role not in MEMBER_ROLES:
        raise InputError(f"role {role!r}: expected one of {', '.join(MEMBER_ROLES)}")
    other = session.scalar(select(User).where(User.name == name))
    if other is None or other.disabled:
        raise NotFound(f"user {name}: not found")
    if not allowed_role(other, role):
        raise InputError(f"user {name}: a {other.role} account cannot be a dossier's {role}")
    membership = session.get(Membership, (dossier_id, other.id))
    before = {"name": name, "role": membership.role} if membership else None
    if membership is None:
        session.add(Membership(dossier_id=dossier_id, user_id=other.id, role=role))
    else:
        membership.role = role
    record(session, user, dossier_id, "add member", before, {"name": name, "role": role})
    return {"name": name, "role": role}
