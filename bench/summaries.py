"""Consultation summaries at scale: a consultation whose questionnaire has 100,000 responses
(a choice, a Likert statement and an open question), analysed by the real job.

1. The dashboard (rendered from the stored results) against the consultation list page,
   both through the test client in the same run: the target is under 3x.
2. SQL statements per dashboard page (constant: the same as with 100 answers).
3. The DOCX report for the 100,000 answers: seconds (target: under 60).
4. The analysis job itself: seconds and answers per second.

The open answers are Dutch texts from the reference data in ``../shared/benchmarks``
(``INSPRAAK_BENCHMARK_DATA``; read there, never copied): book reviews and subtitle lines,
repeated to the number of answers (so each text recurs and the job analyses each distinct
text once). Without that folder the demo's generated answers are used.

    python -m bench.summaries [--answers 100000]
"""
from __future__ import annotations

import argparse
import csv
import html
import io
import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.timing import median_seconds

CATEGORIES = ["citizen"] * 12 + ["ngo", "ngo", "company", "company", "knowledge_institution", "business_association",
                                 "public_authority", "other"]
PROVINCES = ["Utrecht", "Gelderland", "Zuid-Holland", "Noord-Holland", "Flevoland", "Groningen", None]


def reference_texts() -> list[str]:
    folder = Path(os.environ.get("INSPRAAK_BENCHMARK_DATA", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
    texts = []
    reviews = folder / "polarity-nl-bol.com.csv"
    if reviews.exists():
        with reviews.open(encoding="utf-8", newline="") as source:
            texts += [html.unescape(row[1]) for row in csv.reader(source) if len(row) == 2]
    lines = folder / "xed-nl-projections.tsv"
    if lines.exists():
        texts += [line.split("\t")[0] for line in lines.read_text(encoding="utf-8").splitlines() if "\t" in line]
    if not texts:
        from surveys.demo_texts import NGT_THEMES, open_text

        rng = random.Random(1)
        texts = [open_text(rng, NGT_THEMES, rng.uniform(-1, 1)) for _ in range(5000)]
    return [t for t in texts if t.strip()]


def _app(tmp: Path, database: Path):
    from tests.helpers import make_app

    return make_app(tmp, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                    SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}})


def generate(app, database: Path, count: int) -> str:
    """Schema, an officer, ten consultations (for the list page), one with a questionnaire and
    ``count`` responses (raw inserts); return its slug."""
    from datetime import timedelta

    from inspraak.accounts import services as accounts
    from inspraak.accounts.models import Role
    from inspraak.consultations import services
    from inspraak.consultations.topics import ensure_topics
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from surveys import builder

    with app.app_context():
        db.create_all()
        ensure_topics()
        officer = accounts.create_user(email="bench-summary@example.org", name="Bench", password="bench-password-1",
                                       role=Role.POLICY_OFFICER, verified=True)
        now = utcnow()
        topics = services.topics()
        consultations = []
        for n in range(10):
            fields = services.ConsultationFields(
                title=f"Consultatie {n}", topic=topics[n % len(topics)], summary="Samenvatting " * 10,
                body_markdown="## Toelichting\n\nTekst.", opens_at=now - timedelta(days=30),
                closes_at=now + timedelta(days=n + 1))
            consultation = services.create_consultation(officer, fields)
            services.open_consultation(officer, consultation)
            consultations.append(consultation)
        consultation = consultations[0]
        survey = builder.create_survey(officer, builder.SurveyFields(title="Vragenlijst", consultation=consultation,
                                                                     allows_anonymous=True))
        page = survey.sections[0]
        for kind, text, options in (("single_choice", "Moet zaad een etiket krijgen?", ["Ja", "Nee", "Weet ik niet"]),
                                    ("likert", "NGT-gewassen zijn veilig.", []),
                                    ("long_text", "Licht uw antwoord toe", [])):
            builder.add_question(officer, page, builder.QuestionFields(kind=kind, text=text, option_labels=options))
        builder.open_survey(officer, survey)
        questions = [q.id for q in survey.ordered_questions()]
        survey_id, slug = survey.id, consultation.slug
        db.engine.dispose()
    texts = reference_texts()
    rng = random.Random(2026)
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA synchronous=OFF")
    batch = 10_000
    for start in range(0, count, batch):
        stop = min(count, start + batch)
        connection.executemany(
            "INSERT INTO survey_response (id, survey_id, respondent_category, organisation_name, province, publication, "
            "source, submission_token, reference, page_reached, created_at, updated_at, submitted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'web', ?, ?, 1, '2026-03-01 10:00:00', '2026-03-01 10:00:00', ?)",
            [(n + 1, survey_id, CATEGORIES[n % len(CATEGORIES)],
              None if n % len(CATEGORIES) < 12 else f"Organisatie {n % 300}", PROVINCES[n % len(PROVINCES)],
              ("anonymous", "with_name", "not_published")[n % 3], f"t{n}", f"ENQ-{n:09d}",
              f"2026-03-{1 + n % 28:02d} {n % 24:02d}:00:00") for n in range(start, stop)])
        rows = []
        for n in range(start, stop):
            rows.append((n + 1, questions[0], json.dumps(("ja", "nee", "weet-ik-niet")[rng.randrange(3)]), "not_applicable"))
            rows.append((n + 1, questions[1], json.dumps(rng.randint(1, 5)), "not_applicable"))
            rows.append((n + 1, questions[2], json.dumps(texts[n % len(texts)], ensure_ascii=False),
                         "not_applicable" if n % 3 == 2 else "pending"))
        connection.executemany("INSERT INTO survey_answer (response_id, question_id, value, moderation_status) "
                               "VALUES (?, ?, ?, ?)", rows)
        connection.commit()
    connection.close()
    return slug


def _statements(app, client, url: str) -> int:
    from tests.helpers import recording_statements

    with recording_statements(app) as statements:
        client.get(url)
    return len(statements)


def run(*, repeat: int = 5, answers: int = 100_000) -> None:
    from inspraak.extensions import db
    from tests.helpers import sign_in

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "summaries.sqlite3"
        app = _app(Path(tmp), database)
        slug = generate(app, database, answers)
        with app.app_context():
            from inspraak.consultations.services import consultation_by_slug
            from moderation.summaries.runs import analyse_now

            start = time.perf_counter()
            run_ = analyse_now(None, consultation_by_slug(slug))
            analysis = time.perf_counter() - start
            assert run_.status == "done", run_.error
            distinct = run_.analysed
        client = app.test_client()
        with app.app_context():
            from inspraak.accounts.models import User

            officer = db.session.scalar(db.select(User).where(User.email == "bench-summary@example.org"))
            assert sign_in(client, officer, "bench-password-1").status_code == 302
        dashboard_url = f"/moderatie/samenvattingen/{slug}"
        assert client.get(dashboard_url).status_code == 200
        baseline = median_seconds(lambda: client.get("/consultaties/"), repeat=repeat, number=10)
        dashboard = median_seconds(lambda: client.get(dashboard_url), repeat=repeat, number=10)
        statements = _statements(app, client, dashboard_url)
        with app.app_context():
            from flask_babel import force_locale

            from inspraak.consultations.services import consultation_by_slug
            from moderation.summaries.dashboard import build_summary
            from moderation.summaries.writers import write

            with app.test_request_context(), force_locale("nl"):
                start = time.perf_counter()
                buffer = io.BytesIO()
                write(build_summary(consultation_by_slug(slug)), "docx", buffer)
                docx_seconds = time.perf_counter() - start
        with app.app_context():
            db.engine.dispose()
    print(f"summaries: analysis job, {answers:,} responses ({distinct:,} open answers stored; each distinct text analysed once): "
          f"{analysis:.1f} s")
    print(f"summaries: dashboard ({answers:,} answers) / consultation list page = {dashboard / baseline:.2f}x "
          f"(target < 3x); {statements} SQL statements per dashboard page")
    print(f"summaries: DOCX report for {answers:,} answers: {docx_seconds:.1f} s (target < 60 s), {len(buffer.getvalue()):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.summaries", description=__doc__)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    run(repeat=args.repeat, answers=args.answers)


if __name__ == "__main__":
    main()
