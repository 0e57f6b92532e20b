"""Secure defaults for every response, and how a session finds its user."""
from __future__ import annotations

import re

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix
from flask_babel import lazy_gettext as _l

from inspraak.extensions import db, login_manager

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# NUL cannot be stored in PostgreSQL text (nor in jsonb); a lone surrogate (half of a
# UTF-16 pair, which JSON's "\ud800" can carry) cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable_character(text: str) -> bool:
    """True if ``text`` holds a NUL or a lone surrogate: refuse it before it is stored."""
    return _UNSTORABLE.search(text) is not None


def without_unstorable_characters(text: str) -> str:
    """``text`` without its NULs and lone surrogates: what a page may show of refused input."""
    return _UNSTORABLE.sub("", text)


def checks_form_characters(view):
    """Mark a view whose form fields are all checked by its services, which refuse a NUL
    next to the field it is in: its form posts are not refused as a whole (the query
    string and URL still are), so the other answers on the page are kept. Its forms show
    what was sent without the NUL (``inspraak.forms.ShowsStorableText``)."""
    view.checks_form_characters = True
    return view


MAX_JSON_DEPTH = 32


def _depth_over(value, limit: int) -> bool:
    """Whether ``value`` nests arrays and objects deeper than ``limit`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


class StrictJSONProvider(DefaultJSONProvider):
    """Request bodies are standard JSON (RFC 8259): no NaN, Infinity or -Infinity, which
    Python's decoder accepts by default, and nested at most ``MAX_JSON_DEPTH`` deep (no
    request needs more; a thousand levels made the decoder, or code after it, run out of
    recursion). Both are refused as invalid JSON (a ValueError), so a view's
    ``get_json(silent=True)`` gets None and answers 400."""

    @staticmethod
    def _refuse_constant(name: str):
        raise ValueError(f"{name} is not valid JSON")

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", self._refuse_constant)
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep") from None
        if _depth_over(value, MAX_JSON_DEPTH):
            raise ValueError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
        return value


def init_app(app: Flask) -> None:
    app.json = StrictJSONProvider(app)

    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        # Behind a reverse proxy: the client address (for rate limits) and scheme come
        # from X-Forwarded-For/-Proto, trusted for exactly this many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)

    @app.before_request
    def refuse_nul_bytes():
        # NUL cannot be stored in PostgreSQL text and is never meaningful input. (A lone
        # surrogate cannot come from here: werkzeug decodes URLs and forms from UTF-8
        # and keeps or replaces what is not.)
        view = app.view_functions.get(request.endpoint)
        form = [] if getattr(view, "checks_form_characters", False) else request.form.values()
        values = [*request.args.values(), *form, *(request.view_args or {}).values()]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            from inspraak.errors import render_error

            # A page says it in the user's language; the API in its own (English) words.
            return render_error(400, _l("Wat u verstuurde bevat een onzichtbaar teken (NUL) dat niet kan worden "
                                        "opgeslagen. Haal het weg (bijvoorbeeld door de tekst opnieuw te typen) en "
                                        "probeer het nog eens."),
                                api_detail="The request contains a NUL character (U+0000), which cannot be stored. "
                                           "Remove it from the URL, query or body and send the request again.")

    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_token: str):
        from inspraak.accounts.models import User

        return db.session.scalar(
            db.select(User).where(User.session_token == session_token, User.deleted_at.is_(None))
        )

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if response.mimetype == "text/html":
            # Pages may show personal data or one-time secrets: never cache them.
            headers.setdefault("Cache-Control", "no-store")
        return response
