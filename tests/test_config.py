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


def test_production_starts_with_a_real_secret_key_and_refuses_demo_content(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("INSPRAAK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    app = create_app(ProductionConfig)
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
