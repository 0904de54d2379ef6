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
from .preview import _cache as memo, _draft as read_cached


def response_table(session: Session, user: User, dossier_id: int, lang: str = "vi"):
    """The comment-response table (`comments.table.ResponseTable`) of the current round."""
    from comments.table import build_table

    dossier, _ = dossier_for(session, user, dossier_id)
    round_ = current_round(session, dossier)
    _, draft = read_cached(session, round_)      # build_table only reads the draft
    return build_table(draft, feedback_of(session, round_, dossier.title), lang)


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
    # The changes depend only on what the round's redline version keys (as the previews do).
    cache = memo(session, "previews")
    key = ("changes", round_.id, round_.redline_version, round_.document.sha256, round_.author, round_.date)
    cached = cache.get(key)
    if cached is None:
        result = revise(draft_path(session, round_), feedback_of(session, round_, dossier.title))
        cached = changes_json(result.changes)
        cache.put(key, cached)
    return json.loads(cached)
