"""The dossier's response table and change summary as they stand, for pages
and the API: the same `build_table` and `revise` as the exports, not stored."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from .access import dossier_for
from .dossiers import current_round, draft_path
from .feedback import feedback_of
from .models import User


def response_table(session: Session, user: User, dossier_id: int, lang: str = "vi"):
    """The comment-response table (`comments.table.ResponseTable`) of the current round."""
    from comments.table import build_table
    from drafting.reader import read_draft

    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    return build_table(read_draft(draft_path(session, round_)), feedback_of(session, round_, dossier.title), lang)


def response_table_json(session: Session, user: User, dossier_id: int, lang: str = "vi") -> dict[str, Any]:
    return asdict(response_table(session, user, dossier_id, lang))


def change_summary(session: Session, user: User, dossier_id: int) -> dict[str, Any]:
    """Every change the accepted edits make (`changes.json`'s content); an
    InputError lists the problems when the feedback cannot be applied."""
    import json

    from drafting.changes import changes_json
    from drafting.revise import revise

    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    result = revise(draft_path(session, round_), feedback_of(session, round_, dossier.title))
    return json.loads(changes_json(result.changes))
