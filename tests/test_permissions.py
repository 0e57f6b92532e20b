"""The permission matrix: every role against every action, on objects in every state.

The expected table is written out in full, so a change of policy is a visible change here.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from inspraak.accounts import permissions as ap
from inspraak.accounts.models import Role
from inspraak.consultations import permissions as cp

ROLES = ["anonymous", "participant", "organisation", "moderator", "policy_officer", "admin"]
OWNER_ID = 1


def _user(role: str):
    if role == "anonymous":
        return AnonymousUserMixin()
    return SimpleNamespace(id=2, is_authenticated=True, role=role, has_role=lambda *roles: Role(role) in roles)


def _owner():
    return SimpleNamespace(id=OWNER_ID, is_authenticated=True, role="policy_officer",
                           has_role=lambda *roles: Role.POLICY_OFFICER in roles)


def _consultation(status: str):
    return SimpleNamespace(owner_id=OWNER_ID, status=status, is_public=status != "draft")


#   role:            anon   part   org    mod    officer admin
MATRIX = {
    "view draft":     (0,     0,     0,     0,     0,      1),
    "view open":      (1,     1,     1,     1,     1,      1),
    "view reported":  (1,     1,     1,     1,     1,      1),
    "edit draft":     (0,     0,     0,     0,     0,      1),
    "edit open":      (0,     0,     0,     0,     0,      1),
    "create":         (0,     0,     0,     0,     1,      1),
    "manage users":   (0,     0,     0,     0,     0,      1),
    "api token":      (0,     0,     0,     0,     1,      1),
}

ACTIONS = {
    "view draft": lambda u: cp.can_view_consultation(u, _consultation("draft")),
    "view open": lambda u: cp.can_view_consultation(u, _consultation("open")),
    "view reported": lambda u: cp.can_view_consultation(u, _consultation("reported")),
    "edit draft": lambda u: cp.can_edit_consultation(u, _consultation("draft")),
    "edit open": lambda u: cp.can_edit_consultation(u, _consultation("open")),
    "create": cp.can_create_consultation,
    "manage users": ap.can_manage_users,
    "api token": ap.can_create_api_token,
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_matrix_for_someone_elses_objects(role, action):
    expected = bool(MATRIX[action][ROLES.index(role)])
    assert ACTIONS[action](_user(role)) is expected


@pytest.mark.parametrize("status", ["draft", "open", "closed", "reported"])
def test_the_owner_may_view_and_edit_their_own_consultation(status):
    owner = _owner()
    assert cp.can_view_consultation(owner, _consultation(status))
    assert cp.can_edit_consultation(owner, _consultation(status))


def test_an_owner_who_lost_the_policy_officer_role_can_no_longer_edit():
    former = SimpleNamespace(id=OWNER_ID, is_authenticated=True, role="participant",
                             has_role=lambda *roles: Role.PARTICIPANT in roles)
    assert not cp.can_edit_consultation(former, _consultation("open"))


def test_none_is_treated_as_anonymous():
    assert not cp.can_view_consultation(None, _consultation("draft"))
    assert cp.can_view_consultation(None, _consultation("open"))
    assert not ap.can_manage_users(None)
