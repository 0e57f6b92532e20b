"""The open data API and its OpenAPI document: the document must describe what the API returns."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource

from inspraak.accounts.models import Role
from inspraak.accounts.services import create_api_token, revoke_api_token
from inspraak.consultations import services
from inspraak.pdf import simple_pdf


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _validator(spec: dict, path: str, status: str) -> Draft202012Validator:
    """A JSON Schema validator for one documented response, resolving the document's $refs."""
    operation = spec["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource.from_contents({**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    schema = {"$ref": "urn:openapi" + schema["$ref"]}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _check(spec, path, status, body):
    errors = sorted(_validator(spec, path, status).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_openapi_document_is_valid_openapi_3_1(spec):
    validate_spec(spec)
    assert spec["openapi"].startswith("3.1")
    assert {"/consultations", "/consultations/{slug}", "/surveys", "/surveys/{slug}", "/surveys/{slug}/responses",
            "/roundtables", "/roundtables/{roundtable_id}", "/consultations/{slug}/responses"} <= set(spec["paths"])


def test_list_and_detail_match_the_document(client, build, spec):
    officer = build.user(Role.POLICY_OFFICER)
    reported = build.consultation(officer, status="reported", title="Verslag klaar")
    services.add_document(officer, build.consultation(officer, status="open", title="Met document"),
                          "Bijlage", "bijlage.pdf", simple_pdf("Bijlage", ["x"]))
    build.consultation(officer, status="closed")

    listing = client.get("/api/v1/consultations").get_json()
    _check(spec, "/consultations", "200", listing)
    assert listing["total"] == 3 and len(listing["items"]) == 3

    for item in listing["items"]:
        detail = client.get(f"/api/v1/consultations/{item['slug']}").get_json()
        _check(spec, "/consultations/{slug}", "200", detail)
    detail = client.get(f"/api/v1/consultations/{reported.slug}").get_json()
    assert detail["status"] == "reported" and "We hebben de reacties verwerkt." in detail["report_html"]
    with_doc = next(i for i in listing["items"] if i["title"] == "Met document")
    document = client.get(with_doc["api_url"]).get_json()["documents"][0]
    assert document["page_count"] == 1 and document["filename"] == "bijlage.pdf"
    with client.get(document["url"]) as pdf:
        assert pdf.data.startswith(b"%PDF-")


def test_errors_match_the_document(client, spec):
    missing = client.get("/api/v1/consultations/bestaat-niet")
    assert missing.status_code == 404
    _check(spec, "/consultations/{slug}", "404", missing.get_json())
    bad = client.get("/api/v1/consultations?per_page=1000")
    assert bad.status_code == 400
    _check(spec, "/consultations", "400", bad.get_json())
    unauthorised = client.get("/api/v1/consultations", headers={"Authorization": "Bearer nope"})
    assert unauthorised.status_code == 401
    _check(spec, "/consultations", "401", unauthorised.get_json())


def test_documented_status_values_are_the_ones_returned(client, build, spec):
    enum = spec["components"]["schemas"]["ConsultationSummary"]["properties"]["status"]["enum"]
    for status in ("open", "closed", "reported"):
        build.consultation(status=status)
    returned = {i["status"] for i in client.get("/api/v1/consultations").get_json()["items"]}
    assert returned <= set(enum) and returned == {"open", "closed", "reported"}


def test_filters_and_pagination(client, build):
    officer = build.user(Role.POLICY_OFFICER)
    for n in range(5):
        build.consultation(officer, status="open", topic="gentherapie", title=f"Gen {n}")
    build.consultation(officer, status="open", topic="ngt")
    page = client.get("/api/v1/consultations?topic=gentherapie&per_page=2&page=3").get_json()
    assert page["total"] == 5 and page["pages"] == 3 and len(page["items"]) == 1
    assert client.get("/api/v1/consultations?topic=onbekend").status_code == 400
    assert client.get("/api/v1/consultations?status=weg").status_code == 400


def test_drafts_need_a_token_of_someone_who_may_see_them(client, build):
    officer = build.user(Role.POLICY_OFFICER)
    draft = build.consultation(officer, title="Concept via API")
    _token, secret = create_api_token(officer, "script")
    _other_token, other_secret = create_api_token(build.user(Role.POLICY_OFFICER), "ander")
    admin_token, admin_secret = create_api_token(build.user(Role.ADMIN), "beheer")

    def slugs(secret=None, query=""):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        return [i["slug"] for i in client.get(f"/api/v1/consultations{query}", headers=headers).get_json()["items"]]

    assert draft.slug not in slugs()
    assert draft.slug not in slugs(other_secret)
    assert slugs(secret, "?status=draft") == [draft.slug]
    assert slugs(admin_secret, "?status=draft") == [draft.slug]
    assert client.get(f"/api/v1/consultations/{draft.slug}", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    revoke_api_token(admin_token.user, admin_token.id)
    assert client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {admin_secret}"}).status_code == 401


def test_api_is_read_only_and_open_to_other_sites(client):
    assert client.post("/api/v1/consultations", json={}).status_code == 405
    response = client.get("/api/v1/consultations")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_script_on_another_site_may_send_a_token_and_revalidate(client):
    """The preflight granted no headers, so a browser refused to send a token or If-None-Match,
    and the ETag was not readable cross-origin."""
    preflight = client.options("/api/v1/consultations", headers={
        "Origin": "https://data.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, if-none-match"})
    assert preflight.status_code == 200 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    allowed = {h.strip().lower() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "if-none-match"} <= allowed
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    response = client.get("/api/v1/consultations", headers={"Origin": "https://data.example"})
    assert response.headers.get("ETag") and "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_token_answers_are_never_cached_publicly(client, build):
    bad = client.get("/api/v1/consultations", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.headers["Cache-Control"] == "private, no-store"
    assert bad.headers["WWW-Authenticate"].startswith("Bearer") and "Authorization" in bad.headers["Vary"]
    # The API speaks one language (English), titles and details alike.
    assert bad.get_json()["error"]["title"] == "Not authenticated"
    _token, secret = create_api_token(build.user(Role.POLICY_OFFICER), "x")
    good = client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"})
    assert good.headers["Cache-Control"] == "private, no-store"
    assert client.get("/api/v1/consultations").headers["Cache-Control"] == "public, max-age=60"


def test_huge_page_numbers_are_a_documented_400(client, spec):
    response = client.get("/api/v1/consultations?page=10000000000000000000")
    assert response.status_code == 400
    _check(spec, "/consultations", "400", response.get_json())


def test_authenticated_reads_write_the_last_use_at_most_once_per_interval(app, build):
    """A GET is a read: a token's last use is stored once, not on every request."""
    from datetime import timedelta

    from inspraak.accounts.models import ApiToken
    from inspraak.extensions import db
    from tests.helpers import recording_statements

    officer = build.user(Role.POLICY_OFFICER)
    token, secret = create_api_token(officer, "script")

    def updates(statements) -> list[str]:
        return [s for s in statements if s.lstrip().upper().startswith("UPDATE")]

    client = app.test_client()
    with recording_statements(app) as statements:
        for _ in range(5):
            assert client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    writes = updates(statements)
    assert len(writes) == 1 and "api_token" in writes[0]
    # After the interval the next use is recorded again.
    db.session.execute(db.update(ApiToken).values(last_used_at=db.func.datetime("now", "-10 minutes")))
    db.session.commit()
    with recording_statements(app) as statements:
        client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {secret}"})
    assert len(updates(statements)) == 1
    assert app.config["API_TOKEN_TOUCH_INTERVAL"] == timedelta(minutes=5)


def test_published_responses_match_the_document(client, build, spec):
    from inspraak.database import utcnow
    from moderation import services as moderation_services

    consultation, survey, (text_question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    named = build.open_answer(survey, text_question, "Bel 06-12345678, ik ben voor.", publication="with_name",
                              category="ngo", organisation="Stichting Zaad")
    build.open_answer(survey, text_question, "Nog niet beoordeeld.")
    item = build.item_of_response(named, text_question)
    phone = next(f for f in item.findings if f.kind == "phone")
    moderation_services.redact(moderator, item, [[phone.start, phone.end]], utcnow())
    moderation_services.approve(moderator, item, utcnow())
    path = f"/api/v1/consultations/{consultation.slug}/responses"
    body = client.get(path).get_json()
    _check(spec, "/consultations/{slug}/responses", "200", body)
    assert body["total"] == 1 and body["items"][0]["text"] == "Bel [verwijderd], ik ben voor."
    assert body["items"][0]["author"] == "Stichting Zaad" and body["items"][0]["category"] == "ngo"
    assert client.get(f"{path}?category=ngo&question={text_question.id}&q=VOOR").get_json()["total"] == 1
    assert client.get(f"{path}?category=citizen").get_json()["total"] == 0
    for bad in ("?category=alien", "?question=x", "?per_page=1000"):
        response = client.get(path + bad)
        assert response.status_code == 400
        _check(spec, "/consultations/{slug}/responses", "400", response.get_json())
    draft = build.consultation(status="draft")
    missing = client.get(f"/api/v1/consultations/{draft.slug}/responses")
    assert missing.status_code == 404
    _check(spec, "/consultations/{slug}/responses", "404", missing.get_json())


@pytest.mark.parametrize("url", ["/api/v1/consultations?topic=%00", "/api/v1/consultations/%00", "/api/v1/surveys/%00"])
@pytest.mark.parametrize("language", [None, "en", "nl"])
def test_a_nul_in_the_address_is_a_400_in_the_api_language(client, url, language):
    headers = {"Accept-Language": language} if language else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["title"] == "Request not understood"
    assert error["detail"].startswith("The request contains a NUL character (U+0000)"), error


def test_the_shared_error_handlers_answer_the_api_in_its_own_words(app, client):
    """Every status the shared handlers give /api/v1 says, in English, what went wrong and
    what a client can do, never the web pages' words (a home page, a form, the browser's
    back button, a file where none was sent)."""
    from flask import abort
    from flask_babel import force_locale
    from sqlalchemy.exc import OperationalError

    from inspraak.errors import ERROR_TEXTS

    app.config.update(PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=10_000)

    @app.get("/api/v1/proef/<int:status>")
    def fails(status):
        if status == 500:
            raise RuntimeError("boom")
        if status == 503:
            raise OperationalError("SELECT 1", {}, Exception("down"))
        abort(status)

    answers = {
        400: client.get("/api/v1/proef/400"),
        403: client.get("/api/v1/proef/403"),
        404: client.get("/api/v1/bestaat-niet"),
        405: client.delete("/api/v1/consultations"),
        413: client.post("/api/v1/surveys/x/responses", data=b"{}" + b" " * 20_000, content_type="application/json"),
        429: client.get("/api/v1/proef/429"),
        500: client.get("/api/v1/proef/500"),
        503: client.get("/api/v1/proef/503", headers={"Accept-Language": "nl"}),
    }
    with app.test_request_context(), force_locale("en"):
        web_texts = {status: str(text) for status, (_title, text) in ERROR_TEXTS.items()}
    for status, response in answers.items():
        assert response.status_code == status and response.is_json, status
        error = response.get_json()["error"]
        assert error["status"] == status
        assert error["detail"] != web_texts[status], (status, error)
        words = (error["title"] + " " + error["detail"]).lower()
        for web_word in ("page", "home", "form", "browser", "file", "signed in", "pagina"):
            assert web_word not in words, (status, web_word, error)
    assert answers[404].get_json()["error"]["title"] == "Not found"
    assert "/api/v1/openapi.json" in answers[404].get_json()["error"]["detail"]
    assert "DELETE" in answers[405].get_json()["error"]["detail"] and "Allow" in answers[405].get_json()["error"]["detail"]
    assert answers[405].headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "10,000 bytes" in answers[413].get_json()["error"]["detail"]
    assert "Retry-After" in answers[503].get_json()["error"]["detail"] and answers[503].headers["Retry-After"] == "30"
    assert "boom" not in answers[500].get_data(as_text=True)


def test_the_api_says_whether_a_consultation_takes_responses_now(client, build):
    """Opened before its period, the pages said "Binnenkort open" and the API only "open"."""
    from datetime import timedelta

    from inspraak.database import utcnow
    from inspraak.extensions import db

    upcoming = build.consultation(status="open")
    upcoming.opens_at = utcnow() + timedelta(days=2)
    running = build.consultation(status="open")
    db.session.commit()
    detail = client.get(f"/api/v1/consultations/{upcoming.slug}").get_json()
    assert (detail["status"], detail["phase"], detail["accepting_responses"]) == ("open", "upcoming", False)
    listed = {c["slug"]: c for c in client.get("/api/v1/consultations").get_json()["items"]}
    assert (listed[running.slug]["phase"], listed[running.slug]["accepting_responses"]) == ("open", True)
    assert "Binnenkort open" in client.get(f"/consultaties/{upcoming.slug}").get_data(as_text=True)
