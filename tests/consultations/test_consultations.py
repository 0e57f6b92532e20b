"""Consultations: statuses, visibility, editing, documents and the public list."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from inspraak.accounts.models import Role
from inspraak.consultations import services
from inspraak.consultations.models import Consultation, Document, ConsultationStatus
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.pdf import simple_pdf


def _form(**overrides):
    data = {"title": "Kweekvis op het menu?", "topic": "kweekvlees", "summary": "Wat vindt u van kweekvis?",
            "body": "## Voorstel\n\nProeverijen van kweekvis.", "opens_at": "2026-12-01T09:00",
            "closes_at": "2027-01-15T17:00"}
    data.update(overrides)
    return data


# --- the status machine --------------------------------------------------------

def test_status_moves_draft_open_closed_reported(build):
    c = build.consultation()
    owner = c.owner
    services.open_consultation(owner, c)
    assert c.status == "open" and c.opened_at is not None
    services.close_consultation(owner, c)
    assert c.status == "closed" and c.closed_at is not None
    services.publish_report(owner, c, "Wat we deden: **veel**.")
    assert c.status == "reported" and "<strong>veel</strong>" in c.report_html


def test_a_consultation_without_body_cannot_open(build):
    c = build.consultation(body="   ")
    with pytest.raises(DomainError, match="zonder toelichting"):
        services.open_consultation(c.owner, c)
    db.session.refresh(c)
    assert c.status == "draft"


def test_a_reported_consultation_cannot_reopen_or_change(build):
    c = build.consultation(status="reported")
    with pytest.raises(DomainError):
        services.open_consultation(c.owner, c)
    with pytest.raises(DomainError):
        services.close_consultation(c.owner, c)
    fields = services.ConsultationFields(c.title, c.topic, c.summary, "nieuw", c.opens_at, c.closes_at)
    with pytest.raises(DomainError, match="niet meer worden gewijzigd"):
        services.update_consultation(c.owner, c, fields)
    with pytest.raises(DomainError):
        services.add_document(c.owner, c, "Te laat", "x.pdf", simple_pdf("x", ["y"]))


def test_a_closed_consultation_can_reopen_but_a_draft_cannot_close(build):
    draft = build.consultation()
    with pytest.raises(DomainError):
        services.close_consultation(draft.owner, draft)
    closed = build.consultation(status="closed")
    services.open_consultation(closed.owner, closed)
    assert closed.status == "open" and closed.closed_at is None


def test_opening_after_the_closing_date_is_refused(build):
    c = build.consultation()
    c.closes_at = utcnow() - timedelta(minutes=1)
    c.opens_at = utcnow() - timedelta(days=2)
    db.session.commit()
    with pytest.raises(DomainError, match="sluitingsdatum"):
        services.open_consultation(c.owner, c)


def test_a_report_needs_text(build):
    c = build.consultation(status="closed")
    with pytest.raises(DomainError):
        services.publish_report(c.owner, c, "  ")
    assert c.status == "closed"


def test_the_database_refuses_an_unknown_status_and_a_reversed_period(build):
    from sqlalchemy.exc import IntegrityError

    c = build.consultation()
    c.status = "archived"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    c = db.session.get(Consultation, c.id)
    c.closes_at = c.opens_at - timedelta(days=1)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_accepting_responses_follows_status_and_period(build):
    c = build.consultation(status="open")
    now = utcnow()
    assert c.is_accepting_responses(now)
    assert not c.is_accepting_responses(c.closes_at)
    assert not c.is_accepting_responses(c.opens_at - timedelta(seconds=1))
    services.close_consultation(c.owner, c)
    assert not c.is_accepting_responses(now)


# --- pages and who sees them ------------------------------------------------------

@pytest.mark.parametrize("viewer_role", [None, Role.PARTICIPANT, Role.ORGANISATION, Role.MODERATOR, Role.POLICY_OFFICER])
def test_a_draft_is_invisible_to_everyone_but_owner_and_admins(app, build, viewer_role):
    draft = build.consultation(title="Geheim concept")
    client = app.test_client()
    if viewer_role is not None:
        from tests.helpers import sign_in

        sign_in(client, build.user(viewer_role))
    assert client.get(f"/consultaties/{draft.slug}").status_code == 404
    assert client.get(f"/consultaties/{draft.slug}/bewerken").status_code == (302 if viewer_role is None else 404)
    assert client.get(f"/api/v1/consultations/{draft.slug}").status_code == 404


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN])
def test_owner_and_admin_see_a_draft(build, signed_in, role):
    officer = build.user(Role.POLICY_OFFICER)
    draft = build.consultation(officer, title="Eigen concept")
    viewer = officer if role is Role.POLICY_OFFICER else build.user(Role.ADMIN)
    client = signed_in(viewer)
    page = client.get(f"/consultaties/{draft.slug}").get_data(as_text=True)
    assert "Eigen concept" in page and "Dit is een concept" in page
    assert "Eigen concept" in client.get("/consultaties/beheer").get_data(as_text=True)


def test_policy_officer_creates_opens_closes_and_reports_through_the_pages(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    client = signed_in(officer)
    response = client.post("/consultaties/nieuw", data=_form())
    assert response.status_code == 302
    c = db.session.scalar(db.select(Consultation).where(Consultation.title == "Kweekvis op het menu?"))
    assert c.status == "draft" and c.owner_id == officer.id and c.slug.startswith("concept-")
    # 09:00 Dutch winter time is 08:00 UTC.
    assert c.opens_at.hour == 8 and c.opens_at.tzinfo is not None

    assert client.post(f"/consultaties/{c.slug}/status/open").status_code == 302
    db.session.refresh(c)
    assert c.slug == "kweekvis-op-het-menu"  # readable once public
    assert client.get(f"/consultaties/{c.slug}").status_code == 200
    assert client.post(f"/consultaties/{c.slug}/status/closed").status_code == 302
    response = client.post(f"/consultaties/{c.slug}/verslag", data={"report-report": "We passen het voorstel aan."})
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.status == "reported"
    public = client.get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert "Wat is er met de reacties gedaan?" in public and "We passen het voorstel aan." in public


def test_form_errors_are_shown_and_nothing_is_stored(build, signed_in):
    client = signed_in(build.user(Role.POLICY_OFFICER))
    response = client.post("/consultaties/nieuw", data=_form(title="", closes_at="2026-11-01T09:00", opens_at="gisteren"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een titel in." in page
    assert "Vul een datum en tijd in." in page or "Not a valid datetime value." in page or "geldige" in page
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 0


def test_closing_date_before_opening_date_is_explained(build, signed_in):
    client = signed_in(build.user(Role.POLICY_OFFICER))
    response = client.post("/consultaties/nieuw", data=_form(closes_at="2026-11-01T09:00"))
    assert "De sluitingsdatum moet na de openingsdatum liggen." in response.get_data(as_text=True)


def test_the_same_title_gets_a_unique_slug(build):
    officer = build.user(Role.POLICY_OFFICER)
    first = build.consultation(officer, title="Gentherapie en risico", status="open")
    second = build.consultation(officer, title="Gentherapie en risico", status="open")
    assert first.slug == "gentherapie-en-risico" and second.slug == "gentherapie-en-risico-2"


def test_a_hidden_draft_leaves_no_trace_in_public_slugs(build):
    """A namesake draft must not turn the public slug into ...-2 (that would reveal it)."""
    hidden = build.consultation(title="Kweekvlees in de supermarkt")
    public = build.consultation(title="Kweekvlees in de supermarkt", status="open")
    assert hidden.slug.startswith("concept-") and "kweekvlees" not in hidden.slug
    assert public.slug == "kweekvlees-in-de-supermarkt"
    closed_then_reopened = build.consultation(title="Heropend", status="closed")
    services.open_consultation(closed_then_reopened.owner, closed_then_reopened)
    assert closed_then_reopened.slug == "heropend"  # a slug never changes once public


def test_another_policy_officer_cannot_edit(build, signed_in):
    c = build.consultation(status="open")
    client = signed_in(build.user(Role.POLICY_OFFICER))
    assert client.get(f"/consultaties/{c.slug}/bewerken").status_code == 403
    assert client.post(f"/consultaties/{c.slug}/status/closed").status_code == 403
    db.session.refresh(c)
    assert c.status == "open"


def test_citizens_cannot_reach_management(build, signed_in):
    client = signed_in(build.user())
    assert client.get("/consultaties/nieuw").status_code == 403
    assert client.get("/consultaties/beheer").status_code == 403


def test_unknown_status_target_is_a_bad_request(build, signed_in):
    c = build.consultation()
    client = signed_in(c.owner)
    assert client.post(f"/consultaties/{c.slug}/status/reported").status_code == 400


# --- Markdown, rendered then cleaned --------------------------------------------------

def test_body_markdown_is_rendered_then_cleaned(build):
    c = build.consultation(body="[klik](javascript:alert(1)) <script>alert(2)</script> "
                                "<img src=x onerror=alert(3)> [ok](https://www.rijksoverheid.nl)\n\n# Kop")
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(c.body_html)
    tags = {tag for tag, _ in parser.found}
    assert not tags & {"script", "img"}
    assert not any(name.startswith("on") for _, attrs in parser.found for name in attrs)
    assert [attrs["href"] for tag, attrs in parser.found if tag == "a"] == ["https://www.rijksoverheid.nl"]
    # What was refused stays visible as harmless text, never as markup.
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in c.body_html
    assert '<a href="https://www.rijksoverheid.nl" rel="noopener noreferrer">ok</a>' in c.body_html
    assert "<h2>Kop</h2>" in c.body_html  # the page title is the only h1


@pytest.mark.parametrize("source", ["[" * 20_000, "[a](" * 5_000, "![" * 10_000, "_a" * 10_000, "<" * 20_000])
def test_pathological_markdown_renders_in_bounded_time(source):
    """Python-Markdown took 17 s at 6,000 "[" and minutes beyond (killed workers); markdown-it-py
    is linear (`python -m bench` shows the whole 100,000-character cap).
    The alarm is a generous bound (30 s for what takes about a second), not a timing."""
    import signal

    from inspraak.text import markdown_to_html

    def too_slow(*_):
        raise TimeoutError("Markdown rendering did not finish within 30 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(30)
    try:
        html = markdown_to_html(source)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert html.startswith("<p>")


def test_markdown_longer_than_the_cap_is_refused_by_the_form(app, build, signed_in):
    from inspraak.text import MAX_MARKDOWN_CHARS

    c = build.consultation()
    client = signed_in(c.owner)
    response = client.post(f"/consultaties/{c.slug}/bewerken", data={
        "title": c.title, "topic": "ngt", "summary": "s", "body": "a" * (MAX_MARKDOWN_CHARS + 1),
        "opens_at": "2026-01-01T09:00", "closes_at": "2026-02-01T17:00"})
    assert response.status_code == 200 and "100000" in response.get_data(as_text=True)


# --- documents ------------------------------------------------------------------

def _upload(client, slug, data: bytes, filename="voorstel.pdf", title="Voorstel"):
    import io

    return client.post(f"/consultaties/{slug}/documenten",
                       data={"doc-title": title, "doc-file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_a_pdf_is_stored_under_a_server_chosen_name_and_served(app, build, signed_in):
    c = build.consultation(status="open")
    client = signed_in(c.owner)
    pdf = simple_pdf("Voorstel", ["regel 1", "regel 2"])
    assert _upload(client, c.slug, pdf, filename="../../etc/passwd.pdf").status_code == 302
    document = db.session.scalar(db.select(Document))
    assert document.stored_name != "passwd.pdf" and "/" not in document.stored_name
    assert document.original_filename == "passwd.pdf" and document.page_count == 1
    stored = app.config["UPLOAD_FOLDER"] / document.stored_name
    assert stored.read_bytes() == pdf

    anonymous = app.test_client()
    with anonymous.get(f"/consultaties/{c.slug}/documenten/{document.id}") as response:
        assert response.status_code == 200 and response.data == pdf
        assert response.mimetype == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("data,message", [
    (b"<html><script>alert(1)</script></html>", "geen PDF"),
    (b"%PDF-1.4\nthis is not really a pdf", "beschadigd"),
    (b"", "Het bestand is leeg."),
])
def test_a_file_that_is_not_a_readable_pdf_is_refused(app, build, signed_in, data, message):
    c = build.consultation()
    client = signed_in(c.owner)
    response = _upload(client, c.slug, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0
    folder = app.config["UPLOAD_FOLDER"]
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_too_large_pdf_is_refused(app, build, signed_in):
    app.config["MAX_DOCUMENT_BYTES"] = 1000
    c = build.consultation()
    client = signed_in(c.owner)
    response = _upload(client, c.slug, simple_pdf("Groot", ["x" * 80] * 30))
    assert response.status_code == 400
    assert "groter dan" in response.get_data(as_text=True)


def test_a_document_of_a_draft_is_not_served_to_the_public(app, build):
    c = build.consultation()
    document = services.add_document(c.owner, c, "Concepttekst", "c.pdf", simple_pdf("c", ["d"]))
    assert app.test_client().get(f"/consultaties/{c.slug}/documenten/{document.id}").status_code == 404


def test_a_document_is_only_found_under_its_own_consultation(app, build):
    a = build.consultation(status="open")
    b = build.consultation(status="open")
    document = services.add_document(a.owner, a, "A", "a.pdf", simple_pdf("a", ["a"]))
    assert app.test_client().get(f"/consultaties/{b.slug}/documenten/{document.id}").status_code == 404


def test_removing_a_document_deletes_the_file(app, build, signed_in):
    c = build.consultation()
    document = services.add_document(c.owner, c, "Weg", "weg.pdf", simple_pdf("w", ["w"]))
    path = app.config["UPLOAD_FOLDER"] / document.stored_name
    client = signed_in(c.owner)
    assert client.post(f"/consultaties/{c.slug}/documenten/{document.id}/verwijderen").status_code == 302
    assert not path.exists()
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0


# --- the public list --------------------------------------------------------------

def test_list_filters_by_topic_and_status(app, build):
    officer = build.user(Role.POLICY_OFFICER)
    build.consultation(officer, status="open", topic="ngt", title="NGT open")
    build.consultation(officer, status="closed", topic="ngt", title="NGT gesloten")
    build.consultation(officer, status="open", topic="gentherapie", title="Gentherapie open")
    build.consultation(officer, title="Concept")
    client = app.test_client()

    def titles(query=""):
        page = client.get(f"/consultaties/{query}").get_data(as_text=True)
        return {t for t in ("NGT open", "NGT gesloten", "Gentherapie open", "Concept") if f">{t}<" in page}

    assert titles() == {"NGT open", "NGT gesloten", "Gentherapie open"}
    assert titles("?onderwerp=ngt") == {"NGT open", "NGT gesloten"}
    assert titles("?status=open") == {"NGT open", "Gentherapie open"}
    assert titles("?onderwerp=ngt&status=closed") == {"NGT gesloten"}
    assert titles("?status=draft") == {"NGT open", "NGT gesloten", "Gentherapie open"}  # drafts never listed
    assert "3 consultaties gevonden" in client.get("/consultaties/").get_data(as_text=True)


def test_home_shows_open_consultations(app, build):
    build.consultation(status="open", title="Open voor reacties")
    build.consultation(status="closed", title="Al gesloten")
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Open voor reacties" in page and "Al gesloten" not in page


def test_the_public_sees_upcoming_open_overdue_and_early_closed_periods(app, build):
    officer = build.user(Role.POLICY_OFFICER)
    now = utcnow()
    upcoming = build.consultation(officer, status="open", title="Komt eraan")
    upcoming.opens_at, upcoming.closes_at = now + timedelta(days=3), now + timedelta(days=30)
    overdue = build.consultation(officer, status="open", title="Over tijd")
    overdue.opens_at, overdue.closes_at = now - timedelta(days=30), now - timedelta(hours=1)
    early = build.consultation(officer, status="closed", title="Vroeg dicht")
    db.session.commit()
    assert [c.phase(now) for c in (upcoming, overdue, early)] == ["upcoming", "overdue", "closed"]
    assert early.responses_ended_at == early.closed_at < early.closes_at

    client = app.test_client()
    assert "Binnenkort open" in client.get(f"/consultaties/{upcoming.slug}").get_data(as_text=True)
    assert "Termijn verlopen" in client.get(f"/consultaties/{overdue.slug}").get_data(as_text=True)
    assert "Reageren was mogelijk van" in client.get(f"/consultaties/{early.slug}").get_data(as_text=True)


def test_dutch_content_is_marked_as_dutch_in_the_english_interface(app, build):
    c = build.consultation(status="open", title="Nederlandse titel")
    client = app.test_client()
    client.get("/taal/en")
    page = client.get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert '<html lang="en">' in page and '<h1 lang="nl">Nederlandse titel</h1>' in page
    assert '<div class="prose" lang="nl">' in page


def test_draft_documents_are_never_cached_publicly(app, build, signed_in):
    draft = build.consultation()
    document = services.add_document(draft.owner, draft, "Concept", "c.pdf", simple_pdf("c", ["c"]))
    with signed_in(draft.owner).get(f"/consultaties/{draft.slug}/documenten/{document.id}") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
    public = build.consultation(status="open")
    doc = services.add_document(public.owner, public, "Openbaar", "o.pdf", simple_pdf("o", ["o"]))
    with app.test_client().get(f"/consultaties/{public.slug}/documenten/{doc.id}") as response:
        assert "public" in response.headers["Cache-Control"]


@pytest.mark.parametrize("title", ["Beheer", "Nieuw"])
def test_titles_that_name_a_page_get_a_reachable_slug(app, build, title):
    c = build.consultation(status="open", title=title)
    assert c.slug == f"{title.lower()}-2"
    assert title in app.test_client().get(f"/consultaties/{c.slug}").get_data(as_text=True)


def test_the_body_of_an_opened_consultation_cannot_be_emptied(build):
    c = build.consultation(status="open")
    fields = services.ConsultationFields(c.title, c.topic, c.summary, "  ", c.opens_at, c.closes_at)
    with pytest.raises(DomainError, match="toelichting"):
        services.update_consultation(c.owner, c, fields)


@pytest.mark.parametrize("value,message", [
    ("0001-01-01T00:00", "tussen 2000 en 2100"),
    ("2027-03-28T02:30", "bestaat niet in Nederlandse tijd"),  # the hour skipped for summer time
    ("2027-10-31T02:30", "komt in Nederlandse tijd twee keer voor"),  # the hour repeated when it ends
])
def test_impossible_dates_are_explained(build, signed_in, value, message):
    client = signed_in(build.user(Role.POLICY_OFFICER))
    response = client.post("/consultaties/nieuw", data=_form(opens_at=value))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 0


@pytest.mark.parametrize("url", ["/consultaties/?pagina=10000000000000000000", "/consultaties/?pagina=-5",
                                 "/consultaties/?pagina=abc"])
def test_odd_page_numbers_do_not_break_the_list(app, url):
    assert app.test_client().get(url).status_code == 200


@pytest.mark.parametrize("url", ["/consultaties/?onderwerp=a%00b", "/consultaties/a%00b"])
def test_nul_bytes_are_a_bad_request(app, url):
    assert app.test_client().get(url).status_code == 400


def test_code_in_markdown_is_escaped_once(build):
    c = build.consultation(body="`a < b && c`")
    assert "<code>a &lt; b &amp;&amp; c</code>" in c.body_html


def test_a_pdf_with_an_unsupported_encryption_handler_is_refused_cleanly(build, signed_in):
    pdf = re.sub(rb"/Root (\d+) 0 R", rb"/Root \1 0 R /Encrypt << /Filter /Unknown /V 9 >>", simple_pdf("x", ["y"]))
    c = build.consultation()
    response = _upload(signed_in(c.owner), c.slug, pdf)
    assert response.status_code == 400
    assert "beveiligd" in response.get_data(as_text=True) or "beschadigd" in response.get_data(as_text=True)


def test_an_upload_over_the_request_limit_gets_the_friendly_413(app, build, signed_in):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    c = build.consultation()
    response = _upload(signed_in(c.owner), c.slug, simple_pdf("Groot", ["x" * 80] * 40))
    assert response.status_code == 413 and "Bestand te groot" in response.get_data(as_text=True)
