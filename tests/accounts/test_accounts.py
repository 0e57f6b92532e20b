"""Registration, verification, sign-in, password reset and sessions, through HTTP."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from inspraak.accounts.models import Organisation, Role, User
from inspraak.extensions import db
from tests.helpers import PASSWORD, sign_in

REGISTRATION = {
    "account_type": "citizen", "name": "Sanne de Vries", "email": "Sanne@Example.org",
    "password": "een lange wachtzin", "password_confirm": "een lange wachtzin",
}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_citizen_registers_verifies_and_signs_in(client, outbox):
    response = client.post("/account/registreren", data=REGISTRATION)
    assert response.status_code == 302
    assert "/account/controleer-uw-mail" in response.headers["Location"]

    user = db.session.scalar(db.select(User).where(User.email == "sanne@example.org"))
    assert user is not None and user.role == Role.PARTICIPANT.value and not user.is_verified
    assert user.password_hash.startswith("$argon2id$")
    assert "een lange wachtzin" not in user.password_hash

    # Not verified yet: sign-in is refused with an explanation, and a new link is sent.
    response = client.post("/account/inloggen", data={"email": "sanne@example.org", "password": "een lange wachtzin"})
    assert response.status_code == 200
    assert "Bevestig eerst uw e-mailadres" in response.get_data(as_text=True)

    mail = outbox.last_to("sanne@example.org")
    assert mail["Subject"] == "Bevestig uw e-mailadres voor Inspraak"
    link = outbox.link(mail, "/account/bevestigen/")
    page = client.get(_path(link))
    assert page.status_code == 200 and "Bevestig mijn e-mailadres" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_verified  # opening the link (or a mail scanner following it) changes nothing
    response = client.post(_path(link))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_verified

    response = client.post("/account/inloggen", data={"email": "SANNE@example.org ", "password": "een lange wachtzin"})
    assert response.status_code == 302
    profile = client.get("/account/")
    assert profile.status_code == 200 and "sanne@example.org" in profile.get_data(as_text=True)


def test_organisation_representative_registers_with_category(client):
    data = {**REGISTRATION, "account_type": "organisation", "email": "info@ngo.example",
            "organisation_name": "Stichting Zaadvrij", "organisation_category": "ngo",
            "kvk_number": "12345678", "transparency_register_id": "123456789012-34"}
    assert client.post("/account/registreren", data=data).status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "info@ngo.example"))
    assert user.role == Role.ORGANISATION.value
    assert user.organisation.name == "Stichting Zaadvrij"
    assert user.organisation.category == "ngo"
    assert user.organisation.kvk_number == "12345678"


def test_organisation_fields_are_required_for_organisations_only(client):
    data = {**REGISTRATION, "account_type": "organisation", "kvk_number": "1234"}
    response = client.post("/account/registreren", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul de naam van uw organisatie in." in page
    assert "Kies de soort organisatie." in page
    assert "Een KvK-nummer bestaat uit 8 cijfers." in page
    assert 'aria-describedby="organisation_name-error"' in page
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0


def test_registration_errors_keep_input_and_explain(client):
    response = client.post("/account/registreren", data={**REGISTRATION, "email": "geen-adres", "password_confirm": "anders"})
    page = response.get_data(as_text=True)
    assert "Er is een probleem" in page
    assert "Vul een geldig e-mailadres in" in page
    assert "De wachtwoorden zijn niet gelijk." in page
    assert 'value="Sanne de Vries"' in page  # nothing the user typed is lost
    assert 'aria-invalid="true"' in page


def test_registering_a_known_address_reveals_nothing(client, build, outbox):
    existing = build.user(email="bekend@example.org")
    response = client.post("/account/registreren", data={**REGISTRATION, "email": "bekend@example.org"})
    fresh = client.post("/account/registreren", data={**REGISTRATION, "email": "nieuw@example.org"})
    assert response.status_code == fresh.status_code == 302
    assert urlsplit(response.headers["Location"]).path == urlsplit(fresh.headers["Location"]).path
    # The owner of the address is told, by mail only.
    assert outbox.last_to("bekend@example.org")["Subject"] == "U heeft al een account op Inspraak"
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "bekend@example.org")) == 1
    assert existing.name == "Test Gebruiker"


def test_sign_in_failure_message_is_the_same_for_unknown_address_and_wrong_password(client, build):
    user = build.user()
    wrong_password = client.post("/account/inloggen", data={"email": user.email, "password": "fout-wachtwoord"})
    unknown = client.post("/account/inloggen", data={"email": "niemand@example.org", "password": "fout-wachtwoord"})
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)


def test_sign_in_is_rate_limited_with_a_clear_message(app, client, build):
    user = build.user()
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        client.post("/account/inloggen", data={"email": user.email, "password": "fout-wachtwoord"})
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "U heeft het te vaak geprobeerd" in response.get_data(as_text=True)


def test_sign_out_invalidates_the_session_on_the_server(app, build):
    user = build.user()
    client = app.test_client()
    assert sign_in(client, user).status_code == 302
    stolen = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value

    assert client.post("/account/uitloggen").status_code == 302
    assert client.get("/account/").status_code == 302  # signed out in this browser

    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    response = thief.get("/account/")
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]


def test_password_reset_link_works_once_and_ends_other_sessions(app, client, build, outbox):
    user = build.user(email="vergeten@example.org")
    other_device = app.test_client()
    sign_in(other_device, user)
    assert other_device.get("/account/").status_code == 200

    response = client.post("/account/wachtwoord-vergeten", data={"email": "vergeten@example.org"})
    assert response.status_code == 302
    link = _path(outbox.link(outbox.last_to("vergeten@example.org"), "/account/nieuw-wachtwoord/"))
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "nieuwe lange wachtzin", "password_confirm": "nieuwe lange wachtzin"})
    assert response.status_code == 302

    assert other_device.get("/account/").status_code == 302  # signed out everywhere
    reused = client.get(link)
    assert reused.status_code == 400
    assert "ongeldig of al gebruikt" in reused.get_data(as_text=True)
    assert sign_in(client, user, "nieuwe lange wachtzin").status_code == 302


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client, outbox):
    response = client.post("/account/wachtwoord-vergeten", data={"email": "onbekend@example.org"}, follow_redirects=True)
    assert "Als dit adres bij ons bekend is" in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_tampered_verification_link_is_refused(client, build):
    response = client.get("/account/bevestigen/not-a-real-token")
    assert response.status_code == 400
    assert "ongeldig" in response.get_data(as_text=True)


def test_expired_verification_link_is_refused(app, client, outbox):
    from datetime import timedelta

    client.post("/account/registreren", data=REGISTRATION)
    link = _path(outbox.link(outbox.last_to("sanne@example.org"), "/account/bevestigen/"))
    app.config["TOKEN_MAX_AGE"] = timedelta(seconds=-1)
    assert client.get(link).status_code == 400
    response = client.post(link)
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, build, signed_in):
    user = build.user()
    client = signed_in(user)
    other = app.test_client()
    sign_in(other, user)
    bad = client.post("/account/wachtwoord", data={"current_password": "fout", "password": "nieuw wachtwoord 1",
                                                   "password_confirm": "nieuw wachtwoord 1"})
    assert "Uw huidige wachtwoord klopt niet." in bad.get_data(as_text=True)
    ok = client.post("/account/wachtwoord", data={"current_password": PASSWORD, "password": "nieuw wachtwoord 1",
                                                  "password_confirm": "nieuw wachtwoord 1"})
    assert ok.status_code == 302
    assert client.get("/account/").status_code == 200  # this session continues
    assert other.get("/account/").status_code == 302  # the other one has ended


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(client, build, target):
    user = build.user()
    response = client.post(f"/account/inloggen?next={target}", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_admin_assigns_roles_but_cannot_demote_self(build, signed_in):
    admin = build.user(Role.ADMIN)
    citizen = build.user()
    client = signed_in(admin)
    assert client.post(f"/account/beheer/gebruikers/{citizen.id}", data={"role": "moderator"}).status_code == 302
    db.session.refresh(citizen)
    assert citizen.role == "moderator"
    response = client.post(f"/account/beheer/gebruikers/{admin.id}", data={"role": "participant"})
    assert "eigen beheerdersrol" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_non_admin_cannot_assign_roles(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    citizen = build.user()
    client = signed_in(officer)
    assert client.post(f"/account/beheer/gebruikers/{citizen.id}", data={"role": "admin"}).status_code == 403
    assert client.get("/account/beheer/gebruikers").status_code == 403
    db.session.refresh(citizen)
    assert citizen.role == "participant"


def test_api_token_is_shown_once_stored_hashed_and_revocable(client, build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    client = signed_in(officer)
    response = client.post("/account/tokens", data={"token-name": "Dashboard"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    secret = page.split('id="token-secret"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith("insp_") and len(secret) > 40
    token = officer.api_tokens[0]
    assert secret not in (token.token_hash, token.prefix) and token.token_hash != secret
    assert secret not in client.get("/account/").get_data(as_text=True)  # never shown again

    assert client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert client.post(f"/account/tokens/{token.id}/intrekken").status_code == 302
    assert client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_only_policy_officers_and_admins_create_api_tokens(build, signed_in):
    client = signed_in(build.user(Role.MODERATOR))
    assert client.post("/account/tokens", data={"token-name": "x"}).status_code == 403


def test_a_user_cannot_revoke_someone_elses_token(build, signed_in):
    from inspraak.accounts.services import create_api_token

    owner = build.user(Role.POLICY_OFFICER)
    token, _secret = create_api_token(owner, "van een ander")
    client = signed_in(build.user(Role.POLICY_OFFICER))
    assert client.post(f"/account/tokens/{token.id}/intrekken").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


def test_personal_data_download_holds_what_is_stored(build, signed_in):
    user = build.user(Role.ORGANISATION, email="org@example.org", organisation="Stichting Data")
    client = signed_in(user)
    response = client.get("/account/mijn-gegevens.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["email"] == "org@example.org"
    assert data["organisation"]["name"] == "Stichting Data"
    assert "password_hash" not in str(data) and user.password_hash not in str(data)


def test_deleting_an_account_erases_personal_data_and_ends_the_session(app, build, signed_in):
    user = build.user(Role.ORGANISATION, email="weg@example.org", organisation="Eenmansstichting")
    client = signed_in(user)
    wrong = client.post("/account/verwijderen", data={"password": "fout"})
    assert "Uw wachtwoord klopt niet." in wrong.get_data(as_text=True)
    assert client.post("/account/verwijderen", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    gone = db.session.get(User, user.id)
    assert gone.deleted_at is not None and "weg@example.org" not in gone.email and gone.organisation is None
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0
    assert client.get("/account/").status_code == 302
    old_address = app.test_client().post("/account/inloggen", data={"email": "weg@example.org", "password": PASSWORD})
    assert "klopt niet" in old_address.get_data(as_text=True)
    # The address is free again for a new account.
    assert app.test_client().post("/account/registreren", data={**REGISTRATION, "email": "weg@example.org"}).status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "weg@example.org")) is not None


def test_an_admin_cannot_delete_their_own_account(build, signed_in):
    admin = build.user(Role.ADMIN)
    client = signed_in(admin)
    response = client.post("/account/verwijderen", data={"password": PASSWORD})
    assert "beheerder kan het eigen account niet verwijderen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).deleted_at is None


def test_a_deleted_account_cannot_sign_in_even_by_its_placeholder_address(app, build):
    """deleted_at alone must keep someone out, whatever the row still holds."""
    user = build.user(email="bewaard@example.org")
    user.deleted_at = user.created_at
    db.session.commit()
    response = sign_in(app.test_client(), user)
    assert response.status_code == 200 and "klopt niet" in response.get_data(as_text=True)


def test_registration_hashes_the_password_for_a_known_address_too(client, build, monkeypatch):
    """No enumeration by timing: both paths pay for one Argon2 hash (bench/enumeration.py measures it)."""
    from inspraak.accounts import services

    build.user(email="bekend@example.org")
    calls = []
    real_hash = services.hash_password
    monkeypatch.setattr(services, "hash_password", lambda password: calls.append(1) or real_hash(password))
    client.post("/account/registreren", data={**REGISTRATION, "email": "bekend@example.org"})
    client.post("/account/registreren", data={**REGISTRATION, "email": "nieuw@example.org"})
    assert len(calls) == 2


def test_strangers_guessing_from_elsewhere_do_not_lock_the_real_user_out(app, build):
    """Limits count per account *and* client: failures from other addresses leave the
    account's owner, at their own address, free to sign in (the lock-out of issue 11)."""
    user = build.user()
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    for n in range(6):
        client.post("/account/inloggen", data={"email": user.email, "password": "fout"},
                    environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 302


def test_one_client_guessing_one_account_is_limited(app, build):
    user = build.user()
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    answers = [client.post("/account/inloggen", data={"email": user.email, "password": "fout"},
                           environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_losing_the_role_revokes_api_tokens_and_the_owner_still_sees_them(client, build, signed_in):
    from inspraak.accounts.services import assign_role, create_api_token

    officer = build.user(Role.POLICY_OFFICER)
    admin = build.user(Role.ADMIN)
    token, secret = create_api_token(officer, "oud script")
    assign_role(admin, officer, Role.PARTICIPANT)
    assert client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    page = signed_in(officer).get("/account/").get_data(as_text=True)
    assert "oud script" in page and "Ingetrokken" in page


def test_whitespace_only_names_are_refused(build, signed_in):
    client = signed_in(build.user(Role.POLICY_OFFICER))
    response = client.post("/account/tokens", data={"token-name": "   "})
    assert response.status_code == 400 and "Geef het token een naam." in response.get_data(as_text=True)
