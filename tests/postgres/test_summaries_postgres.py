"""Consultation summaries on PostgreSQL: the analysis job, a correction that survives
re-analysis, the dashboard and the DOCX, on a migrated database."""
from __future__ import annotations

import io

import pytest
from docx import Document

from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import migrated_postgres, sign_in

pytestmark = pytest.mark.postgres

TEXTS = ["Een etiket op zaad en voedsel geeft keuzevrijheid aan boeren en consumenten {n}.",
         "Octrooien op planten maken veredelaars afhankelijk van grote zaadbedrijven {n}.",
         "Droogtebestendige gewassen helpen boeren door hete zomers heen {n}."]


@pytest.fixture
def pg_app(tmp_path):
    with migrated_postgres(tmp_path) as app:
        yield app


def test_analysis_corrections_dashboard_and_docx_on_postgresql(pg_app):
    from moderation.summaries import corrections, runs
    from moderation.summaries.lookups import themes_of

    build = builders()
    survey, question = build.open_questionnaire()
    consultation, officer = survey.consultation, survey.owner
    for n in range(30):
        build.imported_response(survey, {question.id: TEXTS[n % 3].format(n=n)},
                                category=("citizen", "ngo", "company")[n % 3], organisation=None if n % 3 == 0 else f"Org {n}")
    slug, consultation_id = consultation.slug, consultation.id
    run = runs.start_analysis(officer, consultation)
    assert run.status == "done" and run.analysed == 30
    theme = themes_of(question.id)[0]
    corrections.rename_theme(officer, theme, "Eigen naam")
    build.imported_response(survey, {question.id: TEXTS[0].format(n=99)})
    again = runs.start_analysis(officer, db.session.get(type(consultation), consultation_id))
    assert again.reused == 30 and again.analysed == 1
    assert "Eigen naam" in [t.name for t in themes_of(question.id)]

    client = pg_app.test_client()
    assert sign_in(client, officer).status_code == 302
    page = client.get(f"/moderatie/samenvattingen/{slug}")
    assert page.status_code == 200 and "Eigen naam" in page.get_data(as_text=True)
    docx = client.get(f"/moderatie/samenvattingen/{slug}/verslag.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Thema: Eigen naam" in text
