"""Backups: ``inspraak backup FILE`` and ``inspraak restore FILE``.

SQLite is copied with its online backup API (consistent while the app keeps writing);
PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore --clean``. After a restore,
``fingerprints()`` — the row count and a checksum of every table — shows that what came
back is what went in; the backup command prints them so they can be compared.
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

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


def backup(target: Path) -> None:
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(_sqlite_path())
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    elif dialect == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url()])
    else:
        raise BackupError(f"No backup method for {dialect}.")


def restore(source: Path) -> None:
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    dialect = db.engine.dialect.name
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        with sqlite3.connect(source) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not an intact SQLite database.")
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path())
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif dialect == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_url(), str(source)])
    else:
        raise BackupError(f"No restore method for {dialect}.")


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
