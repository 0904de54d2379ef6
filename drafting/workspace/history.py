"""The history: a row for every change (who, when, what before, what after)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .access import dossier_for
from .models import CommentRow, HistoryRow, User


def record(session: Session, user: User, dossier_id: int, action: str, before: dict | None,
           after: dict | None, comment: CommentRow | None = None) -> None:
    session.add(HistoryRow(dossier_id=dossier_id, comment_id=comment.id if comment else None, user_id=user.id,
                           action=action, before=before, after=after))


def history(session: Session, user: User, dossier_id: int, comment_id: int | None = None,
            limit: int = 500) -> list[dict]:
    dossier_for(session, user, dossier_id)
    query = (select(HistoryRow, User.name).join(User, User.id == HistoryRow.user_id)
             .where(HistoryRow.dossier_id == dossier_id).order_by(HistoryRow.id.desc()).limit(limit))
    if comment_id is not None:
        query = query.where(HistoryRow.comment_id == comment_id)
    return [{"id": row.id, "at": row.at.isoformat() + "Z", "user": name, "action": row.action,
             "comment": row.comment_id, "before": row.before, "after": row.after}
            for row, name in session.execute(query)]
