"""Exactly once, under concurrent requests: the same submission token sent by several
threads at once stores one response, through real HTTP on a threaded server. Runs on a
SQLite file and, with INSPRAAK_TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import json
import os
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.serving import make_server

from config import normalise_database_url
from inspraak.accounts.services import create_api_token
from inspraak.database import utcnow
from inspraak.extensions import db
from surveys import builder, services
from surveys.models import Response
from tests.builders import builders
from tests.helpers import make_app, migrate_and_compare, reset_postgres_schema

THREADS = 8


def _sqlite_app(tmp_path):
    return make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/race.sqlite3",
                    SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 30}})


def _postgres_app(tmp_path):
    url = normalise_database_url(os.environ["INSPRAAK_TEST_DATABASE_URL"])
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=url,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": THREADS + 2})
    reset_postgres_schema(app)
    assert migrate_and_compare(app) == []
    with app.app_context():
        from inspraak.consultations.topics import ensure_topics
        ensure_topics()
    return app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def race_app(request, tmp_path):
    app = _sqlite_app(tmp_path) if request.param == "sqlite" else _postgres_app(tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _survey():
    build = builders()
    survey = build.survey(status="draft")
    question = build.question(survey, "short_text", "Uw mening", required=True)
    builder.open_survey(survey.owner, survey)
    return survey, question


def test_concurrent_imports_over_http_store_one_response(race_app):
    survey, question = _survey()
    _token, secret = create_api_token(survey.owner, "race")
    server = make_server("127.0.0.1", 0, race_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    slug, question_id = survey.slug, question.id
    body = json.dumps({"submission_token": "race-token-0001", "answers": {str(question_id): "Eén keer"},
                       "respondent": {"category": "citizen", "publication": "anonymous"}}).encode()
    barrier = threading.Barrier(THREADS)

    def send(_n):
        request = urllib.request.Request(f"http://127.0.0.1:{server.server_port}/api/v1/surveys/{slug}/responses",
                                         data=body, method="POST", headers={
                                             "Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
        barrier.wait()
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())["reference"]

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(send, range(THREADS)))
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    statuses = sorted(status for status, _ref in results)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert len({ref for _status, ref in results}) == 1
    db.session.remove()
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_concurrent_final_submissions_of_one_draft_send_it_once(race_app):
    survey, question = _survey()
    response, _secret = services.save_profile(
        survey, submission_token="draft-token-0001", profile=services.RespondentProfile("citizen", publication="anonymous"),
        user=None, client_address="127.0.0.1", now=utcnow())
    response_id, section_id, question_id = response.id, survey.sections[0].id, question.id
    db.session.remove()
    barrier = threading.Barrier(THREADS)

    def submit(_n):
        with race_app.app_context():
            draft = db.session.get(Response, response_id)
            barrier.wait()
            sent = services.save_and_submit(draft, section_id, {question_id: "Mijn antwoord"}, utcnow())
            return sent.reference, sent.submitted_at

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(submit, range(THREADS)))
    assert len(set(results)) == 1  # one reference, one moment of sending
    stored = db.session.get(Response, response_id)
    assert stored.is_submitted and stored.answers_by_question() == {question_id: "Mijn antwoord"}
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1
