"""Backups restore into an empty database with the same rows (counts and checksums per table)."""
from __future__ import annotations

import os

import pytest

from inspraak import backups
from inspraak.demo import seed
from inspraak.extensions import db
from tests.helpers import demo_template, make_app, make_demo_app, migrate_and_compare, reset_postgres_schema


def _file_app(tmp_path, name: str):
    return make_app(tmp_path / name, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/{name}.sqlite3",
                    SQLALCHEMY_ENGINE_OPTIONS={})


def _copy_demo_rows(app) -> None:
    """Fill ``app``'s migrated (empty) SQLite file with the rows of the demo content seeded
    once for this run (``tests.helpers.demo_template``), table by table, column by name."""
    import sqlite3

    with app.app_context():
        path = backups._sqlite_path()
        tables = db.metadata.sorted_tables
        db.engine.dispose()
    connection = sqlite3.connect(path)
    try:
        connection.execute("ATTACH DATABASE ? AS demo", (str(demo_template().database),))
        with connection:
            for table in tables:
                columns = ", ".join(f'"{column.name}"' for column in table.columns)
                connection.execute(f'INSERT INTO main."{table.name}" ({columns}) SELECT {columns} FROM demo."{table.name}"')
        connection.execute("DETACH DATABASE demo")
    finally:
        connection.close()


def _demo_fingerprints(tmp_path) -> dict:
    app = make_demo_app(tmp_path / "demo")
    with app.app_context():
        result = backups.fingerprints()
        db.session.remove()
    return result


def test_sqlite_backup_restores_into_an_empty_database(tmp_path):
    source = _file_app(tmp_path, "bron")
    assert migrate_and_compare(source) == []
    _copy_demo_rows(source)
    demo = _demo_fingerprints(tmp_path)
    with source.app_context():
        before = backups.fingerprints()
        assert before == demo  # the migrated source holds exactly the demo content
        result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopie.sqlite3")])
        assert result.exit_code == 0, result.output
    assert sum(count for count, _ in before.values()) > 10

    target = _file_app(tmp_path, "doel")
    with target.app_context():
        db.create_all()  # an empty database of the same shape
        assert all(count == 0 for count, _ in backups.fingerprints().values())
        result = target.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "kopie.sqlite3")])
        assert result.exit_code == 0, result.output
        assert backups.fingerprints() == before


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    app = _file_app(tmp_path, "x")
    (tmp_path / "kapot.sqlite3").write_bytes(b"geen database" * 100)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "kapot.sqlite3")])
    assert result.exit_code != 0


@pytest.mark.postgres
def test_postgresql_backup_restores_into_an_empty_database(tmp_path):
    from config import normalise_database_url

    url = normalise_database_url(os.environ["INSPRAAK_TEST_DATABASE_URL"])
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=url,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    reset_postgres_schema(app)
    assert migrate_and_compare(app) == []
    with app.app_context():
        seed()
        before = backups.fingerprints()
        backups.backup(tmp_path / "dump.pgc")
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        backups.restore(tmp_path / "dump.pgc")
        assert backups.fingerprints() == before
        db.session.remove()
        db.engine.dispose()
