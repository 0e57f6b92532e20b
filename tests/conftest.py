"""Fixtures: an app on a real in-memory SQLite database, a client, the mail outbox,
and builders that make test data through the real services. The PostgreSQL tests
(tests/postgres) build their own app on INSPRAAK_TEST_DATABASE_URL."""
from __future__ import annotations

import itertools
import os
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from config import TestConfig
from inspraak import create_app
from inspraak.accounts import services as account_services
from inspraak.accounts.models import OrganisationCategory, Role, User
from inspraak.consultations import services as consultation_services
from inspraak.consultations.models import Consultation
from inspraak.consultations.topics import ensure_topics
from inspraak.database import utcnow
from inspraak.extensions import db

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def pytest_sessionstart(session):
    """Compile the translation catalogues when a .po is newer than its .mo (make does this too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "inspraak" / "translations"
    for po in root.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalogue = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalogue)


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres need INSPRAAK_TEST_DATABASE_URL; say so visibly when it is absent."""
    url = os.environ.get("INSPRAAK_TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL test: set INSPRAAK_TEST_DATABASE_URL=postgresql://... to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def make_config(tmp_path: Path, **overrides) -> TestConfig:
    config = TestConfig()
    config.INSTANCE_PATH = tmp_path / "instance"
    config.MAIL_OUTBOX = tmp_path / "outbox"
    config.UPLOAD_FOLDER = tmp_path / "uploads"
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as in a real server.

    The fixtures keep an app context open for builders and assertions; without this,
    requests would share its ``g`` (and Flask-Login's cached user) and its database
    session, and tests could pass that fail in production.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(tmp_path):
    app = create_app(make_config(tmp_path))
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        ensure_topics()
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


class Outbox:
    """The development mail outbox, as tests and people read it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self) -> list[Message]:
        if not self.folder.exists():
            return []
        return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(self.folder.glob("*.eml"))]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages() if m["To"] == address]

    def last_to(self, address: str) -> Message:
        found = self.to(address)
        assert found, f"no mail to {address}; outbox has {[m['To'] for m in self.messages()]}"
        return found[-1]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_content()

    @staticmethod
    def link(message: Message, path_part: str) -> str:
        for word in message.get_content().split():
            if path_part in word:
                return word
        raise AssertionError(f"no link containing {path_part!r} in:\n{message.get_content()}")


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.config["MAIL_OUTBOX"]))


class Builders:
    """Make users and consultations through the real services."""

    def user(self, role: Role = Role.PARTICIPANT, *, email: str | None = None, name: str = "Test Gebruiker",
             verified: bool = True, organisation: str | None = None,
             category: OrganisationCategory = OrganisationCategory.NGO, locale: str = "nl") -> User:
        email = email or f"user{next(_counter)}@example.org"
        details = account_services.OrganisationDetails(organisation, category) if organisation else None
        return account_services.create_user(email=email, name=name, password=PASSWORD, role=role, locale=locale,
                                            organisation=details, verified=verified)

    def consultation(self, owner: User | None = None, *, status: str = "draft", title: str | None = None,
                     topic: str = "ngt", body: str = "## Voorstel\n\nDe toelichting.") -> Consultation:
        owner = owner or self.user(Role.POLICY_OFFICER)
        now = utcnow()
        fields = consultation_services.ConsultationFields(
            title=title or f"Consultatie {next(_counter)}", topic=consultation_services.topic_by_slug(topic),
            summary="Een korte samenvatting.", body_markdown=body,
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
        consultation = consultation_services.create_consultation(owner, fields)
        if status in ("open", "closed", "reported"):
            consultation_services.open_consultation(owner, consultation)
        if status in ("closed", "reported"):
            consultation_services.close_consultation(owner, consultation)
        if status == "reported":
            consultation_services.publish_report(owner, consultation, "We hebben de reacties verwerkt.")
        return consultation


@pytest.fixture
def build(app) -> Builders:
    return Builders()


def sign_in(client, user: User, password: str = PASSWORD):
    return client.post("/account/inloggen", data={"email": user.email, "password": password})


@pytest.fixture
def signed_in(client):
    def _sign_in(user: User):
        response = sign_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return _sign_in
