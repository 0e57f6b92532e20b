"""Migrations build the schema from an empty database, and it equals the models."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade

from tests.helpers import assert_security_event_kinds_match_the_model, make_app, migrate_and_compare


def test_sqlite_migrations_from_empty_match_the_models(tmp_path):
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.sqlite3",
                   SQLALCHEMY_ENGINE_OPTIONS={})
    assert migrate_and_compare(app) == []
    assert_security_event_kinds_match_the_model(app)
    with app.app_context():
        downgrade(revision="base")
        upgrade()
