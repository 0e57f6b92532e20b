"""Moderation: what screening adds to a submission, and the public "Reacties" page.

1. One imported response with one open answer, with the screening job run inline
   (findings and the campaign comparison with the question's earlier answers), against
   the same import with the screening switched off, for a question that already has
   N answers (200 and 2,000 by default; ``--large``: also 5,000, the comparison window).
2. The public "Reacties" page of a consultation with N published answers (page 1, and a
   search in the public text), against the consultation's own page, in the same run.

    python -m bench.moderation [--large]

Ratios only; each side is the median of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

from bench.timing import median_seconds

PHRASES = ("Ik ben voor etikettering", "want consumenten willen weten wat ze eten", "maar de kosten zijn hoog",
           "en boeren hebben zaad nodig zonder octrooi", "de natuur verdient bescherming", "innovatie helpt bij droogte")


def _text(n: int) -> str:
    parts = [PHRASES[(n * 7 + i * 3) % len(PHRASES)] for i in range(2 + n % 3)]
    return f"Reactie {n}: " + ", ".join(parts) + f". Kenmerk {n * 7919 % 10007}."


def _setup(tmp: Path, existing: int):
    """A SQLite file with an open consultation, its questionnaire (one long-text question) and
    ``existing`` published answers inserted directly; returns (app, ids)."""
    from inspraak.accounts import services as accounts
    from inspraak.accounts.models import Role
    from inspraak.consultations import services as consultations
    from inspraak.consultations.topics import ensure_topics
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from surveys import builder
    from tests.helpers import make_app

    database = tmp / "bench.sqlite3"
    app = make_app(tmp, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                   SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}})
    with app.app_context():
        db.create_all()
        ensure_topics()
        officer = accounts.create_user(email="bench@example.org", name="Bench", password="bench-password-1",
                                       role=Role.POLICY_OFFICER, verified=True)
        now = utcnow()
        consultation = consultations.create_consultation(officer, consultations.ConsultationFields(
            title="Bench", topic=consultations.topic_by_slug("ngt"), summary="s", body_markdown="b",
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)))
        consultations.open_consultation(officer, consultation)
        survey = builder.create_survey(officer, builder.SurveyFields(title="Bench", consultation=consultation,
                                                                     allows_anonymous=True))
        question = builder.add_question(officer, survey.sections[0], builder.QuestionFields(
            kind="long_text", text="Wat vindt u?", is_required=True))
        builder.open_survey(officer, survey)
        ids = {"survey": survey.id, "question": question.id, "consultation": consultation.id,
               "slug": consultation.slug, "survey_slug": survey.slug}
        db.engine.dispose()
    connection = sqlite3.connect(database)
    stamp = "2026-03-01 10:00:00"
    connection.executemany(
        "INSERT INTO survey_response (id, survey_id, respondent_category, publication, source, submission_token, "
        "reference, page_reached, created_at, updated_at, submitted_at) VALUES (?, ?, 'citizen', 'anonymous', 'web', ?, ?, 2, ?, ?, ?)",
        [(n, ids["survey"], f"t{n}", f"R{n}", stamp, stamp, stamp) for n in range(1, existing + 1)])
    connection.executemany(
        "INSERT INTO survey_answer (id, response_id, question_id, value, moderation_status) VALUES (?, ?, ?, ?, 'approved')",
        [(n, n, ids["question"], json.dumps(_text(n), ensure_ascii=False)) for n in range(1, existing + 1)])
    connection.executemany(
        "INSERT INTO moderation_item (answer_id, consultation_id, question_id, kind, status, redactions, published_text, "
        "is_hidden_by_reports, submitted_at, created_at) VALUES (?, ?, ?, 'text', 'approved', '[]', ?, 0, ?, ?)",
        [(n, ids["consultation"], ids["question"], _text(n), stamp, stamp) for n in range(1, existing + 1)])
    connection.commit()
    connection.close()
    return app, ids


def screening(existing: int, repeat: int) -> float:
    """Ratio: import + screening of one response / the same import without screening."""
    import secrets

    from inspraak.database import utcnow
    from inspraak.extensions import db
    from surveys import services
    from surveys.models import Survey

    with tempfile.TemporaryDirectory() as folder:
        app, ids = _setup(Path(folder), existing)
        counter = iter(range(10**9))

        def submit():
            survey = db.session.get(Survey, ids["survey"])
            services.import_response(survey, survey.owner, submission_token=secrets.token_hex(12), now=utcnow(),
                                     raw={ids["question"]: _text(existing + next(counter)) + " Bel 06-12345678."},
                                     profile=services.RespondentProfile(category="citizen", publication="anonymous"))
            db.session.remove()

        with app.app_context():
            callbacks = app.extensions[services.AFTER_SUBMIT_KEY]
            saved = list(callbacks)
            submit()                                    # warm up (imports scikit-learn once)
            callbacks.clear()
            bare = median_seconds(submit, repeat=repeat, number=3)
            callbacks.extend(saved)
            screened = median_seconds(submit, repeat=repeat, number=3)
            db.engine.dispose()
    return screened / bare


def public_page(existing: int, repeat: int) -> tuple[float, float]:
    """Ratios: the Reacties page (page 1; a search) / the consultation's own page."""
    with tempfile.TemporaryDirectory() as folder:
        app, ids = _setup(Path(folder), existing)
        client = app.test_client()
        base = f"/consultaties/{ids['slug']}"

        def get(path):
            return lambda: client.get(path).status_code

        assert client.get(base + "/reacties").status_code == 200
        own = median_seconds(get(base), repeat=repeat, number=5)
        page = median_seconds(get(base + "/reacties"), repeat=repeat, number=5)
        search = median_seconds(get(base + "/reacties?zoek=octrooi&pagina=3"), repeat=repeat, number=5)
        with app.app_context():
            from inspraak.extensions import db

            db.engine.dispose()
    return page / own, search / own


def run(repeat: int = 5, large: bool = False) -> None:
    sizes = (200, 2000, 5000) if large else (200, 2000)
    for existing in sizes:
        print(f"moderation: import + screening of one answer / import alone, {existing:,} earlier answers: "
              f"{screening(existing, repeat):.2f}x")
    for existing in sizes:
        page, search = public_page(existing, repeat)
        print(f"moderation: Reacties page / consultation page, {existing:,} published answers: {page:.2f}x "
              f"(search, page 3: {search:.2f}x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.moderation", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", action="store_true")
    arguments = parser.parse_args()
    run(repeat=arguments.repeat, large=arguments.large)
