"""Signing in with a link by e-mail: works once, expires, reveals nothing, needs a POST."""
from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from inspraak.accounts import sign_in_links
from inspraak.accounts.models import User
from inspraak.extensions import db


def _link(outbox, address) -> str:
    return outbox.link(outbox.last_to(address), "/account/inloglink/")


def test_a_link_signs_in_once_after_a_button_press(app, client, build, outbox):
    user = build.user(email="sanne@example.org")
    response = client.post("/account/inloglink", data={"email": "sanne@example.org"})
    assert response.status_code == 302
    link = _link(outbox, "sanne@example.org").replace("http://localhost", "")
    page = client.get(link)
    assert page.status_code == 200 and "<bdi>Test Gebruiker</bdi>" in page.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # following the link alone signs nobody in
    assert client.post(link).status_code == 302
    assert client.get("/account/").status_code == 200  # signed in now
    other = app.test_client()
    assert other.get(link).status_code == 400  # used up


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, outbox):
    known_answer = client.post("/account/inloglink", data={"email": "niemand@example.org"})
    assert known_answer.status_code == 302
    assert outbox.to("niemand@example.org") == []


def test_a_link_older_than_10_minutes_has_expired(app, build):
    import time

    from itsdangerous import TimestampSigner

    from inspraak.errors import DomainError

    class ElevenMinutesAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 11 * 60

    user = build.user()
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=sign_in_links.SIGN_IN_SALT, signer=ElevenMinutesAgo)
    token = old.dumps({"uid": user.id, "fp": sign_in_links._fingerprint(user)})
    with pytest.raises(DomainError, match="verlopen"):
        sign_in_links.user_for_sign_in_token(token)


def test_the_link_also_verifies_the_address(app, build):
    user = build.user(verified=False)
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=sign_in_links.SIGN_IN_SALT)
    token = serializer.dumps({"uid": user.id, "fp": sign_in_links._fingerprint(user)})
    sign_in_links.sign_in_with_link(token)
    assert db.session.get(User, user.id).is_verified


def test_a_tampered_link_is_refused(client, build):
    build.user()
    assert client.get("/account/inloglink/niet-echt").status_code == 400


def test_known_and_unknown_addresses_cost_the_reset_request_the_same_work(app, build, monkeypatch):
    """Both requests queue exactly one job with the same function; only the job looks up."""
    from inspraak import jobs

    queued = []
    monkeypatch.setattr(jobs, "run_job", lambda path, args: queued.append((path, args[0])))
    build.user(email="bekend@example.org")
    client = app.test_client()
    client.post("/account/wachtwoord-vergeten", data={"email": "bekend@example.org"})
    client.post("/account/wachtwoord-vergeten", data={"email": "onbekend@example.org"})
    assert [path for path, _ in queued] == ["inspraak.accounts.services:mail_password_reset_job"] * 2
    assert [email for _, email in queued] == ["bekend@example.org", "onbekend@example.org"]
