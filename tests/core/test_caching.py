"""The page cache, conditional GET and fingerprinted static files (inspraak.caching).

A cached page must never outlive the data it shows: every test below changes the data
the way the platform does (a service, a sign-up through the web form, a raw SQL UPDATE)
and reads the page again.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from inspraak.accounts.models import Role
from inspraak.caching import fingerprinted, static_manifest
from inspraak.consultations import services as consultation_services
from inspraak.extensions import db
from tests.helpers import make_app


def test_anonymous_public_page_is_cached_and_renewed_when_a_consultation_opens(client, build):
    first = build.consultation(status="open", title="Eerste consultatie")
    miss = client.get("/consultaties/")
    hit = client.get("/consultaties/")
    assert miss.headers["X-Inspraak-Cache"] == "miss" and hit.headers["X-Inspraak-Cache"] == "hit"
    assert hit.get_data() == miss.get_data()
    assert "Eerste consultatie" in hit.get_data(as_text=True)

    build.consultation(first.owner, status="open", title="Tweede consultatie")
    renewed = client.get("/consultaties/")
    assert renewed.headers["X-Inspraak-Cache"] == "miss"
    assert "Tweede consultatie" in renewed.get_data(as_text=True)


def test_a_raw_sql_update_also_renews_the_page(app, client, build):
    consultation = build.consultation(status="open", title="Oude titel")
    assert "Oude titel" in client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert client.get(f"/consultaties/{consultation.slug}").headers["X-Inspraak-Cache"] == "hit"
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE consultation SET title = 'Nieuwe titel' WHERE id = :id"), {"id": consultation.id})
    page = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert "Nieuwe titel" in page and "Oude titel" not in page


def test_a_rolled_back_write_does_not_renew(app, client, build):
    build.consultation(status="open")
    client.get("/consultaties/")
    with db.engine.connect() as connection:
        connection.execute(text("UPDATE consultation SET title = 'Nooit'"))
        connection.rollback()
    assert client.get("/consultaties/").headers["X-Inspraak-Cache"] == "hit"


def test_roundtable_page_shows_the_seat_taken_at_once(client, build, signed_in):
    from inspraak.roundtables.models import ParticipantCategory

    event = build.roundtable(seats={ParticipantCategory.CITIZEN: 1})
    url = f"/rondetafels/{event.id}"
    before = client.get(url)
    assert client.get(url).headers["X-Inspraak-Cache"] == "hit"
    build.sign_up(build.user(Role.PARTICIPANT), event)
    after = client.get(url)
    assert after.headers["X-Inspraak-Cache"] == "miss"
    assert after.get_data() != before.get_data()
    api = client.get(f"/api/v1/roundtables/{event.id}").get_json()
    assert api["categories"][0]["left"] == 0


def test_survey_results_follow_new_responses(client, build):
    survey = build.survey(status="open", shows_live_results=True)
    question = survey.ordered_questions()[0]
    url = f"/enquetes/{survey.slug}/uitkomsten"
    before = client.get(url)
    assert before.status_code == 200
    assert client.get(url).headers["X-Inspraak-Cache"] == "hit"
    build.imported_response(survey, {question.id: "Een antwoord"})
    after = client.get(url)
    assert after.headers["X-Inspraak-Cache"] == "miss"
    assert after.get_data() != before.get_data()


def test_signed_in_people_and_visitors_with_a_flash_get_their_own_page(client, build, signed_in):
    build.consultation(status="open")
    client.get("/")
    assert client.get("/").headers["X-Inspraak-Cache"] == "hit"
    signed_in(build.user(Role.PARTICIPANT))
    response = client.get("/")
    assert "X-Inspraak-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    assert "Uitloggen" in response.get_data(as_text=True)


def test_languages_are_cached_apart(app, client, build):
    build.consultation(status="open")
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
    assert client.get("/").headers["X-Inspraak-Cache"] == "hit"
    client.get("/taal/en")
    for _ in range(3):
        english = client.get("/")
        assert '<html lang="en">' in english.get_data(as_text=True)
    assert english.headers["X-Inspraak-Cache"] == "hit"
    assert '<html lang="nl">' in app.test_client().get("/").get_data(as_text=True)


def test_drafts_are_never_served_from_the_cache(client, build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    draft = build.consultation(officer, status="draft", title="Geheim concept")
    assert client.get(f"/consultaties/{draft.slug}").status_code == 404
    signed_in(officer)
    assert "Geheim concept" in client.get(f"/consultaties/{draft.slug}").get_data(as_text=True)
    client.post("/account/uitloggen")
    assert client.get(f"/consultaties/{draft.slug}").status_code == 404


def test_conditional_get_on_public_pages(client, build):
    consultation = build.consultation(status="open")
    first = client.get("/consultaties/")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache" and "Cookie" in first.headers["Vary"]
    again = client.get("/consultaties/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get("/consultaties/", headers={"If-Modified-Since": last_modified}).status_code == 304
    consultation_services.close_consultation(consultation.owner, consultation)
    assert client.get("/consultaties/", headers={"If-None-Match": etag}).status_code == 200


def test_conditional_get_on_api_lists(client, build):
    build.consultation(status="open")
    first = client.get("/api/v1/consultations")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/consultations", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    for url in ("/api/v1/roundtables", "/api/v1/surveys"):
        response = client.get(url)
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_static_files_have_fingerprinted_names_and_a_long_lifetime(app, client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/static/css/inspraak\.[0-9a-f]{12}\.css)"', page).group(1)
    assert re.search(r'href="/static/favicon\.[0-9a-f]{12}\.svg"', page)
    with client.get(href) as response, client.get("/static/css/inspraak.css") as plain:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.get_data() == plain.get_data()
        assert "immutable" not in plain.headers.get("Cache-Control", "")
    # The name of an older release (during a roll-out) still gets the style sheet, briefly cached.
    with client.get("/static/css/inspraak.000000000000.css") as old:
        assert old.status_code == 200 and "immutable" not in old.headers.get("Cache-Control", "")
    assert client.get("/static/css/bestaat-niet.0123456789ab.css").status_code == 404


def test_manifest_changes_with_the_content(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("body{}")
    before = static_manifest(tmp_path)["css/a.css"]
    (tmp_path / "css" / "a.css").write_text("body{color:red}")
    assert static_manifest(tmp_path)["css/a.css"] != before
    assert fingerprinted("css/a.css", "0123456789ab") == "css/a.0123456789ab.css"


def test_page_cache_can_be_switched_off(tmp_path):
    app = make_app(tmp_path, PAGE_CACHE_SECONDS=0)
    client = app.test_client()
    client.get("/")
    response = client.get("/")
    assert "X-Inspraak-Cache" not in response.headers and response.status_code == 200


@pytest.mark.parametrize("cache_type", ["FileSystemCache"])
def test_two_workers_share_invalidation_through_the_cache(tmp_path, cache_type):
    """Two apps (two gunicorn workers) on one database and one file cache: a write in one
    renews the page the other cached."""
    from tests.builders import builders

    database = tmp_path / "shared.sqlite3"
    settings = dict(CACHE_TYPE=cache_type, CACHE_DIR=str(tmp_path / "cache"),
                    SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", SQLALCHEMY_ENGINE_OPTIONS={})
    one = make_app(tmp_path / "one", **settings)
    two = make_app(tmp_path / "two", create_schema=False, **settings)
    with one.app_context():
        consultation = builders().consultation(status="open", title="Voor de wijziging")
        slug, owner_id = consultation.slug, consultation.owner_id
    reader = two.test_client()
    assert "Voor de wijziging" in reader.get("/consultaties/").get_data(as_text=True)
    assert reader.get("/consultaties/").headers["X-Inspraak-Cache"] == "hit"
    with one.app_context():
        from inspraak.accounts.models import User
        from inspraak.consultations.models import Consultation

        found = db.session.scalar(db.select(Consultation).where(Consultation.slug == slug))
        consultation_services.close_consultation(db.session.get(User, owner_id), found)
    assert reader.get("/consultaties/").headers["X-Inspraak-Cache"] == "miss"
    for app in (one, two):
        with app.app_context():
            db.engine.dispose()


def test_a_public_page_from_a_real_server_has_one_date_header(app, build):
    """The HTTP server sends the Date header; the app adding its own (Werkzeug's conditional
    response does) made two, on every public page and on a hit from the page cache too."""
    import http.client
    import threading

    from werkzeug.serving import make_server

    build.consultation(status="open")
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for expected in ("miss", "hit"):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", "/consultaties/")
            response = connection.getresponse()
            response.read()
            connection.close()
            assert response.status == 200 and response.getheader("X-Inspraak-Cache") == expected
            assert len([value for name, value in response.getheaders() if name.lower() == "date"]) == 1
    finally:
        server.shutdown()
