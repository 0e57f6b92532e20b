"""Who may do what with accounts. Pure functions of the user: no request, no database."""
from __future__ import annotations

from inspraak.accounts.models import Role

__all__ = ["is_admin", "can_manage_users", "can_create_api_token", "can_manage_consultations"]


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    return _signed_in(user) and user.has_role(Role.ADMIN)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_create_api_token(user) -> bool:
    return _signed_in(user) and user.has_role(Role.POLICY_OFFICER, Role.ADMIN)


def can_manage_consultations(user) -> bool:
    """Policy officers and admins create consultations and see the management pages."""
    return _signed_in(user) and user.has_role(Role.POLICY_OFFICER, Role.ADMIN)
