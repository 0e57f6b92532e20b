"""What every template may use: formatting filters, the language, the current path.

Each area adds its own helpers (its permission functions, say) with a context processor
on its blueprint (``bp.app_context_processor``); the core knows none of them."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import format_date, format_datetime

from flask_login import current_user

from inspraak.areas import registry
from inspraak.database import utcnow
from inspraak.web import current_language


def init_templating(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {
            "current_language": current_language(),
            "navigation": registry().navigation_for(current_user),
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
