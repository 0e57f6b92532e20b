"""The security log records sign-ins, failures, 2FA, role changes and refusals; admins read it."""
from __future__ import annotations

from inspraak.accounts.models import Role
from inspraak.accounts.security_log import SecurityEvent
from inspraak.extensions import db
from tests.helpers import PASSWORD, sign_in


def _kinds() -> list[str]:
    return list(db.session.scalars(db.select(SecurityEvent.kind).order_by(SecurityEvent.id)))


def test_sign_ins_and_failures_are_recorded_without_secrets(app, build):
    user = build.user(email="pien@example.org")
    client = app.test_client()
    client.post("/account/inloggen", data={"email": "pien@example.org", "password": "verkeerd wachtwoord!"})
    client.post("/account/inloggen", data={"email": "niemand@example.org", "password": "ook verkeerd!!"})
    sign_in(client, user)
    client.post("/account/uitloggen")
    assert _kinds() == ["sign_in_failed", "sign_in_failed", "sign_in", "sign_out"]
    rows = db.session.scalars(db.select(SecurityEvent)).all()
    text = " ".join(f"{r.detail} {r.client_hash}" for r in rows)
    assert "verkeerd" not in text and PASSWORD not in text and "niemand@example.org" not in text
    assert "127.0.0.1" not in text and all(r.client_hash for r in rows)  # a keyed hash, not the address


def test_role_changes_and_refusals_are_recorded_and_shown_to_admins_only(app, build, signed_in):
    admin = build.user(Role.ADMIN)
    target = build.user(email="doel@example.org")
    admin_client = signed_in(admin)
    admin_client.post(f"/account/beheer/gebruikers/{target.id}", data={"role": "moderator"})
    participant_client = app.test_client()
    sign_in(participant_client, build.user())
    assert participant_client.get("/account/beheer/gebruikers").status_code == 403
    assert participant_client.get("/account/beheer/beveiligingslog").status_code == 403
    event = db.session.scalar(db.select(SecurityEvent).where(SecurityEvent.kind == "role_changed"))
    assert event.detail == "participant -> moderator" and event.actor_id == admin.id
    refusals = db.session.scalars(db.select(SecurityEvent.detail).where(SecurityEvent.kind == "access_refused")).all()
    assert refusals == ["GET /account/beheer/gebruikers", "GET /account/beheer/beveiligingslog"]
    page = admin_client.get("/account/beheer/beveiligingslog?soort=role_changed").get_data(as_text=True)
    assert "Rol gewijzigd" in page and "<bdi>doel@example.org</bdi>" in page
    assert "<td data-label=\"Gebeurtenis\">Toegang geweigerd</td>" not in page  # the filter works


def test_a_person_can_download_their_security_events(app, build, signed_in):
    user = build.user()
    client = signed_in(user)
    data = client.get("/account/mijn-gegevens.json").get_json()
    assert [event["kind"] for event in data["security_log"]] == ["sign_in"]
