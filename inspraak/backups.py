"""Backups: ``inspraak backup FILE`` and ``inspraak restore FILE``.

SQLite is copied with its online backup API (consistent while the app keeps writing);
PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore --clean``. After a restore,
``fingerprints()`` — the row count and a checksum of every table — shows that what came
back is what went in; the backup command prints them so they can be compared.

A restore replaces everything, so it first makes sure the file is an Inspraak backup this
release can read: a database (or dump) holding the migrations table at a revision of this
release's migrations. Anything else (an empty file, another program's database, a backup
made by a newer release) is refused before the live database is touched. A backup made by
an older release is brought up to date by the migrations after it is restored.
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from inspraak.extensions import db


class BackupError(RuntimeError):
    pass


def _url():
    return make_url(str(db.engine.url))


def _libpq_url() -> str:
    url = _url().set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path() -> Path:
    database = _url().database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _is_live_database(path: Path) -> bool:
    live = _sqlite_path()
    return path.resolve() == live.resolve() or (path.exists() and live.exists() and path.samefile(live))


def backup(target: Path) -> None:
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        if _is_live_database(target):
            raise BackupError(f"{target} is the live database itself; choose another file for the backup.")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            source = sqlite3.connect(_sqlite_path())
            destination = sqlite3.connect(target)
        except (OSError, sqlite3.Error) as error:
            raise BackupError(f"Cannot write the backup to {target}: {error}.") from None
        try:
            with destination:
                source.backup(destination)
        except sqlite3.Error as error:
            raise BackupError(f"Cannot write the backup to {target}: {error}.") from None
        finally:
            destination.close()
            source.close()
    elif dialect == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url()])
    else:
        raise BackupError(f"No backup method for {dialect}.")


def _revisions() -> tuple[list[str], str]:
    """Every revision of this release's migrations (oldest first) and the newest one."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    revisions = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    return revisions, script.get_current_head()


def _check_revision(source: Path, revision: str | None) -> str:
    revisions, head = _revisions()
    if revision is None:
        raise BackupError(f"{source} is not an Inspraak backup (it has no migrations table); nothing was changed.")
    if revision not in revisions:
        raise BackupError(f"{source} was made by another release of Inspraak (schema revision {revision}, which "
                          f"this release does not know; its newest is {head}). Restore it with the release that "
                          f"made it. Nothing was changed.")
    return revision


def _sqlite_revision(source: Path) -> str | None:
    """Open the backup read-only and check it: intact, and at which schema revision."""
    try:
        check = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"Cannot open {source}: {error}.") from None
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is not an intact SQLite database; nothing was changed.")
        if not check.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
            return None
        row = check.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        raise BackupError(f"{source} is not a SQLite database; nothing was changed.") from None
    finally:
        check.close()


def _postgresql_revision(source: Path) -> str | None:
    """Read the schema revision out of a ``pg_dump --format=custom`` file without restoring it."""
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (PostgreSQL's client tools are needed).")
    listing = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True, timeout=600)
    if listing.returncode != 0:
        raise BackupError(f"{source} is not a PostgreSQL backup made by 'inspraak backup' (pg_dump's custom format); "
                          f"nothing was changed.")
    if " alembic_version " not in listing.stdout:
        return None
    data = subprocess.run(["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)],
                          capture_output=True, text=True, timeout=600)
    lines = data.stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            value = lines[index + 1].strip()
            return None if value == "\\." else value
    return None


def restore(source: Path) -> str | None:
    """Replace the live database with ``source``. Returns the revision the backup had when it
    was older than this release and has been upgraded after the restore, else None."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    dialect = db.engine.dialect.name
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        if _is_live_database(source):
            raise BackupError(f"{source} is the live database itself; nothing to restore.")
        revision = _check_revision(source, _sqlite_revision(source))
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path())
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif dialect == "postgresql":
        revision = _check_revision(source, _postgresql_revision(source))
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_url(), str(source)])
    else:
        raise BackupError(f"No restore method for {dialect}.")
    if revision == _revisions()[1]:
        return None
    from flask_migrate import upgrade

    upgrade()
    return revision


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools are needed).")
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def fingerprints() -> dict[str, tuple[int, str]]:
    """Per table of the models: (row count, SHA-256 of its rows in primary-key order)."""
    result = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            count = 0
            for row in connection.execute(table.select().order_by(*order)):
                digest.update(repr(tuple(row)).encode())
                count += 1
            result[table.name] = (count, digest.hexdigest()[:16])
    return result
