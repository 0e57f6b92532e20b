"""Caching: rendered public pages, conditional GET and fingerprinted static files.

Three layers, each safe on its own:

1. **The page cache** (Flask-Caching: Redis with ``REDIS_URL``, files in the instance
   folder otherwise, a dict in tests). ``@public_page("consultation", "topic")`` keeps the
   rendered page of an anonymous visitor under a key made of the path, the language and
   the *versions* of the tables the page reads. Every committed INSERT, UPDATE or DELETE
   on a table gives that table a new version (``_track_writes``, on the engine: ORM
   flushes and plain SQL alike, also from jobs and commands), so a cached page is never
   served after the data it shows changed; ``PAGE_CACHE_SECONDS`` bounds what depends on
   the clock only (a consultation that closed at midnight). The version is bumped after
   the COMMIT, so a page rendered from data still being committed cannot be stored under
   the new version.
2. **Conditional GET**: public pages and API GETs carry an ``ETag`` (a hash of the body)
   and, where the tables are known, ``Last-Modified``; a request with ``If-None-Match`` /
   ``If-Modified-Since`` that still matches gets ``304 Not Modified`` without the body.
   HTML for anonymous visitors is ``Cache-Control: no-cache`` (stored, revalidated each
   time); pages of signed-in people stay ``no-store``.
3. **Static files** get their content hash in the name (``css/inspraak.3f2a9c1b7d4e.css``,
   from a manifest built at start-up) and ``max-age`` of a year, ``immutable``: a new
   release changes the name, so browsers never keep an old style sheet.
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from pathlib import Path

from flask import Flask, current_app, g, has_app_context, make_response, request, send_from_directory, session
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from inspraak.extensions import cache

STATIC_MAX_AGE = 365 * 24 * 3600
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
# What an anonymous visitor's session may hold for a page still to be the same for all.
_IMPERSONAL_SESSION_KEYS = {"locale", "csrf_token", "_permanent", "_fresh"}
_WRITTEN = "inspraak_written"


def init_app(app: Flask) -> None:
    cache.init_app(app)
    app.extensions["inspraak.static_manifest"] = static_manifest(Path(app.static_folder))
    app.url_defaults(_fingerprint_static_urls)
    app.view_functions["static"] = _send_static
    app.after_request(_conditional_get)


# --- table versions ------------------------------------------------------------

def cache_backend():
    """The cache the pages use (files in the instance folder, or Redis): also for other short-lived marks."""
    return current_app.extensions["cache"][cache]


# Tables written in the open transaction of a connection live on the connection; once it
# commits they move to this thread's list, bumped right after the commit: by the ORM
# session's after_commit, or, for plain connections (``engine.begin()``), when the
# connection goes back to the pool. Both come after the database's COMMIT.
_committed = threading.local()


@event.listens_for(Engine, "before_cursor_execute")
def _track_writes(conn, cursor, statement, parameters, context, executemany) -> None:
    match = _WRITE.match(statement)
    if match is None or not has_app_context() or "cache" not in current_app.extensions:
        return
    written = conn.info.setdefault(_WRITTEN, {})
    written.setdefault(cache_backend(), set()).add(match.group(1).lower())


@event.listens_for(Engine, "commit")
def _mark_committed(conn) -> None:
    written = conn.info.pop(_WRITTEN, None)
    if written:
        pending = getattr(_committed, "tables", None)
        if pending is None:
            pending = _committed.tables = {}
        for backend, tables in written.items():
            pending.setdefault(backend, set()).update(tables)


@event.listens_for(Engine, "rollback")
def _forget_rolled_back(conn) -> None:
    conn.info.pop(_WRITTEN, None)


def _bump_committed(*_args) -> None:
    pending = getattr(_committed, "tables", None)
    if pending:
        _committed.tables = None
        for backend, tables in pending.items():
            bump_tables(tables, backend)


event.listen(Session, "after_commit", _bump_committed)
event.listen(Pool, "checkin", _bump_committed)


def bump_tables(tables: Iterable[str], backend=None) -> None:
    """Give ``tables`` a new version: every cached page that read them is stale."""
    backend = backend or cache_backend()
    now = time.time_ns()
    try:
        backend.set_many({f"table:{table}": now for table in tables}, timeout=0)
    except Exception:  # noqa: BLE001 - a cache that is down must not fail the write that succeeded
        current_app.logger.exception("could not invalidate cached pages for %s", ", ".join(tables)) \
            if has_app_context() else None


def table_versions(tables: Iterable[str]) -> list[int]:
    """The current version of each table (nanoseconds of its last committed write). A table
    without a version (never written, or the cache was emptied) gets one now, so a page
    cached before the cache lost its versions is never taken for current."""
    backend, keys = cache_backend(), [f"table:{table}" for table in tables]
    versions = list(backend.get_many(*keys))
    for index, value in enumerate(versions):
        if value is None:
            backend.add(keys[index], time.time_ns(), timeout=0)
            versions[index] = backend.get(keys[index]) or 0
    return versions


# --- the page cache ------------------------------------------------------------

@lru_cache(maxsize=1)
def release_digest() -> str:
    """A digest of the code, templates, catalogues and static files of this release, in
    every cache key: after a roll-out no server serves a page another release rendered."""
    from inspraak import ROOT, asset_dir

    digest = hashlib.sha256()
    folders = [Path(__file__).resolve().parent, asset_dir("templates"), asset_dir("static"),
               *(ROOT / name for name in ("surveys", "moderation"))]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo", ".css", ".svg", ".js"} and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _cacheable_request() -> bool:
    if current_app.config.get("PAGE_CACHE_SECONDS", 0) <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if "Authorization" in request.headers or not set(session.keys()) <= _IMPERSONAL_SESSION_KEYS:
        return False  # flashes, a survey draft, a sign-in: the page is this visitor's own
    return not current_user.is_authenticated


def public_page(*tables: str) -> Callable:
    """Cache the page for anonymous visitors; ``tables``: every table the page reads."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            from inspraak.web import current_language

            try:
                versions = table_versions(tables)
            except Exception:  # noqa: BLE001 - without the cache the page is still served
                current_app.logger.exception("page cache unavailable")
                return view(*args, **kwargs)
            g.inspraak_public = True
            g.inspraak_last_modified = max(versions) // 1_000_000_000 if versions else None
            key = "page:" + hashlib.sha256("\x1f".join(
                [release_digest(), request.endpoint or "", current_language(), request.host_url, request.full_path,
                 *map(str, versions)]).encode()).hexdigest()
            backend = cache_backend()
            stored = backend.get(key)
            if stored is not None:
                status, mimetype, headers, body = stored
                response = current_app.response_class(body, status=status, mimetype=mimetype, headers=headers)
                response.headers["X-Inspraak-Cache"] = "hit"
                return response
            response = make_response(view(*args, **kwargs))
            if (response.status_code == 200 and not response.direct_passthrough and not session.modified
                    and "Set-Cookie" not in response.headers):
                headers = [(name, value) for name, value in response.headers.items()
                           if name in ("Access-Control-Allow-Origin", "Vary", "Cache-Control", "Link")]
                try:
                    backend.set(key, (200, response.mimetype, headers, response.get_data()),
                                timeout=current_app.config["PAGE_CACHE_SECONDS"])
                except Exception:  # noqa: BLE001
                    current_app.logger.exception("could not store a page in the cache")
                response.headers["X-Inspraak-Cache"] = "miss"
            return response

        return wrapper

    return decorator


# --- conditional GET ------------------------------------------------------------

def _conditional_get(response: Response) -> Response:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
        return response
    if response.mimetype not in ("text/html", "application/json"):
        return response
    if response.mimetype == "text/html":
        if not g.get("inspraak_public") or session.modified or "Set-Cookie" in response.headers:
            return response  # possibly personal: security.py marks it no-store
        response.headers.setdefault("Cache-Control", "no-cache")
        response.vary.add("Cookie")  # the language may come from a cookie
    if "no-store" in response.headers.get("Cache-Control", ""):
        return response
    last_modified = g.get("inspraak_last_modified")
    if last_modified:
        response.last_modified = last_modified
    response.add_etag()
    response = response.make_conditional(request)
    # Werkzeug adds a Date header here; the HTTP server (gunicorn, or the development
    # server) always sends its own, so keeping this one would send two.
    del response.headers["Date"]
    return response


# --- fingerprinted static files --------------------------------------------------

def static_manifest(folder: Path) -> dict[str, str]:
    """``{"css/inspraak.css": "3f2a9c1b7d4e", ...}``: the first 12 hex digits of each
    file's SHA-256, read once at start-up."""
    manifest = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                manifest[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return manifest


def fingerprinted(filename: str, digest: str) -> str:
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{filename}.{digest}"


def _fingerprint_static_urls(endpoint: str, values: dict) -> None:
    if endpoint != "static" or "filename" not in values:
        return
    digest = current_app.extensions["inspraak.static_manifest"].get(values["filename"])
    if digest:
        values["filename"] = fingerprinted(values["filename"], digest)


def _send_static(filename: str):
    """A fingerprinted name is served for a year (``immutable``); a plain name, or the
    name of an older release during a roll-out, is served with revalidation."""
    folder = current_app.static_folder
    match = _FINGERPRINTED.match(filename)
    if match is not None:
        original = match["stem"] + match["suffix"]
        digest = current_app.extensions["inspraak.static_manifest"].get(original)
        if digest is None:
            raise NotFound()
        if digest == match["digest"]:
            response = send_from_directory(folder, original, max_age=STATIC_MAX_AGE)
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
            return response
        return send_from_directory(folder, original, max_age=0)
    return send_from_directory(folder, filename, max_age=0)
