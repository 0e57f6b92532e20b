"""Who may see, sign up for and manage events. Pure functions, tested as a role x action matrix."""
from __future__ import annotations

from inspraak.accounts.models import Role
from inspraak.accounts.permissions import is_admin

__all__ = ["can_view_roundtable", "can_create_roundtable", "can_edit_roundtable", "can_view_participants",
           "can_export_participants", "can_sign_up", "can_manage_roundtables"]


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def can_manage_roundtables(user) -> bool:
    return _signed_in(user) and user.has_role(Role.POLICY_OFFICER, Role.ADMIN)


def can_create_roundtable(user) -> bool:
    return can_manage_roundtables(user)


def can_edit_roundtable(user, roundtable) -> bool:
    """The policy officer who made it, or an admin."""
    if is_admin(user):
        return True
    return can_manage_roundtables(user) and roundtable.owner_id == user.id


def can_view_roundtable(user, roundtable) -> bool:
    """Public once published; before that only to whoever may edit it."""
    return roundtable.is_published or can_edit_roundtable(user, roundtable)


def can_view_participants(user, roundtable) -> bool:
    """Names, organisations, motivations and needs: the organiser and admins only."""
    return can_edit_roundtable(user, roundtable)


def can_export_participants(user, roundtable) -> bool:
    return can_edit_roundtable(user, roundtable)


def can_sign_up(user, roundtable) -> bool:
    """Signed-in people, verified, for a published event (the window is a service rule)."""
    return _signed_in(user) and user.is_verified and roundtable.is_published
