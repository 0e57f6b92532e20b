"""Page cost as the list grows: the consultation list with 10 and with 200 consultations,
against a page that reads nothing from the database (the privacy statement), and the
number of SQL statements each list page runs (constant, or the list has an N+1)."""
from __future__ import annotations

import tempfile
from pathlib import Path


from bench.timing import median_seconds
from inspraak.accounts.models import Role
from inspraak.extensions import db
from tests.helpers import make_app, recording_statements


def _add_consultations(count: int) -> None:
    from datetime import timedelta

    from inspraak.accounts import services as accounts
    from inspraak.consultations import services
    from inspraak.database import utcnow

    officer = accounts.create_user(email=f"bench{count}@example.org", name="Bench", password="bench-password-1",
                                   role=Role.POLICY_OFFICER, verified=True)
    topics = services.topics()
    now = utcnow()
    for n in range(count):
        fields = services.ConsultationFields(
            title=f"Consultatie {n}", topic=topics[n % len(topics)], summary="Samenvatting " * 10,
            body_markdown="## Toelichting\n\nTekst.", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=n + 1))
        services.open_consultation(officer, services.create_consultation(officer, fields))


def _count_statements(app, client, url: str) -> int:
    with recording_statements(app) as statements:
        client.get(url)
    return len(statements)


def run(*, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # The page cache off: this measures what a page costs when it is rendered (bench.load
        # measures the cached pages under gunicorn).
        app = make_app(Path(tmp), PAGE_CACHE_SECONDS=0)
        client = app.test_client()
        with app.app_context():
            _add_consultations(10)
        baseline = median_seconds(lambda: client.get("/privacy"), repeat=repeat, number=20)
        small = median_seconds(lambda: client.get("/consultaties/"), repeat=repeat, number=20)
        small_statements = _count_statements(app, client, "/consultaties/")
        with app.app_context():
            _add_consultations(190)
        large = median_seconds(lambda: client.get("/consultaties/"), repeat=repeat, number=20)
        large_statements = _count_statements(app, client, "/consultaties/")
        api = median_seconds(lambda: client.get("/api/v1/consultations?per_page=100"), repeat=repeat, number=10)
    print(f"pages: list (10 consultations) / static page = {small / baseline:.2f}x")
    print(f"pages: list (200 consultations, 20 per page) / static page = {large / baseline:.2f}x")
    print(f"pages: API list (100 per page) / static page = {api / baseline:.2f}x")
    print(f"pages: SQL statements per list page: {small_statements} with 10, {large_statements} with 200")
