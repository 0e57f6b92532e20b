"""The dashboard, its permissions, the downloads (the DOCX and PDF hold the dashboard's
figures), the query count, the API and ``inspraak report``."""
from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from inspraak.accounts.models import Role
from inspraak.accounts.services import create_api_token
from inspraak.extensions import db
from moderation.summaries import runs
from moderation.summaries.lookups import themes_of
from tests.helpers import recording_statements
from moderation.summaries.models import SummaryAnswer


class _Tables(HTMLParser):
    """The figure tables of a page: {data-figures id: [[cell texts of a row], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-figures" in attrs:
            self._table = self.tables.setdefault(attrs["data-figures"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _page_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return list(parser.tables.values())


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [[[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows] for table in document.tables]


@pytest.fixture
def analysed(consultation_with_responses):
    consultation, survey, questions, fill = consultation_with_responses
    fill(36, campaign=4)
    fill(4, start=495, publication="not_published")  # four citizens
    runs.start_analysis(consultation.owner, consultation)
    return consultation.slug, consultation.owner, questions


def test_who_may_see_the_summary(analysed, build, client, signed_in):
    slug, owner, questions = analysed
    url = f"/moderatie/samenvattingen/{slug}"
    assert client.get(url).status_code == 302  # signs in first
    for role, status in ((Role.POLICY_OFFICER, 403), (Role.MODERATOR, 403), (Role.PARTICIPANT, 403), (Role.ADMIN, 200)):
        person = build.user(role)
        signed_in(person)
        assert client.get(url).status_code == status, role
        assert client.get(url + "/verslag.docx").status_code == status, role
        client.post("/account/uitloggen")
    stranger = build.user(Role.POLICY_OFFICER)
    theme = themes_of(questions["open"].id)[0]
    signed_in(stranger)
    assert client.post(f"/moderatie/samenvattingen/{slug}/themas/{theme.id}/hernoemen",
                       data={f"rename{theme.id}-name": "Gekaapt"}).status_code == 403
    assert themes_of(questions["open"].id)[0].label is None


def test_a_theme_of_another_consultation_is_not_found(analysed, build, signed_in):
    slug, owner, questions = analysed
    other = build.consultation(owner, status="open")
    theme = themes_of(questions["open"].id)[0]
    client = signed_in(owner)
    assert client.post(f"/moderatie/samenvattingen/{other.slug}/themas/{theme.id}/hernoemen",
                       data={f"rename{theme.id}-name": "X"}).status_code == 404


def test_dashboard_shows_figures_quotes_and_warnings(analysed, signed_in):
    slug, owner, questions = analysed
    client = signed_in(owner)
    page = client.get(f"/moderatie/samenvattingen/{slug}").get_data(as_text=True)
    assert "Wie heeft gereageerd" in page and "<svg" in page and "<script" not in page
    assert "Licht uw antwoord toe" in page and "Campagne 1: 4 vrijwel gelijke antwoorden." in page or "Campagne" in page
    # Few knowledge institutions: the plain warning.
    assert "Weinig reacties van de groep ‘Kennisinstelling’" in page
    # Quotes link to their answer; answers whose respondent did not choose publication are never quoted.
    quoted = [int(n) for n in re.findall(r"/antwoorden/(\d+)\"", page)]
    assert quoted
    hidden = {a.answer_id for a in db.session.scalars(db.select(SummaryAnswer))
              if a.answer_id and _publication(a.answer_id) == "not_published"}
    assert hidden and not hidden & set(quoted)
    # Filters: one question, one group.
    filtered = client.get(f"/moderatie/samenvattingen/{slug}?vraag={questions['choice'].id}&groep=ngo").get_data(as_text=True)
    assert "Moet zaad een etiket krijgen?" in filtered and "Licht uw antwoord toe</h2>" not in filtered
    bad = client.get(f"/moderatie/samenvattingen/{slug}?vraag=999999").get_data(as_text=True)
    assert "Die vraag hoort niet bij deze consultatie" in bad


def _publication(answer_id: int) -> str:
    from surveys.models import Answer

    return db.session.get(Answer, answer_id).response.publication


def test_the_docx_and_pdf_hold_the_dashboards_figures(analysed, signed_in):
    slug, owner, questions = analysed
    client = signed_in(owner)
    page_tables = _page_tables(client.get(f"/moderatie/samenvattingen/{slug}").get_data(as_text=True))
    assert len(page_tables) >= 6
    response = client.get(f"/moderatie/samenvattingen/{slug}/verslag.docx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    docx_tables = _docx_tables(response.data)
    for table in page_tables:
        assert table in docx_tables, table
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for chapter in ("1. Inleiding", "2. Wie heeft gereageerd", "3. Per vraag", "4. Campagnes",
                    "5. Wat is er met de reacties gedaan"):
        assert chapter in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert re.search(r"\(.*, reactie ENQ-[A-Z0-9]{4}-[A-Z0-9]{4}\)", text)      # quotes carry their reference
    assert re.search(r"Bronnen \(\d+ reacties\): ENQ-", text)                 # themes carry their sources
    assert len(document.inline_shapes) >= 4                                  # the charts

    pdf = client.get(f"/moderatie/samenvattingen/{slug}/verslag.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for table in page_tables:
        for row in table[1:]:
            for cell in row[1:]:
                assert cell in pdf_text, cell


def test_data_downloads_are_formula_safe(consultation_with_responses, signed_in, build):
    consultation, survey, questions, fill = consultation_with_responses
    fill(12)
    build.imported_response(survey, {questions["choice"].id: "ja", questions["likert"].id: 3,
                                     questions["open"].id: "=HYPERLINK(\"http://x\") dit is mijn mening over etikettering"},
                            organisation="=cmd|' /C calc'!A0", category="ngo")
    runs.start_analysis(consultation.owner, consultation)
    client = signed_in(consultation.owner)
    slug = consultation.slug
    response = client.get(f"/moderatie/samenvattingen/{slug}/verslag.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    response.close()
    assert workbook.sheetnames == ["reacties", "themas", "sentiment", "campagnes"]
    organisations = [row[2] for row in workbook["reacties"].iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in organisations
    csv_text = client.get(f"/moderatie/samenvattingen/{slug}/verslag.csv").get_data(as_text=True)
    assert csv_text.count("\r\n") == 14  # header + 13 answers
    document = json.loads(client.get(f"/moderatie/samenvattingen/{slug}/verslag.json").data)
    assert document["respondents"]["total"] == 13


def test_the_dashboard_runs_as_many_queries_for_many_answers_as_for_few(consultation_with_responses, build, app, signed_in):
    consultation, survey, questions, fill = consultation_with_responses
    fill(100)
    runs.start_analysis(consultation.owner, consultation)
    client = signed_in(consultation.owner)
    url = f"/moderatie/samenvattingen/{consultation.slug}"

    def queries() -> int:
        with recording_statements(app) as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = queries()
    fill(400, start=1000, campaign=20)
    runs.start_analysis(consultation.owner, consultation)
    assert queries() == few


def test_the_summary_api(analysed, build, client):
    slug, owner, questions = analysed

    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/consultations/{slug}/summary" in spec["paths"]
    _token, secret = create_api_token(owner, "verslag")
    response = client.get(f"/api/v1/consultations/{slug}/summary", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["respondents"]["total"] == 44 and body["questions"][2]["themes"]
    _validate(spec, body)
    assert client.get(f"/api/v1/consultations/{slug}/summary").status_code == 401
    _t, other = create_api_token(build.user(Role.POLICY_OFFICER), "x")
    assert client.get(f"/api/v1/consultations/{slug}/summary", headers={"Authorization": f"Bearer {other}"}).status_code == 403
    assert client.get("/api/v1/consultations/bestaat-niet/summary", headers={"Authorization": f"Bearer {secret}"}).status_code == 404


def _validate(spec: dict, body: dict) -> None:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    ref = spec["paths"]["/consultations/{slug}/summary"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    validator = Draft202012Validator({"$ref": "urn:openapi" + ref}, registry=registry, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_inspraak_report_on_the_demo_data(demo_app, tmp_path):
    """``inspraak report`` on a fresh database with the demo content (the network guard is on)."""
    from inspraak.extensions import db as database
    from surveys.demo import NGT_SLUG
    from surveys.models import Survey

    slug = database.session.scalar(database.select(Survey).where(Survey.slug == NGT_SLUG)).consultation.slug
    runner = demo_app.test_cli_runner()
    for fmt in ("docx", "pdf", "xlsx", "csv", "json"):
        target = tmp_path / f"verslag.{fmt}"
        result = runner.invoke(args=["report", slug, "--format", fmt, "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    document = Document(str(tmp_path / "verslag.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Stichting Eerlijk Zaad" in text           # the demo's campaign is visible
    assert "Wat is er met de reacties gedaan" in text
    bad = runner.invoke(args=["report", "bestaat-niet", "--format", "docx", "--output", str(tmp_path / "x.docx")])
    assert bad.exit_code != 0 and "No consultation" in bad.output


def test_quotes_show_the_moderators_redactions_and_not_what_they_hid(analysed, build, signed_in):
    from inspraak.database import utcnow
    from moderation import services
    from moderation.models import ModerationItem

    slug, owner, questions = analysed
    client = signed_in(owner)
    page = client.get(f"/moderatie/samenvattingen/{slug}").get_data(as_text=True)
    quoted = [int(n) for n in re.findall(r"/antwoorden/(\d+)\"", page)]
    admin = build.user(Role.ADMIN)
    first = db.session.scalar(db.select(ModerationItem).where(ModerationItem.answer_id == quoted[0]))
    services.redact(admin, first, [[0, 12]], utcnow())
    second = db.session.scalar(db.select(ModerationItem).where(ModerationItem.answer_id == quoted[1]))
    services.hide(admin, second, "personal_data", utcnow())
    page = client.get(f"/moderatie/samenvattingen/{slug}").get_data(as_text=True)
    assert "[verwijderd]" in page
    assert f"/antwoorden/{quoted[1]}\"" not in page
    docx = _docx_text(client.get(f"/moderatie/samenvattingen/{slug}/verslag.docx").data)
    assert "[verwijderd]" in docx


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_a_run_that_has_not_counted_its_steps_is_being_prepared_not_done(consultation_with_responses, signed_in):
    """It read "0 van 0 stappen" with a progress bar at 100% while the run had only begun."""
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from moderation.summaries.models import SummaryRun

    consultation, survey, _questions, fill = consultation_with_responses
    fill(2)
    run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status="running", started_at=utcnow(),
                     progress_at=utcnow())
    db.session.add(run)
    db.session.commit()
    client = signed_in(consultation.owner)
    page = client.get(f"/moderatie/samenvattingen/{consultation.slug}").get_data(as_text=True)
    assert "De analyse wordt voorbereid." in page and "0 van 0" not in page
    assert re.search(r'<progress id="analysis-progress"></progress>', page)  # no value: indeterminate
    run.total, run.done = 8, 3
    db.session.commit()
    page = client.get(f"/moderatie/samenvattingen/{consultation.slug}").get_data(as_text=True)
    assert "Analyse bezig: 3 van 8 stappen." in page and 'max="8" value="3"' in page


def test_a_draft_leaves_no_trace_in_the_summaries(build, signed_in):
    """403 for a draft against 404 for no consultation told others the draft existed."""
    from inspraak.accounts.models import Role

    draft = build.consultation(build.user(Role.POLICY_OFFICER), status="draft")
    other = signed_in(build.user(Role.POLICY_OFFICER))
    assert other.get(f"/moderatie/samenvattingen/{draft.slug}").status_code == 404
    assert other.get("/moderatie/samenvattingen/bestaat-niet").status_code == 404
    assert signed_in(build.user(Role.ADMIN)).get(f"/moderatie/samenvattingen/{draft.slug}").status_code != 403
