"""What every template may use: formatting filters, the language, the current path.

Each area adds its own helpers (its permission functions, say) with a context processor
on its blueprint (``bp.app_context_processor``); the core knows none of them."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal

from flask_login import current_user

from inspraak import glossary, readability
from inspraak.areas import registry
from inspraak.database import utcnow
from inspraak.organisation import installation_organisation
from inspraak.web import current_language, fixed_decimal


def init_templating(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {
            "current_language": current_language(),
            # The user itself, not the proxy: each menu item asks it who it is.
            "navigation": registry().navigation_for(current_user._get_current_object()),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "now": utcnow(),
            "organisation": installation_organisation(),
        }

    app.jinja_env.filters["datetime"] = lambda value, fmt="d MMMM yyyy, HH:mm": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="d MMMM yyyy": format_date(value, fmt) if value else ""
    app.jinja_env.filters["isodatetime"] = lambda value: value.isoformat() if value else ""
    app.jinja_env.filters["filesize"] = _filesize
    app.jinja_env.filters["decimal"] = lambda value: format_decimal(value, format="#,##0.#")
    app.jinja_env.filters["fixed"] = fixed_decimal  # {{ value|fixed(2) }}: "5,18" / "5.18"
    app.jinja_env.globals["readability_check"] = readability_check
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def readability_check(*texts: str | None) -> readability.Report:
    """The readability check of an officer's Dutch text (several fields read as one text)."""
    jargon = {form: (entry.anchor, entry.plain) for form, entry in glossary.jargon().items()}
    return readability.check("\n\n".join(text for text in texts if text), jargon)


def _filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB"
