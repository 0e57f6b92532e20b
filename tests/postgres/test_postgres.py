"""The same code on PostgreSQL: migrations from an empty database and the main flows.

Run with INSPRAAK_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test; skipped
(with that reason) otherwise. The database's public schema is dropped and recreated.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from inspraak.accounts.models import Role, User
from inspraak.consultations.models import Consultation
from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import assert_security_event_kinds_match_the_model, migrate_and_compare, migrated_postgres, Outbox, postgres_app, sign_in

pytestmark = pytest.mark.postgres


_pg_app = postgres_app


@pytest.fixture
def pg_app(tmp_path):
    with migrated_postgres(tmp_path) as app:
        yield app


def test_migrations_from_an_empty_postgresql_database_match_the_models(tmp_path):
    app = _pg_app(tmp_path)
    assert migrate_and_compare(app) == []
    assert_security_event_kinds_match_the_model(app)
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_register_verify_sign_in_on_postgresql(pg_app):
    client = pg_app.test_client()
    response = client.post("/account/registreren", data={
        "account_type": "organisation", "name": "Pien", "email": "pien@example.org",
        "password": "een lange wachtzin", "password_confirm": "een lange wachtzin",
        "organisation_name": "Zaadbank", "organisation_category": "company"})
    assert response.status_code == 302
    outbox = Outbox(pg_app.config["MAIL_OUTBOX"])
    link = outbox.link(outbox.last_to("pien@example.org"), "/account/bevestigen/")
    assert client.get(urlsplit(link).path).status_code == 200
    assert client.post(urlsplit(link).path).status_code == 302
    assert client.post("/account/inloggen", data={"email": "pien@example.org", "password": "een lange wachtzin"}).status_code == 302
    assert client.get("/account/").status_code == 200
    assert client.post("/account/uitloggen").status_code == 302
    assert client.get("/account/").status_code == 302


def test_consultation_lifecycle_and_api_on_postgresql(pg_app):
    build = builders()
    officer = build.user(Role.POLICY_OFFICER)
    client = pg_app.test_client()
    sign_in(client, officer)
    response = client.post("/consultaties/nieuw", data={
        "title": "Precisiefermentatie", "topic": "precisiefermentatie", "summary": "Samenvatting",
        "body": "Toelichting", "opens_at": "2026-12-01T09:00", "closes_at": "2027-03-01T17:00"})
    assert response.status_code == 302
    draft_slug = db.session.scalar(db.select(Consultation.slug))
    assert client.post(f"/consultaties/{draft_slug}/status/open").status_code == 302
    db.session.expire_all()
    slug = db.session.scalar(db.select(Consultation.slug))  # readable once opened
    assert slug == "precisiefermentatie"
    assert client.post(f"/consultaties/{slug}/status/closed").status_code == 302
    assert client.post(f"/consultaties/{slug}/verslag", data={"report-report": "Verwerkt."}).status_code == 302
    detail = pg_app.test_client().get(f"/api/v1/consultations/{slug}").get_json()
    assert detail["status"] == "reported" and detail["opens_at"] == "2026-12-01T08:00:00Z"
    assert pg_app.test_client().get("/api/v1/consultations?topic=precisiefermentatie").get_json()["total"] == 1


def test_constraints_hold_on_postgresql(pg_app):
    from sqlalchemy.exc import IntegrityError

    build = builders()
    c = build.consultation()
    c.status = "archived"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    user = db.session.scalar(db.select(User))
    db.session.add(User(email=user.email, name="dubbel", password_hash="x", role="participant", locale="nl"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_registrations_of_one_address_store_one_account(pg_app):
    """Two sign-ups racing for one address: the UNIQUE constraint keeps one account, neither request errors."""
    data = {"account_type": "citizen", "name": "Race", "email": "race@example.org",
            "password": "een lange wachtzin", "password_confirm": "een lange wachtzin"}

    def register(_):
        return pg_app.test_client().post("/account/registreren", data=data).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(register, range(8)))
    assert statuses == [302] * 8
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "race@example.org")) == 1


def test_nul_bytes_are_refused_before_they_reach_postgresql(pg_app):
    client = pg_app.test_client()
    assert client.post("/account/inloggen", data={"email": "a\x00b@example.org", "password": "x"}).status_code == 400
    assert client.get("/api/v1/consultations/a%00b").status_code == 400
    assert client.get("/consultaties/?onderwerp=a%00b").status_code == 400


def test_survey_answers_with_a_nul_or_a_lone_surrogate_never_reach_postgresql(pg_app):
    """The answering page lets a NUL through to its services (an error next to the field),
    and the API import can carry a lone surrogate: neither may reach the database."""
    import re

    from inspraak.accounts.services import create_api_token
    from surveys import builder
    from surveys.models import Response

    build = builders()
    survey = build.survey(status="draft", allows_anonymous=True,
                          consultation=build.consultation(status="open"))   # it asks for a name
    text = build.question(survey, "long_text", "Waarom?", page=build.section(survey, "Uw mening"))
    builder.open_survey(survey.owner, survey)
    client = pg_app.test_client()
    url = f"/enquetes/{survey.slug}/invullen"
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)
    profile = {"category": "citizen", "publication": "anonymous", "action": "next"}
    assert client.post(url, data={**profile, "submission_token": "abcdefgh\x00ijk"}).status_code == 200
    assert client.post(url, data={**profile, "name": "a\x00b", "submission_token": token}).status_code == 200
    assert client.post(url, data={**profile, "submission_token": token}).status_code == 302
    page = client.post(f"{url}?pagina=2", data={"submission_token": token, f"q{text.id}": "a\x00b", "action": "next"})
    assert page.status_code == 200 and "error-summary" in page.get_data(as_text=True)
    _token, secret = create_api_token(survey.owner, "import")
    headers = {"Authorization": f"Bearer {secret}"}
    for submission_token, answer in (("papier-\ud800-01", "x"), ("papier-\x00-0001", "x"), ("papier-0001", "a\ud800b")):
        response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, json={
            "submission_token": submission_token, "respondent": {"category": "citizen", "publication": "anonymous"},
            "answers": {str(text.id): answer}})
        assert response.status_code == 422, response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1  # the web draft only
