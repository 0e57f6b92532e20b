"""Configuration: production refuses unsafe settings; SQLite is set up for durability."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from config import DevelopmentConfig, ProductionConfig, normalise_database_url
from inspraak import create_app
from inspraak.extensions import db


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-but-not-empty"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, secret):
    monkeypatch.delenv("INSPRAAK_SECRET_KEY", raising=False)
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def _production_app(monkeypatch, tmp_path):
    """The app as production configures it, on a SQLite file in ``tmp_path``."""
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("INSPRAAK_PUBLIC_URL", "https://inspraak.example.nl")
    monkeypatch.setenv("INSPRAAK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    monkeypatch.setenv("INSPRAAK_MAIL_SERVER", "smtp.inspraak.invalid")  # never contacted by these tests
    return create_app(ProductionConfig)


def test_production_starts_with_a_real_secret_key_and_refuses_demo_content(monkeypatch, tmp_path):
    app = _production_app(monkeypatch, tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "productie niet toegestaan" in result.output


def test_database_url_selects_postgresql_with_psycopg3(monkeypatch):
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert DevelopmentConfig().SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")


def test_development_sqlite_uses_wal_full_sync_foreign_keys_and_busy_timeout(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSPRAAK_INSTANCE_PATH", str(tmp_path))
    app = create_app(DevelopmentConfig)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/inspraak.sqlite3"
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_redis_url_moves_rate_limits_to_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert DevelopmentConfig().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert DevelopmentConfig().RATELIMIT_STORAGE_URI == "memory://"


def test_production_needs_a_public_https_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.delenv("INSPRAAK_PUBLIC_URL", raising=False)
    with pytest.raises(RuntimeError, match="INSPRAAK_PUBLIC_URL"):
        create_app(ProductionConfig)
    monkeypatch.setenv("INSPRAAK_PUBLIC_URL", "http://inspraak.example.nl")
    with pytest.raises(RuntimeError, match="INSPRAAK_PUBLIC_URL"):
        create_app(ProductionConfig)


def test_production_refuses_foreign_hosts_and_mails_links_to_the_public_url(monkeypatch, tmp_path):
    """A forged Host header must never end up in a password-reset link."""
    from inspraak.accounts.models import Role
    from inspraak.consultations.topics import ensure_topics
    from tests.builders import builders
    from tests.helpers import Outbox

    app = _production_app(monkeypatch, tmp_path)
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["JOBS_BACKEND"] = "inline"  # read the outbox as soon as the request returns
    app.config["MAIL_SERVER"] = None  # read the mail from the outbox instead of sending it
    with app.app_context():
        db.create_all()
        ensure_topics()
        builders().user(Role.PARTICIPANT, email="slachtoffer@example.org")
    email = "slachtoffer@example.org"
    client = app.test_client()
    forged = client.post("/account/wachtwoord-vergeten", data={"email": email},
                         headers={"Host": "evil.example"}, base_url="https://evil.example")
    assert forged.status_code == 400
    ok = client.post("/account/wachtwoord-vergeten", data={"email": email}, base_url="https://inspraak.example.nl")
    assert ok.status_code == 302
    outbox = Outbox(tmp_path / "outbox")
    assert len(outbox.to(email)) == 1  # only the request to the real host sent mail
    link = outbox.link(outbox.last_to(email), "/nieuw-wachtwoord/")
    assert link.startswith("https://inspraak.example.nl/account/nieuw-wachtwoord/")


def test_behind_a_proxy_rate_limits_see_the_real_client(tmp_path):
    """With INSPRAAK_PROXY_HOPS=1, one client's failures do not lock out another."""
    from tests.helpers import make_app

    app = make_app(tmp_path, PROXY_HOPS=1, SIGN_IN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    attempt = {"email": "x@example.org", "password": "fout"}
    for _ in range(2):
        client.post("/account/inloggen", data=attempt, headers={"X-Forwarded-For": "198.51.100.7"})
    blocked = client.post("/account/inloggen", data={**attempt, "email": "y@example.org"},
                          headers={"X-Forwarded-For": "198.51.100.7"})
    other = client.post("/account/inloggen", data={**attempt, "email": "z@example.org"},
                        headers={"X-Forwarded-For": "203.0.113.9"})
    assert blocked.status_code == 429 and other.status_code == 200


def test_production_never_writes_mail_to_the_development_outbox(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("INSPRAAK_PUBLIC_URL", "https://inspraak.example.nl")
    monkeypatch.delenv("INSPRAAK_MAIL_SERVER", raising=False)
    with pytest.raises(RuntimeError, match="INSPRAAK_MAIL_SERVER"):
        create_app(ProductionConfig)
