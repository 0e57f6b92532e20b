"""Helpers shared by every test and benchmark: one ``make_app``, the mail outbox as a
person reads it, signing in, and the migration check. No test module imports another
test module; they all import from here (and from ``tests.builders``)."""
from __future__ import annotations

from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from config import TestConfig

PASSWORD = "correct horse battery"


def make_config(tmp_path: Path, **overrides) -> TestConfig:
    """A sealed TestConfig whose files (instance, outbox, uploads) live under ``tmp_path``."""
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


def make_app(tmp_path: Path, *, create_schema: bool = True, **overrides) -> Flask:
    """The real application on a TestConfig (see ``make_config``); ``overrides`` set config values.

    With ``create_schema`` the tables are created from the models and the topics added
    (migrations are tested on their own, in test_migrations and tests/postgres).
    """
    from inspraak import create_app
    from inspraak.consultations.topics import ensure_topics
    from inspraak.extensions import db

    app = create_app(make_config(tmp_path, **overrides))
    app.test_client_class = IsolatedClient
    if create_schema:
        with app.app_context():
            if not _load_schema_template(app):
                db.create_all()
                ensure_topics()
                _save_schema_template(app)
    return app


# The default test database is a private in-memory SQLite database per app (one connection,
# StaticPool). Its empty schema with the topics is the same for every app, so it is built
# once with ``create_all`` + ``ensure_topics`` and then copied byte for byte into each new
# app's database (sqlite3's serialize/deserialize: tables, indexes, triggers and the topic
# rows). Each app still gets its own database; only the ~80 DDL statements are saved.
_schema_template: bytes | None = None


def _private_memory_database(app) -> bool:
    from sqlalchemy.pool import StaticPool

    return (app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
            and app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("poolclass") is StaticPool)


def _save_schema_template(app) -> None:
    global _schema_template
    from inspraak.extensions import db

    if _schema_template is None and _private_memory_database(app):
        db.session.remove()
        raw = db.engine.raw_connection()
        try:
            _schema_template = raw.driver_connection.serialize()
        finally:
            raw.close()


def _load_schema_template(app) -> bool:
    from inspraak.extensions import db

    if _schema_template is None or not _private_memory_database(app):
        return False
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.deserialize(_schema_template)
    finally:
        raw.close()
    return True


# --- snapshots: data made once, copied into each test's own app --------------------

class Snapshot:
    """What an app's data was at one moment: its in-memory SQLite database (``database``,
    an SQLite file) and the files it wrote (``files``: ``uploads/`` and ``outbox/``).

    Data that is expensive to make and the same for several tests is made once and taken
    as a snapshot; each test then gets an app of its own with a fresh copy of both
    (``make_app``), so no test sees another test's changes.
    """

    def __init__(self, folder: Path) -> None:
        self.database = folder / "database.sqlite3"
        self.files = folder / "files"
        self._image: bytes | None = None

    @classmethod
    def take(cls, app, folder: Path) -> "Snapshot":
        """Copy ``app``'s database (its own in-memory SQLite database) and files into ``folder``."""
        import shutil

        from inspraak.extensions import db

        assert _private_memory_database(app), "a snapshot is taken of the default test database (in-memory SQLite)"
        snapshot = cls(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with app.app_context():
            db.session.remove()
            raw = db.engine.raw_connection()
            try:
                snapshot.database.write_bytes(raw.driver_connection.serialize())
            finally:
                raw.close()
        for name, source in (("uploads", app.config["UPLOAD_FOLDER"]), ("outbox", app.config["MAIL_OUTBOX"])):
            if Path(source).exists():
                shutil.copytree(source, snapshot.files / name)
        return snapshot

    def image(self) -> bytes:
        """The database file's bytes (read once), for ``sqlite3``'s ``deserialize``."""
        if self._image is None:
            self._image = self.database.read_bytes()
        return self._image

    def copy_database_to(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.image())

    def copy_files_to(self, config) -> None:
        """Copy the uploads and mails into the folders ``config`` names."""
        import shutil

        for name, target in (("uploads", config.UPLOAD_FOLDER), ("outbox", config.MAIL_OUTBOX)):
            source = self.files / name
            if source.exists():
                shutil.copytree(source, target, dirs_exist_ok=True)

    def make_app(self, tmp_path: Path, **overrides) -> Flask:
        """``make_app(tmp_path, **overrides)`` holding a fresh copy of this snapshot.

        The database is the app's own in-memory SQLite database, unless ``overrides`` name
        an SQLite file (``SQLALCHEMY_DATABASE_URI="sqlite:///..."``), which then receives the copy.
        """
        from inspraak import create_app
        from inspraak.extensions import db

        config = make_config(tmp_path, **overrides)
        uri = config.SQLALCHEMY_DATABASE_URI
        if uri.startswith("sqlite:///"):
            self.copy_database_to(Path(uri.removeprefix("sqlite:///")))
        elif uri != "sqlite://":
            raise ValueError(f"a snapshot is an SQLite database; not for {uri}")
        self.copy_files_to(config)
        app = create_app(config)
        app.test_client_class = IsolatedClient
        if uri == "sqlite://":
            assert _private_memory_database(app), "an in-memory copy must be the app's own database (StaticPool)"
            with app.app_context():
                raw = db.engine.raw_connection()
                try:
                    raw.driver_connection.deserialize(self.image())
                finally:
                    raw.close()
        return app


# The demo content (``inspraak.demo.seed()``) takes tens of seconds to seed (hundreds of
# responses, each screened, and an analysis run), and several tests need it only as
# realistic data. So it is seeded once per test process, through the real ``seed()`` on a
# TestConfig app, and kept as a snapshot. The seed's dates are relative to the moment it
# ran, a few minutes before at most (the browser tests' live server has always run on
# content seeded at the start). ``tests/test_cli.py`` still runs the real ``inspraak
# seed-demo`` command on an empty database.
_demo_snapshot: Snapshot | None = None


def demo_template() -> Snapshot:
    """The demo content, seeded on the first call of this process (see above)."""
    global _demo_snapshot
    if _demo_snapshot is None:
        import atexit
        import shutil
        import tempfile

        from inspraak.demo import seed
        from inspraak.extensions import db

        folder = Path(tempfile.mkdtemp(prefix="inspraak-demo-template-"))
        atexit.register(shutil.rmtree, folder, True)
        app = make_app(folder / "seeded")
        with app.app_context():
            assert seed() is True
            db.session.remove()
        _demo_snapshot = Snapshot.take(app, folder / "snapshot")
        with app.app_context():
            db.engine.dispose()
    return _demo_snapshot


def make_demo_app(tmp_path: Path, **overrides) -> Flask:
    """``make_app`` with a fresh copy of the demo content: its database and its files."""
    return demo_template().make_app(tmp_path, **overrides)


class Outbox:
    """The development mail outbox, as tests and people read it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

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


def sign_in(client, user, password: str = PASSWORD):
    return client.post("/account/inloggen", data={"email": user.email, "password": password})


def reset_postgres_schema(app) -> None:
    """Drop and recreate the ``public`` schema of ``app``'s PostgreSQL test database."""
    from inspraak.extensions import db

    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        db.engine.dispose()


def migrate_and_compare(app) -> list:
    """Upgrade ``app``'s database to the newest migration; return how it differs from the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from inspraak.extensions import db

    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def assert_security_event_kinds_match_the_model(app) -> None:
    """``compare_metadata`` does not compare CHECK constraints: after the migrations, every
    kind of security event the model knows is stored, and an unknown one is refused."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from inspraak.accounts.security_log import SecurityEventKind
    from inspraak.extensions import db

    with app.app_context():
        for kind in [*SecurityEventKind.values(), "no_such_kind"]:
            statement = ("INSERT INTO security_event (at, kind, detail) VALUES (CURRENT_TIMESTAMP, :kind, '')")
            with db.engine.connect() as connection:
                if kind == "no_such_kind":
                    with pytest.raises(IntegrityError):
                        connection.execute(db.text(statement), {"kind": kind})
                else:
                    connection.execute(db.text(statement), {"kind": kind})
                connection.rollback()
        db.engine.dispose()


# --- hostile input --------------------------------------------------------------

HOSTILE_CORPUS = Path(__file__).resolve().parent / "hostile" / "corpus.json"


def hostile_strings() -> list[tuple[str, str]]:
    """(label, value) for every string of ``tests/hostile/corpus.json`` (at least 100)."""
    import json

    entries = json.loads(HOSTILE_CORPUS.read_text())["entries"]
    result = []
    for number, entry in enumerate(entries, 1):
        value = entry["value"]
        if isinstance(value, dict):
            value = value["repeat"] * value["times"]
        result.append((f"{number:03d}-{entry['kind']}", value))
    return result


def unsafe_markup(html: str) -> list[str]:
    """What in a page of ours could run or load something a user wrote: script elements
    other than our own files, event-handler attributes, script URLs, frames, objects,
    <base>, <meta http-equiv>, inline styles. An empty list means safe."""
    from html.parser import HTMLParser

    found = []
    url_attributes = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background"}

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
                found.append(f"<script {attrs}>")
            if tag in ("iframe", "frame", "object", "embed", "base", "applet", "style", "link") and not (
                    tag == "link" and (attrs.get("href") or "").startswith("/static/")):
                found.append(f"<{tag} {attrs}>")
            if tag == "meta" and "http-equiv" in attrs:
                found.append(f"<meta {attrs}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=...>")
                if name == "style":
                    found.append(f"<{tag} style=...>")
                if name in url_attributes and value:
                    scheme = "".join(value.split()).lower()
                    if scheme.startswith(("javascript:", "vbscript:")) or (
                            scheme.startswith("data:") and not (tag == "img" and scheme.startswith("data:image/"))):
                        found.append(f"<{tag} {name}={value[:40]!r}>")

    Parser(convert_charrefs=True).feed(html)
    return found


def texts_by_language(html: str) -> dict[str, set[str | None]]:
    """Each piece of text of a page (stripped) with the language(s) in force where it
    stands: the ``lang`` of the nearest element that has one (WCAG 3.1.1 and 3.1.2)."""
    from html.parser import HTMLParser

    # Elements without an end tag (and <option>, whose end tag we leave out) keep no language of their own.
    unclosed = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "option", "source",
                "track", "wbr"}

    class Languages(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.texts = [], {}

        def handle_starttag(self, tag, attrs):
            if tag not in unclosed:
                self.stack.append(dict(attrs).get("lang") or (self.stack[-1] if self.stack else None))

        def handle_endtag(self, tag):
            if tag not in unclosed and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if data.strip():
                self.texts.setdefault(data.strip(), set()).add(self.stack[-1] if self.stack else None)

    parsed = Languages()
    parsed.feed(html)
    return parsed.texts


@contextmanager
def recording_statements(app):
    """The SQL statements ``app``'s engine executes inside the block, as a list of strings."""
    from sqlalchemy import event

    from inspraak.extensions import db

    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def postgres_app(tmp_path: Path, **engine_options) -> Flask:
    """The app on the PostgreSQL test database (``INSPRAAK_TEST_DATABASE_URL``) with its
    public schema dropped, not yet migrated; the test is skipped without that setting."""
    import os

    import pytest

    from config import normalise_database_url

    url = os.environ.get("INSPRAAK_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL test: set INSPRAAK_TEST_DATABASE_URL=postgresql://... to run it")
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=normalise_database_url(url),
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, **engine_options})
    reset_postgres_schema(app)
    return app


@contextmanager
def migrated_postgres(tmp_path: Path, **engine_options):
    """``postgres_app`` migrated (checked against the models), with the topics, inside an
    application context; the engine is disposed afterwards."""
    from inspraak.consultations.topics import ensure_topics
    from inspraak.extensions import db

    app = postgres_app(tmp_path, **engine_options)
    assert migrate_and_compare(app) == []
    with app.app_context():
        ensure_topics()
        yield app
        db.session.remove()
        db.engine.dispose()
