"""Who may do what to a dossier: the service layer's errors and checks.

A dossier the user is not a member of is `NotFound`, never `Forbidden`, so
that no answer reveals that it exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .models import Dossier, Membership, User

# What each dossier role may do; a membership role never exceeds the account's.
RIGHTS = {
    "editor": {"read", "comment", "decide", "manage"},
    "reviewer": {"read", "comment"},
    "viewer": {"read"},
}
ACCOUNT_CEILING = {"admin": "editor", "editor": "editor", "reviewer": "reviewer", "viewer": "viewer"}
_RANK = {"viewer": 0, "reviewer": 1, "editor": 2}


class NotFound(Exception):
    """No such thing, or one the user may not know of."""


class Forbidden(Exception):
    """A member asking for what their role does not allow."""


@dataclass
class Conflict(Exception):
    """A save that names an old version: both versions, for the user to choose."""
    current: dict[str, Any]
    yours: dict[str, Any]


def allowed_role(user: User, role: str) -> bool:
    """Whether `user`'s account may hold `role` in a dossier."""
    return _RANK[role] <= _RANK[ACCOUNT_CEILING[user.role]]


def dossier_for(session: Session, user: User, dossier_id: int, right: str = "read") -> tuple[Dossier, str]:
    """The dossier and the user's role in it, if the user may `right` it."""
    membership = session.get(Membership, (dossier_id, user.id))
    dossier = session.get(Dossier, dossier_id) if membership else None
    if dossier is None:
        raise NotFound(f"dossier {dossier_id}: not found")
    role = min(membership.role, ACCOUNT_CEILING[user.role], key=_RANK.__getitem__)
    if right not in RIGHTS[role]:
        raise Forbidden(f"dossier {dossier_id}: a {role} may not do this")
    return dossier, role
