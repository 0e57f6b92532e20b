"""Who may see and correct a consultation's summary: the policy officer who owns the
consultation, and admins. Pure functions, tested as a role x action matrix."""
from __future__ import annotations

from inspraak.accounts.permissions import can_manage_consultations
from inspraak.consultations.permissions import can_edit_consultation

__all__ = ["can_view_summaries", "can_view_summary", "can_correct_summary"]


def can_view_summaries(user) -> bool:
    """The menu item: policy officers and admins."""
    return can_manage_consultations(user)


def can_view_summary(user, consultation) -> bool:
    return can_edit_consultation(user, consultation)


def can_correct_summary(user, consultation) -> bool:
    return can_edit_consultation(user, consultation)
