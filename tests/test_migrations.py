"""Migrations build the schema from an empty database, and it equals the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from inspraak import create_app
from inspraak.extensions import db
from tests.conftest import make_config


def migrate_and_compare(app) -> list:
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def test_sqlite_migrations_from_empty_match_the_models(tmp_path):
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.sqlite3",
                                 SQLALCHEMY_ENGINE_OPTIONS={}))
    assert migrate_and_compare(app) == []
    with app.app_context():
        downgrade(revision="base")
        upgrade()
