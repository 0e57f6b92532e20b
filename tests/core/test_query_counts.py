"""No page's number of SQL statements grows with the data: each list and page is read at
10 and at 1,000 rows (consultations, events, responses) and must run the same number of
statements. The page cache is off here, so every request really reads the database."""
from __future__ import annotations

import re

import pytest

from inspraak.accounts.models import Role
from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import make_app, recording_statements


def statements_for(app, url: str) -> int:
    client = app.test_client()
    client.get(url)  # warm: the first request of an app loads the topics and the like once
    with recording_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


def grow(build, officer, survey, count: int, start: int) -> None:
    from inspraak.roundtables.models import ParticipantCategory

    for n in range(start, count):
        consultation = build.consultation(officer, status="open", title=f"Consultatie {n}")
        build.survey(officer, status="open", consultation=consultation if n % 2 else None)
        build.roundtable(officer, consultation=consultation if n % 2 else None,
                         seats={ParticipantCategory.CITIZEN: 2, ParticipantCategory.NGO: 1})
        category = ("citizen", "ngo", "company")[n % 3]
        build.imported_response(survey, {survey.ordered_questions()[0].id: f"Antwoord {n}"}, category=category,
                                organisation=None if category == "citizen" else f"Organisatie {n}")


URLS = ["/", "/consultaties/", "/consultaties/{slug}", "/enquetes/", "/enquetes/{survey}/uitkomsten",
        "/rondetafels/", "/rondetafels/{event}", "/api/v1/consultations?per_page=100",
        "/api/v1/consultations/{slug}", "/api/v1/roundtables?per_page=100", "/api/v1/roundtables/{event}",
        "/api/v1/surveys"]


def test_statements_per_page_do_not_grow_with_the_data(tmp_path):
    app = make_app(tmp_path, PAGE_CACHE_SECONDS=0)
    with app.app_context():
        build = builders()
        officer = build.user(Role.POLICY_OFFICER)
        survey = build.survey(officer, status="open", shows_live_results=True)
        grow(build, officer, survey, 10, 0)
        consultation = build.consultation(officer, status="open", title="Met documenten")
        event_ = build.roundtable(officer, consultation=consultation)
        names = {"slug": consultation.slug, "survey": survey.slug, "event": event_.id}
        urls = [url.format(**names) for url in URLS]
        small = {url: statements_for(app, url) for url in urls}
        grow(build, officer, survey, 1000, 10)
        large = {url: statements_for(app, url) for url in urls}
        db.session.remove()
    grown = {url: (small[url], large[url]) for url in urls if large[url] != small[url]}
    assert not grown, f"statements per page grew from 10 to 1,000 rows: {grown}"
    assert max(large.values()) <= 12, large


# --- answering a survey -----------------------------------------------------------

HIDDEN_FIELD = re.compile(r'name="(csrf_token|submission_token)" type="hidden" value="([^"]+)"')


def _survey_to_answer(build, extra: int):
    """Two visible pages, one required answer on each; ``extra`` more optional questions on
    both pages and ``extra`` pages in between that the first answer hides."""
    from surveys import builder

    survey = build.survey(status="draft")
    first = build.question(survey, "single_choice", "Heeft u kweekvlees geproefd?", options=["Ja", "Nee"], required=True)
    for n in range(extra):
        build.question(survey, "short_text", f"Extra vraag {n}", page=survey.sections[0])
    for n in range(extra):
        hidden = build.section(survey, f"Alleen voor wie nee zei {n}",
                               condition={"question": first.id, "operator": "equals", "value": "ja-niet"})
        build.question(survey, "long_text", f"Waarom niet {n}?", page=hidden)
    final = build.section(survey, "Tot slot")
    last = build.question(survey, "long_text", "Wat vindt u ervan?", required=True, page=final)
    for n in range(extra):
        build.question(survey, "scale", f"Nog een vraag {n}", page=final)
    builder.open_survey(survey.owner, survey)
    return survey.slug, first.id, last.id


def _statements_of_one_submission(app, slug: str, first: int, last: int) -> list[tuple[str, list[str]]]:
    """The real form flow of one new visitor, with CSRF on: each request and its statements."""
    client = app.test_client()
    url = f"/enquetes/{slug}/invullen"
    steps = []

    def request(name, method, path, **kwargs):
        with recording_statements(app) as statements:
            response = client.open(path, method=method, **kwargs)
        steps.append((name, list(statements)))
        return response

    def fields(response):
        return dict(HIDDEN_FIELD.findall(response.get_data(as_text=True)))

    form = request("GET the form", "GET", url)
    sent = request("POST about you", "POST", url, data={**fields(form), "category": "citizen",
                                                        "publication": "anonymous", "action": "next"})
    assert sent.status_code == 302, sent.status_code
    page = request("GET page 2", "GET", sent.headers["Location"])
    sent = request("POST page 2", "POST", f"{url}?pagina=2", data={**fields(page), f"q{first}-choice": "ja",
                                                                   "action": "next"})
    assert sent.status_code == 302, sent.status_code
    page = request("GET the last page", "GET", sent.headers["Location"])
    sent = request("POST the last page and send", "POST", f"{url}?pagina=3",
                   data={**fields(page), f"q{last}": "Lekker, maar duur.", "action": "submit"})
    assert sent.status_code == 302, sent.status_code
    receipt = request("GET the receipt", "GET", sent.headers["Location"])
    assert "Bedankt voor uw reactie" in receipt.get_data(as_text=True)
    return steps


def _kinds(statements: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for statement in statements:
        kind = statement.split(None, 1)[0].upper()
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_statements_per_submission_do_not_grow_with_the_survey(tmp_path):
    """A submission through the form reads the survey, its pages and its questions in one
    statement per request, whatever their number; the last page is stored and sent with
    one claim, its answers and one update (one transaction)."""
    app = make_app(tmp_path, PAGE_CACHE_SECONDS=0, WTF_CSRF_ENABLED=True)
    with app.app_context():
        build = builders()
        small = _survey_to_answer(build, extra=0)
        large = _survey_to_answer(build, extra=12)
        db.session.remove()
    _statements_of_one_submission(app, *small)  # warm: the first request of an app loads the topics once
    small_steps = _statements_of_one_submission(app, *small)
    large_steps = _statements_of_one_submission(app, *large)
    grown = {name: (len(a), len(b)) for (name, a), (_name, b) in zip(small_steps, large_steps) if len(a) != len(b)}
    assert not grown, f"statements per request grew with the survey's pages and questions: {grown}"
    counts = {name: _kinds(statements) for name, statements in large_steps}
    assert counts == {
        # the survey with its pages and questions: one SELECT
        "GET the form": {"SELECT": 1},
        # the survey; is this token's response already stored (twice: view and service); the new draft
        "POST about you": {"SELECT": 3, "INSERT": 1},
        # the survey; the draft; its answers
        "GET page 2": {"SELECT": 3},
        # ... and under the draft's claim its answers again, then the new answer and the page reached
        "POST page 2": {"SELECT": 4, "UPDATE": 2, "INSERT": 1},
        "GET the last page": {"SELECT": 3},
        # claimed, answered and sent in one transaction: no second claim, no reload of what was
        # written. The last 2 SELECTs are moderation's screening job (the response, its survey):
        # tests run jobs inline (JOBS_BACKEND "inline"); a server hands it to a thread or RQ.
        "POST the last page and send": {"SELECT": 4 + 2, "UPDATE": 2, "INSERT": 1},
        # the survey; the response by its token
        "GET the receipt": {"SELECT": 2},
    }, counts
