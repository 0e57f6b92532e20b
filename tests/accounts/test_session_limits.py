"""Sessions end on the server after inactivity and after an absolute lifetime."""
from __future__ import annotations

import pytest

from inspraak.accounts.models import Role


def _age(client, key: str, seconds: float) -> None:
    with client.session_transaction() as session:
        session[key] = session.get(key, session["authenticated_at"]) - seconds


@pytest.mark.parametrize("role,idle_minutes", [(Role.POLICY_OFFICER, 31), (Role.PARTICIPANT, 8 * 60 + 1)])
def test_an_idle_session_ends(build, signed_in, role, idle_minutes):
    client = signed_in(build.user(role))
    client.get("/account/")
    _age(client, "last_seen_at", idle_minutes * 60)
    response = client.get("/account/")
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    assert client.get("/account/").status_code == 302  # really signed out


def test_activity_keeps_a_staff_session_alive(build, signed_in):
    client = signed_in(build.user(Role.MODERATOR))
    _age(client, "last_seen_at", 20 * 60)
    assert client.get("/account/").status_code == 200
    _age(client, "last_seen_at", 20 * 60)  # 20 minutes after the last request, not the first
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize("role,hours", [(Role.ADMIN, 12.1), (Role.ORGANISATION, 7 * 24 + 1)])
def test_a_session_ends_after_its_absolute_lifetime_even_when_active(build, signed_in, role, hours):
    client = signed_in(build.user(role))
    _age(client, "authenticated_at", hours * 3600)
    with client.session_transaction() as session:
        session["last_seen_at"] = session["authenticated_at"] + hours * 3600  # active a moment ago
    assert client.get("/account/").status_code == 302


def test_a_participant_idle_for_an_hour_stays_signed_in(build, signed_in):
    client = signed_in(build.user())
    _age(client, "last_seen_at", 3600)
    assert client.get("/account/").status_code == 200
