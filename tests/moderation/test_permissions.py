"""Moderation's permission matrix: every role against every action, for a consultation
the person is assigned to (or owns) and one they are not. Written out in full, so a
change of policy is a visible change here."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from inspraak.accounts.models import Role
from moderation import permissions as mp

ROLES = ["anonymous", "participant", "organisation", "moderator", "policy_officer", "admin"]
ME = 2


def _user(role: str):
    if role == "anonymous":
        return AnonymousUserMixin()
    return SimpleNamespace(id=ME, is_authenticated=True, role=role, deleted_at=None,
                           has_role=lambda *roles: Role(role) in roles)


def _consultation(*, mine: bool):
    """Open; ``mine``: I am its owner and assigned as its moderator (each counts only for my role)."""
    assignments = [SimpleNamespace(user_id=ME if mine else 99)]
    return SimpleNamespace(owner_id=ME if mine else 1, status="open", is_public=True, moderator_assignments=assignments)


#   role:                      anon  part  org   mod   officer admin
MATRIX = {
    "decide (assigned/own)":   (0,    0,    0,    1,    0,      1),
    "decide (other)":          (0,    0,    0,    0,    0,      1),
    "view queue (assigned/own)": (0,  0,    0,    1,    1,      1),
    "view queue (other)":      (0,    0,    0,    0,    0,      1),
    "assign (own)":            (0,    0,    0,    0,    1,      1),
    "assign (other)":          (0,    0,    0,    0,    0,      1),
    "can be assigned":         (0,    0,    0,    1,    0,      0),
    "moderation list":         (0,    0,    0,    1,    1,      1),
    "moderation menu item":    (0,    0,    0,    1,    0,      0),
    "report published":        (1,    1,    1,    1,    1,      1),
    "report unpublished":      (0,    0,    0,    0,    0,      0),
}

ACTIONS = {
    "decide (assigned/own)": lambda u: mp.can_moderate(u, _consultation(mine=True)),
    "decide (other)": lambda u: mp.can_moderate(u, _consultation(mine=False)),
    "view queue (assigned/own)": lambda u: mp.can_view_moderation(u, _consultation(mine=True)),
    "view queue (other)": lambda u: mp.can_view_moderation(u, _consultation(mine=False)),
    "assign (own)": lambda u: mp.can_assign_moderators(u, _consultation(mine=True)),
    "assign (other)": lambda u: mp.can_assign_moderators(u, _consultation(mine=False)),
    "can be assigned": mp.can_be_assigned,
    "moderation list": mp.can_use_moderation,
    "moderation menu item": mp.shows_moderation_menu,
    "report published": lambda u: mp.can_report(u, SimpleNamespace(is_published=True)),
    "report unpublished": lambda u: mp.can_report(u, SimpleNamespace(is_published=False)),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, action):
    expected = bool(MATRIX[action][ROLES.index(role)])
    assert ACTIONS[action](_user(role)) is expected


def test_an_assigned_moderator_who_lost_the_role_can_no_longer_decide():
    former = _user("participant")
    assert mp.is_assigned(former, _consultation(mine=True))
    assert not mp.can_moderate(former, _consultation(mine=True))


def test_an_erased_moderator_cannot_be_assigned():
    erased = SimpleNamespace(id=ME, is_authenticated=True, role="moderator", deleted_at=object(),
                             has_role=lambda *roles: Role.MODERATOR in roles)
    assert not mp.can_be_assigned(erased)
