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


def _live_with_rows(tmp_path):
    """A migrated live database holding the demo content, and its fingerprints."""
    app = _file_app(tmp_path, "live")
    assert migrate_and_compare(app) == []
    _copy_demo_rows(app)
    with app.app_context():
        before = backups.fingerprints()
    assert sum(count for count, _ in before.values()) > 10
    return app, before


def _other_sqlite(path, statements) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def test_restore_refuses_what_is_not_a_backup_of_this_release_and_changes_nothing(tmp_path):
    """An empty file passed SQLite's integrity check and emptied the live database."""
    app, before = _live_with_rows(tmp_path)
    sources = {"empty file": [], "another program's database": [
        "CREATE TABLE boek (id INTEGER PRIMARY KEY, titel TEXT)", "INSERT INTO boek VALUES (1, 'x')"],
        "no revision": ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"],
        "a newer release's backup": ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                                     "INSERT INTO alembic_version VALUES ('9999_from_the_future')"]}
    (tmp_path / "not a database.sqlite3").write_bytes(b"geen database" * 100)
    (tmp_path / "empty file.sqlite3").write_bytes(b"")
    for kind, statements in sources.items():
        if statements:
            _other_sqlite(tmp_path / f"{kind}.sqlite3", statements)
    with app.app_context():
        for kind in [*sources, "not a database"]:
            result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / f"{kind}.sqlite3")])
            assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (kind, result.exception)
            assert "nothing was changed" in result.output.lower(), (kind, result.output)
            assert backups.fingerprints() == before, kind


def test_a_backup_of_an_older_release_is_migrated_after_the_restore(tmp_path):
    from flask_migrate import upgrade

    old = _file_app(tmp_path, "oud")
    with old.app_context():
        upgrade(revision="0012")
        db.engine.dispose()
        result = old.test_cli_runner().invoke(args=["backup", str(tmp_path / "oud-kopie.sqlite3")])
        assert result.exit_code == 0, result.output
    app, _ = _live_with_rows(tmp_path)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "oud-kopie.sqlite3")])
        assert result.exit_code == 0, result.output
        assert "older release (schema revision 0012)" in result.output
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == backups._revisions()[1]
    assert migrate_and_compare(app) == []  # the schema is this release's


def test_backup_refuses_the_live_database_and_a_place_it_cannot_write(tmp_path):
    app, before = _live_with_rows(tmp_path)
    blocker = tmp_path / "een-bestand"
    blocker.write_text("")
    with app.app_context():
        live = str(backups._sqlite_path())
        for target, message in ((live, "is the live database itself"), (str(blocker / "kopie.sqlite3"), "Cannot write")):
            result = app.test_cli_runner().invoke(args=["backup", target])
            assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
            assert message in result.output
        result = app.test_cli_runner().invoke(args=["restore", "--yes", live])
        assert result.exit_code == 1 and "is the live database itself" in result.output
        assert backups.fingerprints() == before


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
        assert backups.restore(tmp_path / "dump.pgc") is None  # same release: no migration
        assert backups.fingerprints() == before
        (tmp_path / "kapot.pgc").write_bytes(b"PGDMP" + b"geen dump" * 100)
        with pytest.raises(backups.BackupError, match="nothing was changed"):
            backups.restore(tmp_path / "kapot.pgc")
        assert backups.fingerprints() == before
        db.session.remove()
        db.engine.dispose()
