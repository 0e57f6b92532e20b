"""Configuration classes for Inspraak.

Nothing here reads the environment at import time: each class reads it when
``create_app`` instantiates it, so tests and the CLI can set variables first.
Every setting is listed in README.md ("Instellingen / Settings").
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
# A checkout keeps its data in instance/ beside this file. An installed wheel carries this
# file as inspraak/_config.py (see setup.py); its data then goes where Flask puts an
# installed package's instance folder, unless INSPRAAK_INSTANCE_PATH says otherwise.
DEFAULT_INSTANCE_PATH = (Path(sys.prefix) / "var" / "inspraak-instance" if __name__ == "inspraak._config"
                         else BASE_DIR / "instance")

# Values that must never reach production as SECRET_KEY.
INSECURE_SECRET_KEYS = {"", "dev", "development", "changeme", "secret", "inspraak-development-key"}


class Config:
    """Settings shared by every environment.

    ``environ`` is where settings are read from: the process environment by default;
    ``TestConfig`` passes an empty mapping, so tests never pick up a mail server, a
    database or Redis from the machine they run on.
    """

    ENV_NAME = "base"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        _env, _env_bool, _env_int = self._env, self._env_bool, self._env_int
        self.INSTANCE_PATH = Path(_env("INSPRAAK_INSTANCE_PATH", str(DEFAULT_INSTANCE_PATH)))
        self.SECRET_KEY = _env("SECRET_KEY") or _env("INSPRAAK_SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI = self.database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = self.engine_options(self.SQLALCHEMY_DATABASE_URI)
        # Rendered public pages (anonymous visitors) and API lists are kept this long at most;
        # every write to a table they read invalidates them at once (inspraak.caching). 0: off.
        self.PAGE_CACHE_SECONDS = _env_int("INSPRAAK_PAGE_CACHE_SECONDS", 60)
        self.REDIS_URL = _env("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # The page cache: Redis when there is one (shared by every server); otherwise files in
        # the instance folder, shared by the gunicorn workers of this one machine.
        if self.REDIS_URL:
            self.CACHE_TYPE, self.CACHE_REDIS_URL = "RedisCache", self.REDIS_URL
        else:
            self.CACHE_TYPE, self.CACHE_DIR = "FileSystemCache", str(self.INSTANCE_PATH / "cache")
        self.CACHE_KEY_PREFIX = "inspraak:cache:"
        self.RATELIMIT_ENABLED = _env_bool("INSPRAAK_RATELIMIT_ENABLED", True)
        self.SIGN_IN_RATE_LIMIT = _env("INSPRAAK_SIGN_IN_RATE_LIMIT", "10 per minute;50 per hour")
        # Per client address on survey answer pages and event sign-ups: generous enough for a
        # whole office behind one address, low enough to slow a flood of scripted answers.
        self.ANSWER_RATE_LIMIT = _env("INSPRAAK_ANSWER_RATE_LIMIT", "60 per minute;1000 per hour")
        self.SIGN_UP_RATE_LIMIT = _env("INSPRAAK_SIGN_UP_RATE_LIMIT", "20 per minute;200 per hour")
        # Per client address on public reports of a published answer.
        self.REPORT_RATE_LIMIT = _env("INSPRAAK_REPORT_RATE_LIMIT", "10 per minute;30 per hour")
        self.MAIL_SERVER = _env("INSPRAAK_MAIL_SERVER")
        self.MAIL_PORT = _env_int("INSPRAAK_MAIL_PORT", 587)
        self.MAIL_USERNAME = _env("INSPRAAK_MAIL_USERNAME")
        self.MAIL_PASSWORD = _env("INSPRAAK_MAIL_PASSWORD")
        self.MAIL_USE_TLS = _env_bool("INSPRAAK_MAIL_USE_TLS", True)
        self.MAIL_SENDER = _env("INSPRAAK_MAIL_SENDER", "Inspraak <noreply@inspraak.example>")
        self.MAIL_OUTBOX = Path(_env("INSPRAAK_MAIL_OUTBOX", str(self.INSTANCE_PATH / "outbox")))
        self.UPLOAD_FOLDER = Path(_env("INSPRAAK_UPLOAD_FOLDER", str(self.INSTANCE_PATH / "uploads")))
        self.MAX_DOCUMENT_BYTES = _env_int("INSPRAAK_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
        # A request may carry one document plus the form around it.
        self.MAX_CONTENT_LENGTH = self.MAX_DOCUMENT_BYTES + 1024 * 1024
        self.PUBLIC_URL = _env("INSPRAAK_PUBLIC_URL")
        self.TOKEN_MAX_AGE = timedelta(hours=_env_int("INSPRAAK_TOKEN_MAX_AGE_HOURS", 24))
        # How many reverse proxies set X-Forwarded-For/-Proto in front of the app (0: none).
        self.PROXY_HOPS = _env_int("INSPRAAK_PROXY_HOPS", 0)
        # Background work (inspraak.jobs): "thread" runs it in this process, "rq" on RQ
        # workers through Redis (the default when REDIS_URL is set), "inline" at once.
        self.JOBS_BACKEND = _env("INSPRAAK_JOBS_BACKEND", "rq" if self.REDIS_URL else "thread")
        self.JOBS_QUEUE = _env("INSPRAAK_JOBS_QUEUE", "inspraak")
        # Open answers per chunk job of an analysis run (moderation/summaries/runs.py): the
        # chunks run in parallel on as many RQ workers as there are.
        self.ANALYSIS_CHUNK_SIZE = _env_int("INSPRAAK_ANALYSIS_CHUNK_SIZE", 5000)
        # Password hashing cost: an argon2.profiles name (RFC 9106's recommendation by default).
        self.ARGON2_PROFILE = _env("INSPRAAK_ARGON2_PROFILE", "RFC_9106_LOW_MEMORY")
        # An API token's last use is written at most this often (reads stay reads).
        self.API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=_env_int("INSPRAAK_API_TOKEN_TOUCH_MINUTES", 5))
        # Moderators, policy officers and admins sign in with a second factor (TOTP).
        # Production always requires it; tests switch it on where they test it.
        self.STAFF_TWO_FACTOR = _env_bool("INSPRAAK_STAFF_TWO_FACTOR", True)
        # Who is speaking: the organisation that runs this installation (header, footer,
        # privacy and accessibility statements). The logo is a file on the server (SVG or PNG).
        self.ORGANISATION_NAME = _env("INSPRAAK_ORGANISATION_NAME", "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur")
        self.ORGANISATION_LOGO = _env("INSPRAAK_ORGANISATION_LOGO")
        self.ORGANISATION_CONTACT_EMAIL = _env("INSPRAAK_CONTACT_EMAIL", "inspraak@example.nl")
        self.ORGANISATION_POSTAL_ADDRESS = _env("INSPRAAK_CONTACT_ADDRESS", "Postbus 20401, 2500 EK Den Haag")
        self.PRIVACY_CONTACT_EMAIL = _env("INSPRAAK_PRIVACY_CONTACT", "privacy@example.nl")
        self.DATA_PROTECTION_OFFICER_EMAIL = _env("INSPRAAK_DPO_EMAIL", "fg@example.nl")
        # /.well-known/security.txt (RFC 9116): where to report a vulnerability (an e-mail
        # address or an https URL, e.g. the organisation's CVD page) and until when the file
        # holds (ISO 8601; by default the first day of the month a year from now).
        self.SECURITY_CONTACT = _env("INSPRAAK_SECURITY_CONTACT", self.ORGANISATION_CONTACT_EMAIL)
        self.SECURITY_TXT_EXPIRES = _env("INSPRAAK_SECURITY_TXT_EXPIRES")

    def _env(self, name: str, default: str | None = None) -> str | None:
        value = self._environ.get(name)
        return value if value not in (None, "") else default

    def _env_bool(self, name: str, default: bool) -> bool:
        value = self._env(name)
        if value is None:
            return default
        return value.strip().lower() in {"1", "true", "yes", "on", "ja"}

    def _env_int(self, name: str, default: int) -> int:
        value = self._env(name)
        return int(value) if value is not None else default

    # Fixed settings (class attributes: the same in every environment).
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    SESSION_COOKIE_NAME = "inspraak_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    DEMO_CONTENT_ALLOWED = False

    def database_url(self) -> str:
        url = self._env("DATABASE_URL")
        if url is None:
            return f"sqlite:///{self.INSTANCE_PATH / 'inspraak.sqlite3'}"
        return normalise_database_url(url)

    def engine_options(self, url: str) -> dict:
        if url.startswith("sqlite"):
            # WAL, synchronous=FULL, foreign keys and the busy timeout are set per
            # connection in inspraak.extensions (SQLite pragmas are per connection).
            return {"connect_args": {"timeout": 15}}
        # One pool per gunicorn worker process. A worker serves at most its threads at once
        # (gunicorn.conf.py: INSPRAAK_THREADS, default 4), so pool_size = threads needs no
        # overflow; the overflow covers the background-job threads. Keep
        # servers x workers x (pool_size + max_overflow) below PostgreSQL's max_connections
        # (100 by default): 2 servers x 3 workers x (4 + 4) = 48. pool_pre_ping replaces
        # connections that died (a PostgreSQL restart, a failover) before a request sees it;
        # pool_recycle retires connections before proxies and firewalls drop idle ones.
        return {
            "pool_size": self._env_int("INSPRAAK_DB_POOL_SIZE", 4),
            "max_overflow": self._env_int("INSPRAAK_DB_MAX_OVERFLOW", 4),
            "pool_timeout": self._env_int("INSPRAAK_DB_POOL_TIMEOUT", 10),
            "pool_recycle": self._env_int("INSPRAAK_DB_POOL_RECYCLE", 1800),
            "pool_pre_ping": self._env_bool("INSPRAAK_DB_POOL_PRE_PING", True),
        }

    def validate(self) -> None:
        """Refuse settings that are unsafe for this environment."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEMO_CONTENT_ALLOWED = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        self.SECRET_KEY = self.SECRET_KEY or "inspraak-development-key"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    DEMO_CONTENT_ALLOWED = True
    WTF_CSRF_ENABLED = False  # tests that exercise CSRF switch it back on

    def __init__(self) -> None:
        # Sealed: nothing comes from the environment (no mail server, database or Redis
        # of the machine the tests run on). Tests that need one set it themselves.
        super().__init__(environ={})
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.JOBS_BACKEND = "inline"
        self.ARGON2_PROFILE = "CHEAPEST"
        self.STAFF_TWO_FACTOR = False  # tests/accounts/test_two_factor.py switches it on
        # One in-memory SQLite database per app; the PostgreSQL tests set their own URL
        # (INSPRAAK_TEST_DATABASE_URL, read by tests/postgres).
        from sqlalchemy.pool import StaticPool

        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.SQLALCHEMY_ENGINE_OPTIONS = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.CACHE_TYPE = "SimpleCache"  # per app: tests never share cached pages
        self.SERVER_NAME = None


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # ASVS 5.0 V3.3.3: a __Host- cookie is only accepted over https, for this host and path /.
    SESSION_COOKIE_NAME = "__Host-inspraak_session"
    REMEMBER_COOKIE_NAME = "__Host-inspraak_remember"
    PREFERRED_URL_SCHEME = "https"

    def validate(self) -> None:
        if not self.SECRET_KEY or self.SECRET_KEY in INSECURE_SECRET_KEYS or len(self.SECRET_KEY) < 32:
            raise RuntimeError(
                "ProductionConfig refuses to start without a real SECRET_KEY "
                "(set SECRET_KEY to a random value of at least 32 characters)."
            )
        if not self.PUBLIC_URL or not self.PUBLIC_URL.startswith("https://"):
            raise RuntimeError(
                "ProductionConfig needs INSPRAAK_PUBLIC_URL (https://...): links in mail are built from it, "
                "never from the request's Host header."
            )
        if not self.MAIL_SERVER:
            raise RuntimeError("Production needs INSPRAAK_MAIL_SERVER: people must receive their links, and the "
                               "development outbox (mail written to disk) is never used in production.")
        if not self.STAFF_TWO_FACTOR:
            raise RuntimeError("Production requires two-factor sign-in for staff: unset INSPRAAK_STAFF_TWO_FACTOR.")
        # Requests for any other host are refused (Flask 3.1 TRUSTED_HOSTS).
        self.TRUSTED_HOSTS = [urlsplit(self.PUBLIC_URL).hostname]


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given in the common short form."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> Config:
    name = os.environ.get("INSPRAAK_ENV") or "development"
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"INSPRAAK_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
