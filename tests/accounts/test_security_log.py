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


def test_an_admin_signs_a_person_out_everywhere(app, build, signed_in):
    """ASVS 7.4.5: a lost laptop or a suspected take-over; the person's other devices are out at once."""
    admin = build.user(Role.ADMIN)
    target = build.user(email="kwijt@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, target)
    sign_in(phone, target)
    assert laptop.get("/account/").status_code == 200
    admin_client = signed_in(admin)
    assert "Overal uitloggen" in admin_client.get(f"/account/beheer/gebruikers/{target.id}").get_data(as_text=True)
    response = admin_client.post(f"/account/beheer/gebruikers/{target.id}/uitloggen")
    assert response.status_code == 302
    for device in (laptop, phone):
        assert "/account/inloggen" in device.get("/account/").headers.get("Location", "")
    event = db.session.scalar(db.select(SecurityEvent).where(SecurityEvent.kind == "sessions_ended"))
    assert event.user_id == target.id and event.actor_id == admin.id
    assert admin_client.get("/account/").status_code == 200  # the admin's own session is untouched
    sign_in(laptop, target)  # signing in again works
    assert laptop.get("/account/").status_code == 200


def test_an_admin_ends_their_own_sessions_by_signing_out(app, build, signed_in):
    admin = build.user(Role.ADMIN)
    client = signed_in(admin)
    assert "Overal uitloggen" not in client.get(f"/account/beheer/gebruikers/{admin.id}").get_data(as_text=True)
    page = client.post(f"/account/beheer/gebruikers/{admin.id}/uitloggen", follow_redirects=True).get_data(as_text=True)
    assert "Uitloggen" in page and client.get("/account/").status_code == 200
    assert "sessions_ended" not in _kinds()


def test_rate_limit_refusals_are_logged_once_per_limit_and_client(tmp_path):
    from tests.builders import builders
    from tests.helpers import make_app

    app = make_app(tmp_path, SIGN_IN_RATE_LIMIT="2 per minute")
    with app.app_context():
        builders().user(email="pien@example.org")
        client = app.test_client()
        statuses = [client.post("/account/inloggen", data={"email": "pien@example.org", "password": "fout!"},
                                environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code for _ in range(6)]
        assert statuses.count(429) >= 3
        limited = db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.kind == "rate_limited")).all()
        assert len(limited) == 1 and limited[0].detail.startswith("POST /account/inloggen (")
        client.post("/account/inloggen", data={"email": "pien@example.org", "password": "fout!"},
                    environ_base={"REMOTE_ADDR": "198.51.100.9"})
        client.post("/account/inloggen", data={"email": "pien@example.org", "password": "fout!"},
                    environ_base={"REMOTE_ADDR": "198.51.100.9"})
        client.post("/account/inloggen", data={"email": "pien@example.org", "password": "fout!"},
                    environ_base={"REMOTE_ADDR": "198.51.100.9"})
        clients = db.session.scalars(db.select(SecurityEvent.client_hash).where(SecurityEvent.kind == "rate_limited")).all()
        assert len(clients) == 2 and len(set(clients)) == 2  # another address is logged on its own


def test_a_filled_honeypot_is_logged_once_per_form_and_client(app, build, signed_in):
    survey = build.survey()
    client = app.test_client()
    for _ in range(3):
        page = client.post(f"/enquetes/{survey.slug}/invullen", data={"category": "citizen", "website": "http://spam"},
                           environ_base={"REMOTE_ADDR": "192.0.2.44"})
        assert "Laat dit veld leeg" in page.get_data(as_text=True)
    events = db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.kind == "honeypot_filled")).all()
    assert len(events) == 1 and events[0].detail == f"POST /enquetes/{survey.slug}/invullen" and events[0].client_hash
