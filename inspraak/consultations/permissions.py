"""Who may see and change a consultation. Pure functions, tested as a role x action matrix.

Who may moderate a consultation's responses is moderation's (``moderation.permissions``):
only the moderators assigned to it, and admins."""
from __future__ import annotations

from inspraak.accounts.permissions import can_manage_consultations, is_admin

__all__ = ["can_view_consultation", "can_create_consultation", "can_edit_consultation"]


def _is_owner(user, consultation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and consultation.owner_id == user.id


def can_view_consultation(user, consultation) -> bool:
    """Public once opened; a draft only to its owner and admins."""
    if consultation.is_public:
        return True
    return _is_owner(user, consultation) or is_admin(user)


def can_create_consultation(user) -> bool:
    return can_manage_consultations(user)


def can_edit_consultation(user, consultation) -> bool:
    """The owning policy officer, or an admin."""
    if is_admin(user):
        return True
    return can_manage_consultations(user) and _is_owner(user, consultation)
