"""Flask extensions, created unbound and bound in ``create_app``."""
from __future__ import annotations

from functools import cached_property

import flask_babel
from flask import g, has_app_context, request, session
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# One naming convention for every constraint, so migrations are stable and
# errors name the rule that was broken.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class RequestDomain(flask_babel.Domain):
    """Flask-Babel's message domain, with the request's catalogue looked up once.

    Flask-Babel finds the catalogue anew for every string it translates: three lookups of
    its per-request context through the ``g`` proxy, the locale formatted as a string for
    the cache key, then the cache. A page translates a hundred strings or more (the
    templates' ``_()``, lazy form labels and choices), which made translation about a
    quarter of the time of a simple page. Here the catalogue is kept on that per-request
    context in ``babel_translations``, the attribute Flask-Babel's own ``refresh()``
    deletes and ``force_locale()`` clears and restores, so a language switched within a
    request (refresh, a mail in the recipient's language) still gets its own catalogue."""

    def get_translations(self):
        if has_app_context():
            context = getattr(g._get_current_object(), "_flask_babel", None)
            translations = getattr(context, "babel_translations", None)
            if translations is not None:
                return translations
        translations = super().get_translations()
        context = flask_babel._get_current_context()
        if context is not None:
            context.babel_translations = translations
        return translations


class InspraakBabel(flask_babel.Babel):
    @cached_property
    def domain_instance(self) -> RequestDomain:
        return RequestDomain(domain=self.domain)

    def init_app(self, app, *args, **kwargs) -> None:
        super().init_app(app, *args, **kwargs)
        # The templates' _() and friends go straight to the one domain Inspraak uses, instead
        # of looking up the request's domain (another three proxy lookups) for every string.
        def translations():
            return self.domain_instance.get_translations()

        app.jinja_env.install_gettext_callables(
            gettext=lambda s: translations().ugettext(s),
            ngettext=lambda s, p, n: translations().ungettext(s, p, n),
            pgettext=lambda c, s: translations().upgettext(c, s),
            npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
            newstyle=True)


babel = InspraakBabel()
cache = Cache()  # the page cache (inspraak.caching)
def _record_rate_limited(request_limit) -> None:
    from inspraak.accounts.security_log import record_rate_limited

    record_rate_limited(request_limit)  # returns None: the 429 page stays as it is


limiter = Limiter(key_func=get_remote_address, headers_enabled=True, on_breach=_record_rate_limited)


def select_locale() -> str:
    from flask import current_app, has_request_context

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # What this browser chose wins; then the account's language; then Dutch.
    chosen = chosen_locale()
    if chosen is not None:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def chosen_locale() -> str | None:
    """The language this browser chose with the language switch, if any."""
    from flask import current_app

    chosen = session.get("locale") or request.cookies.get("inspraak_taal")
    return chosen if chosen in current_app.config["LANGUAGES"] else None


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # pragma: no cover - trivial
    """WAL, durable commits, foreign keys and a busy timeout on every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
