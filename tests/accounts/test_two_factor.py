"""Two-factor sign-in for staff (TOTP with pyotp, recovery codes, re-authentication)."""
from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from inspraak.accounts import two_factor
from inspraak.accounts.models import Role, User
from inspraak.database import utcnow
from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import PASSWORD, Outbox, make_app, make_demo_app, sign_in


@pytest.fixture
def app2fa(tmp_path):
    app = make_app(tmp_path, STAFF_TWO_FACTOR=True)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def build(app2fa):
    return builders()


@pytest.fixture
def outbox(app2fa):
    return Outbox(app2fa.config["MAIL_OUTBOX"])


def _code(user: User, steps_ahead: int = 0) -> str:
    totp = pyotp.TOTP(user.totp_secret)
    return totp.at(utcnow() + timedelta(seconds=30 * steps_ahead))


def _enrol(client, user) -> list[str]:
    """Enrol through the pages, as a person would: read the key, answer with a code."""
    page = client.get("/account/tweestaps/instellen").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, rendered on the server
    secret = re.search(r'<code class="secret" lang="en">([A-Z2-7]+)</code>', page).group(1)
    code = pyotp.TOTP(secret).now()
    response = client.post("/account/tweestaps/instellen", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/tweestaps/herstelcodes")
    codes_page = client.get("/account/tweestaps/herstelcodes").get_data(as_text=True)
    codes = re.findall(r"<code>((?:[0-9a-f]{4}-){6}[0-9a-f]{4})</code>", codes_page)
    assert len(codes) == 10
    assert client.get("/account/tweestaps/herstelcodes").status_code == 302  # shown once
    db.session.expire_all()
    return codes


def test_staff_without_two_factor_reach_only_the_enrolment_page(app2fa, build):
    officer = build.user(Role.POLICY_OFFICER)
    client = app2fa.test_client()
    response = sign_in(client, officer)
    assert response.headers["Location"].endswith("/account/tweestaps/instellen")
    for path in ("/", "/consultaties/beheer", "/account/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/account/tweestaps/instellen")
    assert client.get("/account/tweestaps/instellen").status_code == 200


def test_participants_are_not_asked_for_a_second_factor(app2fa, build):
    client = app2fa.test_client()
    assert sign_in(client, build.user()).headers["Location"].endswith("/")
    assert client.get("/account/").status_code == 200


def test_enrolled_staff_sign_in_with_password_and_code(app2fa, build):
    admin = build.user(Role.ADMIN)
    client = app2fa.test_client()
    sign_in(client, admin)
    _enrol(client, admin)
    client.post("/account/uitloggen")
    response = sign_in(client, admin)
    assert response.headers["Location"].endswith("/account/tweestaps")
    assert client.get("/account/").status_code == 302  # the password alone signs nobody in
    wrong = client.post("/account/tweestaps", data={"code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    user = db.session.get(User, admin.id)
    assert client.post("/account/tweestaps", data={"code": _code(user, 1)}).status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_code_is_accepted_once(app2fa, build):
    officer = build.user(Role.POLICY_OFFICER)
    client = app2fa.test_client()
    sign_in(client, officer)
    _enrol(client, officer)
    user = db.session.get(User, officer.id)
    code = _code(user, 1)
    two_factor.verify(user, code)
    with pytest.raises(Exception, match="klopt niet"):
        two_factor.verify(user, code)


def test_a_recovery_code_works_once(app2fa, build):
    moderator = build.user(Role.MODERATOR)
    client = app2fa.test_client()
    sign_in(client, moderator)
    codes = _enrol(client, moderator)
    client.post("/account/uitloggen")
    sign_in(client, moderator)
    assert client.post("/account/tweestaps", data={"code": codes[0]}).status_code == 302
    client.post("/account/uitloggen")
    sign_in(client, moderator)
    again = client.post("/account/tweestaps", data={"code": codes[0]})
    assert again.status_code == 200 and "klopt niet" in again.get_data(as_text=True)
    stored = db.session.scalars(db.select(two_factor.RecoveryCode.code_hash)).all()
    assert all(code.replace("-", "") not in stored for code in codes)  # only hashes are stored


def test_a_sign_in_link_does_not_skip_the_second_step(app2fa, build, outbox):
    officer = build.user(Role.POLICY_OFFICER, email="beleid@example.org")
    client = app2fa.test_client()
    sign_in(client, officer)
    _enrol(client, officer)
    client.post("/account/uitloggen")
    client.post("/account/inloglink", data={"email": "beleid@example.org"})
    link = outbox.link(outbox.last_to("beleid@example.org"), "/account/inloglink/").replace("http://localhost", "")
    response = client.post(link)
    assert response.headers["Location"].endswith("/account/tweestaps")
    assert client.get("/account/").status_code == 302


def test_changing_a_role_needs_a_recent_sign_in(app2fa, build):
    admin = build.user(Role.ADMIN)
    target = build.user()
    client = app2fa.test_client()
    sign_in(client, admin)
    _enrol(client, admin)
    assert client.get(f"/account/beheer/gebruikers/{target.id}").status_code == 200  # just signed in
    with client.session_transaction() as session:
        session["authenticated_at"] -= 11 * 60
    stale = client.post(f"/account/beheer/gebruikers/{target.id}", data={"role": "moderator"})
    assert "/account/bevestigen" in stale.headers["Location"]
    assert db.session.get(User, target.id).role == "participant"
    user = db.session.get(User, admin.id)
    confirmed = client.post(stale.headers["Location"], data={"password": PASSWORD, "code": _code(user, 1)})
    assert confirmed.status_code == 302
    assert client.post(f"/account/beheer/gebruikers/{target.id}", data={"role": "moderator"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).role == "moderator"


def test_an_admin_can_reset_a_lost_second_factor(app2fa, build):
    admin = build.user(Role.ADMIN)
    officer = build.user(Role.POLICY_OFFICER)
    admin_client, officer_client = app2fa.test_client(), app2fa.test_client()
    sign_in(officer_client, officer)
    _enrol(officer_client, officer)
    sign_in(admin_client, admin)
    _enrol(admin_client, admin)
    assert admin_client.post(f"/account/beheer/gebruikers/{officer.id}/tweestaps-uit").status_code == 302
    db.session.expire_all()
    reset = db.session.get(User, officer.id)
    assert not reset.has_two_factor and reset.recovery_codes == []


def test_production_refuses_to_run_without_staff_two_factor(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("INSPRAAK_PUBLIC_URL", "https://inspraak.example.nl")
    monkeypatch.setenv("INSPRAAK_MAIL_SERVER", "smtp.inspraak.invalid")
    monkeypatch.setenv("INSPRAAK_STAFF_TWO_FACTOR", "false")
    with pytest.raises(RuntimeError, match="two-factor"):
        ProductionConfig().validate()


def test_demo_staff_sign_in_with_the_published_demo_key(tmp_path, demo_content):
    """make run's demo staff have two-factor like real staff; `inspraak demo-code` prints the code."""
    app = make_demo_app(tmp_path, STAFF_TWO_FACTOR=True)
    with app.app_context():
        code = app.test_cli_runner().invoke(args=["demo-code"]).output.strip()
        assert re.fullmatch(r"\d{6}", code)
        client = app.test_client()
        response = client.post("/account/inloggen", data={"email": "beleid@inspraak.example",
                                                          "password": "inspraak-demo-2026"})
        assert response.headers["Location"].endswith("/account/tweestaps")
        assert client.post("/account/tweestaps", data={"code": code}).status_code == 302
        assert client.get("/consultaties/beheer").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(app2fa, build):
    officer = build.user(Role.POLICY_OFFICER)
    client = app2fa.test_client()
    sign_in(client, officer)
    old = _enrol(client, officer)
    assert client.post("/account/tweestaps/nieuwe-herstelcodes").status_code == 302
    new = re.findall(r"<code>((?:[0-9a-f]{4}-){6}[0-9a-f]{4})</code>",
                     client.get("/account/tweestaps/herstelcodes").get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    user = db.session.get(User, officer.id)
    with pytest.raises(Exception, match="klopt niet"):
        two_factor.verify(user, old[0])
    two_factor.verify(user, new[0])


def test_a_password_reset_does_not_skip_the_second_step(app2fa, build, outbox):
    """ASVS 5.0 V6.4.3: resetting a forgotten password signs nobody in; staff still give a code."""
    officer = build.user(Role.POLICY_OFFICER)
    client = app2fa.test_client()
    sign_in(client, officer)
    _enrol(client, officer)
    client.post("/account/uitloggen")
    client.post("/account/wachtwoord-vergeten", data={"email": officer.email})
    link = outbox.link(outbox.last_to(officer.email), "/account/nieuw-wachtwoord/")
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, data={"password": "een nieuwe lange wachtzin", "password_confirm":
                                             "een nieuwe lange wachtzin"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/inloggen")
    assert client.get("/account/").status_code == 302  # not signed in by the reset
    response = sign_in(client, officer, "een nieuwe lange wachtzin")
    assert response.headers["Location"].endswith("/account/tweestaps")
    assert client.get("/account/").status_code == 302  # the password alone opens nothing
