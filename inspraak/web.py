"""Request helpers shared by every area's views: the acting user, the language of the
request, page numbers from a query string and safe redirect targets."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import get_locale
from flask_login import current_user

MAX_PAGE = 10_000


def acting_user():
    """The signed-in user as a plain object, to hand to a service (never the proxy)."""
    return current_user._get_current_object()


def current_language() -> str:
    """The interface language of this request: one of ``LANGUAGES`` (``nl`` by default)."""
    locale = get_locale()
    languages = current_app.config["LANGUAGES"]
    return locale.language if locale is not None and locale.language in languages else languages[0]


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


def fixed_decimal(value, digits: int = 2) -> str:
    """A number with ``digits`` decimals in the language of the page ("5,18" in Dutch, "5.18"
    in English); "–" for no value."""
    from flask_babel import format_decimal

    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits if digits else "#,##0")

