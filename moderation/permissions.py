"""Who may review, decide, assign and report. Pure functions of the user and the objects
(the assignments come with the consultation), tested as a role x action matrix.

- Assigned moderators and admins act on a consultation's responses (approve, redact,
  hide, restore); a moderator who is not assigned to it cannot, not even by URL.
- The consultation's owner (a policy officer) and admins assign moderators; the owner
  may also read the queue, the dashboard and the decision log, but does not decide.
- Anyone may report a published answer.
"""
from __future__ import annotations

from inspraak.accounts.models import Role
from inspraak.accounts.permissions import is_admin
from inspraak.consultations.permissions import can_edit_consultation

__all__ = ["is_assigned", "can_moderate", "can_view_moderation", "can_assign_moderators",
           "can_be_assigned", "can_use_moderation", "shows_moderation_menu", "can_report"]


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_assigned(user, consultation) -> bool:
    if not _signed_in(user):
        return False
    return any(a.user_id == user.id for a in getattr(consultation, "moderator_assignments", ()))


def can_be_assigned(user) -> bool:
    """Only accounts with the moderator role (and not erased) can be assigned."""
    return _signed_in(user) and user.has_role(Role.MODERATOR) and getattr(user, "deleted_at", None) is None


def can_moderate(user, consultation) -> bool:
    """Decide on responses: admins, and moderators assigned to this consultation."""
    if is_admin(user):
        return True
    return can_be_assigned(user) and is_assigned(user, consultation)


def can_view_moderation(user, consultation) -> bool:
    """Read the queue, the originals, the dashboard and the decision log."""
    return can_moderate(user, consultation) or can_edit_consultation(user, consultation)


def can_assign_moderators(user, consultation) -> bool:
    """The consultation's owner (while a policy officer) or an admin."""
    return can_edit_consultation(user, consultation)


def can_use_moderation(user) -> bool:
    """The list of consultations to moderate (/moderatie/): moderators, policy officers and admins."""
    return _signed_in(user) and user.has_role(Role.MODERATOR, Role.POLICY_OFFICER, Role.ADMIN)


def shows_moderation_menu(user) -> bool:
    """The "Moderatie" main-menu item, for moderators; officers and admins already have a full
    menu (it must fit on one line at 1280 px) and reach moderation from the consultation page."""
    return _signed_in(user) and user.has_role(Role.MODERATOR)


def can_report(user, item) -> bool:
    """Anyone, signed in or not, may report an answer while it is published."""
    return item.is_published
