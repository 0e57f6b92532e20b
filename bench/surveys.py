"""Surveys: the export of many responses, and the cost of the real answering flow.

1. Export of N responses of 10 questions (default 20,000; ``--large``: 1,000,000) from
   a SQLite file: peak memory of the exporting process (a fresh subprocess, so the data
   generation does not count; VmHWM, reset just before the export, so the figure
   "added" is what the export itself held on top of the loaded application) and CSV time against a bare ``csv.writer`` over the same
   rows, read with the same query in the same run. XLSX and JSON times too.
2. One response through the real form flow (GET the first page, POST it with its CSRF
   token, GET the questions page, POST it with its token and send) against a bare Flask
   endpoint that inserts 1 KB, on the same server (real HTTP, threaded), in the same run.

    python -m bench.surveys [--large]
"""
from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.timing import peak_rss, reset_peak

QUESTIONS = [
    ("short_text", [], {}), ("long_text", [], {}), ("single_choice", ["Ja", "Nee", "Weet niet"], {}),
    ("multiple_choice", ["Prijs", "Smaak", "Klimaat", "Dierenwelzijn"], {}), ("likert", [], {}), ("scale", [], {}),
    ("number", [], {"minimum": 0, "maximum": 1000}), ("date", [], {}), ("ranking", ["A", "B", "C"], {}),
    ("matrix", ["Veilig", "Duurzaam", "Betaalbaar"], {}),
]


def _app(tmp: Path, database: Path, **overrides):
    """The real app on a SQLite file (the one ``make_app`` of the tests, schema left to the caller)."""
    from tests.helpers import make_app

    return make_app(tmp, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                    SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}},
                    **overrides)


def _survey(owner_email: str):
    from inspraak.accounts import services as accounts
    from inspraak.accounts.models import Role
    from inspraak.consultations.topics import ensure_topics
    from inspraak.database import utcnow
    from inspraak.consultations.services import topic_by_slug
    from surveys import builder
    from datetime import timedelta

    ensure_topics()
    officer = accounts.create_user(email=owner_email, name="Bench", password="bench-password-1",
                                   role=Role.POLICY_OFFICER, verified=True)
    now = utcnow()
    survey = builder.create_survey(officer, builder.SurveyFields(
        title="Bench", topic=topic_by_slug("kweekvlees"), opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30), allows_anonymous=True))
    return officer, survey


# --- 1. export -------------------------------------------------------------------

def _values(n: int, questions) -> list:
    keys = {q.kind: [o["value"] for o in q.options] for q in questions}
    return [
        f"Antwoord {n}", f"Een langere toelichting van respondent {n}, met een komma, en \"aanhalingstekens\".",
        keys["single_choice"][n % 3], keys["multiple_choice"][: 1 + n % 4], 1 + n % 5, n % 11, n % 1000,
        "2026-03-01", keys["ranking"][n % 3:] + keys["ranking"][: n % 3],
        {k: 1 + (n + i) % 5 for i, k in enumerate(keys["matrix"])},
    ]


def generate(database: Path, count: int) -> None:
    """Create the schema, one survey of 10 questions and ``count`` responses (raw inserts)."""
    from inspraak.extensions import db
    from surveys import builder

    app = _app(database.parent, database)
    with app.app_context():
        db.create_all()
        officer, survey = _survey("export@example.org")
        for kind, options, settings in QUESTIONS:
            builder.add_question(officer, survey.sections[0], builder.QuestionFields(
                kind=kind, text=f"Vraag over {kind}", option_labels=options, settings=settings))
        builder.open_survey(officer, survey)
        questions = survey.ordered_questions()
        survey_id = survey.id
        db.engine.dispose()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    batch = 10_000
    for start in range(0, count, batch):
        stop = min(count, start + batch)
        connection.executemany(
            "INSERT INTO survey_response (id, survey_id, respondent_category, publication, source, submission_token, "
            "reference, page_reached, created_at, updated_at, submitted_at) "
            "VALUES (?, ?, ?, 'anonymous', 'web', ?, ?, 2, '2026-03-01 10:00:00', '2026-03-01 10:00:00', '2026-03-01 10:00:00')",
            [(n + 1, survey_id, ("citizen", "ngo", "company")[n % 3], f"t{n}", f"R{n}") for n in range(start, stop)])
        connection.executemany(
            "INSERT INTO survey_answer (response_id, question_id, value, moderation_status) VALUES (?, ?, ?, 'not_applicable')",
            [(n + 1, q.id, json.dumps(v, ensure_ascii=False)) for n in range(start, stop)
             for q, v in zip(questions, _values(n, questions))])
        connection.commit()
    connection.close()


def export(database: Path, fmt: str, target: Path) -> dict:
    """Run in a fresh process: our export, or the bare baseline; time and peak memory."""
    from inspraak.extensions import db
    from surveys import exports
    from surveys.models import Survey

    app = _app(database.parent, database)
    with app.app_context():
        survey = db.session.scalar(db.select(Survey))
        resident = reset_peak()
        start = time.perf_counter()
        if fmt == "baseline":
            _bare_csv(database, survey.id, target)
        else:
            exports.write_export(survey, fmt, str(target))
        seconds = time.perf_counter() - start
        peak = peak_rss()
    return {"seconds": seconds, "peak_mb": peak / 2**20, "before_mb": resident / 2**20,
            "added_mb": (peak - resident) / 2**20}


def _bare_csv(database: Path, survey_id: int, target: Path) -> None:
    """The baseline: the same rows (the same join, in the same order) straight into csv.writer."""
    connection = sqlite3.connect(database)
    rows = connection.execute(
        "SELECT r.id, r.reference, r.submitted_at, r.respondent_category, r.organisation_name, r.respondent_name, "
        "r.province, r.publication, r.source, a.question_id, a.value FROM survey_response r "
        "LEFT OUTER JOIN survey_answer a ON a.response_id = r.id "
        "WHERE r.survey_id = ? AND r.submitted_at IS NOT NULL ORDER BY r.id", (survey_id,))
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(row)
    connection.close()


def _in_subprocess(database: Path, fmt: str, target: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.surveys", "--export", fmt, "--database", str(database),
                             "--target", str(target)], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_export(count: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.surveys", "--generate", str(count), "--database", str(database)],
                       check=True)
        generated = time.perf_counter() - started
        baseline = _in_subprocess(database, "baseline", Path(tmp) / "bare.csv")
        results = {fmt: _in_subprocess(database, fmt, Path(tmp) / f"export.{fmt}") for fmt in ("csv", "xlsx", "json")}
        lines = sum(1 for _ in open(Path(tmp) / "export.csv", encoding="utf-8"))
    assert lines == count + 1, f"the CSV export has {lines} lines for {count} responses"
    print(f"surveys: export of {count:,} responses x 10 questions (generated in {generated:.0f}s)")
    print(f"surveys: CSV export / bare csv.writer over the same rows = "
          f"{results['csv']['seconds'] / baseline['seconds']:.2f}x "
          f"({results['csv']['seconds']:.1f}s vs {baseline['seconds']:.1f}s)")
    for fmt in ("csv", "xlsx", "json"):
        print(f"surveys: {fmt.upper()} export: peak memory of the exporting process {results[fmt]['peak_mb']:.0f} MB, "
              f"of which the export added {results[fmt]['added_mb']:.0f} MB (bare baseline: peak "
              f"{baseline['peak_mb']:.0f} MB, added {baseline['added_mb']:.0f} MB), time {results[fmt]['seconds']:.1f}s")
    return {"responses": count, "generated_seconds": generated, "baseline": baseline, **results}


# --- 2. the form flow -------------------------------------------------------------

def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _post(opener, url: str, fields: dict) -> str:
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(url, data=data, method="POST")) as response:
        return response.read().decode()


def _get(opener, url: str) -> str:
    with opener.open(url) as response:
        return response.read().decode()


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def run_form_flow(number: int) -> None:
    from werkzeug.serving import WSGIRequestHandler, make_server

    from inspraak.extensions import csrf, db
    from surveys import builder

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp), Path(tmp) / "flow.sqlite3", WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
        with app.app_context():
            db.create_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("CREATE TABLE bench_blob (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            officer, survey = _survey("flow@example.org")
            question = builder.add_question(officer, survey.sections[0], builder.QuestionFields(
                kind="long_text", text="Uw mening", is_required=True))
            builder.open_survey(officer, survey)
            slug, field = survey.slug, f"q{question.id}"

        def bare_insert():
            from flask import request

            with db.engine.begin() as connection:
                connection.exec_driver_sql("INSERT INTO bench_blob (body) VALUES (?)", (request.form["body"],))
            return "ok"

        app.add_url_rule("/bench/insert", "bench_insert", bare_insert, methods=["POST"])
        csrf.exempt(bare_insert)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        body = "x" * 1024

        def form_flow():
            opener = _opener()  # a new visitor: own cookies, own session, own tokens
            page = _get(opener, f"{base}/enquetes/{slug}/invullen")
            token = _hidden(page, "submission_token")
            page = _post(opener, f"{base}/enquetes/{slug}/invullen", {
                "csrf_token": _hidden(page, "csrf_token"), "submission_token": token, "category": "citizen",
                "publication": "anonymous", "action": "next"})
            receipt = _post(opener, f"{base}/enquetes/{slug}/invullen?pagina=2", {
                "csrf_token": _hidden(page, "csrf_token"), "submission_token": token, field: body, "action": "submit"})
            assert "Bedankt voor uw reactie" in receipt

        def bare():
            _post(urllib.request.build_opener(), f"{base}/bench/insert", {"body": body})

        try:
            flow_times, bare_times = [], []
            for _ in range(number):  # interleaved, so both see the same machine state
                start = time.perf_counter()
                form_flow()
                flow_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                bare()
                bare_times.append(time.perf_counter() - start)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
    flow, baseline = statistics.median(flow_times), statistics.median(bare_times)
    print(f"surveys: one response through the form flow (GET, POST profile with CSRF, POST answers and send; "
          f"5 requests, redirects included) / bare 1 KB insert endpoint = {flow / baseline:.1f}x "
          f"(median of {number}: {flow * 1000:.1f} ms vs {baseline * 1000:.1f} ms)")


def run(*, repeat: int, large: bool = False, responses: int | None = None) -> dict:
    export = run_export(responses or (1_000_000 if large else 20_000))
    run_form_flow(max(20, repeat * 10))
    return export


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.surveys", description=__doc__)
    parser.add_argument("--large", action="store_true", help="export 1,000,000 responses (takes minutes)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.database, args.generate)
    elif args.export:
        print(json.dumps(export(args.database, args.export, args.target)))
    else:
        run(repeat=args.repeat, large=args.large)


if __name__ == "__main__":
    main()
