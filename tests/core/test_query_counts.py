"""No page's number of SQL statements grows with the data: each list and page is read at
10 and at 1,000 rows (consultations, events, responses) and must run the same number of
statements. The page cache is off here, so every request really reads the database."""
from __future__ import annotations

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
