"""What every template may use: permissions, formatting, the language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale

from inspraak.accounts import permissions as account_permissions
from inspraak.consultations import permissions as consultation_permissions
from inspraak.database import utcnow


def init_templating(app: Flask) -> None:
    @app.context_processor
    def inject():
        locale = get_locale()
        return {
            "current_language": locale.language if locale else "nl",
            "permissions": {
                **{name: getattr(account_permissions, name) for name in account_permissions.__all__},
                **{name: getattr(consultation_permissions, name) for name in consultation_permissions.__all__},
            },
            "current_path": request.full_path.rstrip("?") if request else "/",
            "now": utcnow(),
        }

    app.jinja_env.filters["datetime"] = lambda value, fmt="d MMMM yyyy, HH:mm": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="d MMMM yyyy": format_date(value, fmt) if value else ""
    app.jinja_env.filters["isodatetime"] = lambda value: value.isoformat() if value else ""
    app.jinja_env.filters["filesize"] = _filesize
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB"


MAX_PAGE = 10_000


def page_number(value: str | None) -> int:
    """A page number from a query string: a whole number from 1 to MAX_PAGE, else 1."""
    try:
        page = int(value or 1)
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def safe_next_url(target: str | None, default: str) -> str:
    """Only local paths are followed after sign-in or a language switch (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
