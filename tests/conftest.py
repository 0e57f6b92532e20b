"""Fixtures: an app on a real in-memory SQLite database, a client, the mail outbox,
the builders of every area, and a guard that refuses network connections beyond this
machine. Helpers live in ``tests/helpers.py``, builders in ``tests/builders/``."""
from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

from inspraak.accounts.models import User
from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import Outbox, demo_template, make_app, make_demo_app, sign_in


def pytest_sessionstart(session):
    """Compile the translation catalogues when a .po is newer than its .mo (make does this too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "inspraak" / "translations"
    for po in root.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalogue = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalogue)


# --- URL builders compiled once per rule, not once per app --------------------------
#
# Werkzeug compiles two Python functions (with ``ast`` and ``compile``) for every URL rule
# of every app; with ~125 rules that is most of ``create_app``'s time, and the tests make
# an app per test. The generated code depends only on the rule's parsed parts, the names
# of its defaults and whether unknown values become a query string, and takes the rule as
# its first argument, so the same function serves the same rule of every app. Rules whose
# defaults fill a variable of the path (the converter's output is compiled in) are
# compiled as usual.

_real_compile_builder = None


def _cached_compile_builder(cache):
    def compile_builder(self, append_unknown=True):
        defaults = self.defaults or {}
        if any(is_dynamic and data in defaults for is_dynamic, data in self._trace):
            return _real_compile_builder(self, append_unknown)
        key = (append_unknown, self.rule, tuple(self._trace), tuple(defaults))
        function = cache.get(key)
        if function is None:
            function = cache[key] = _real_compile_builder(self, append_unknown)
        return function
    return compile_builder


def pytest_configure(config):
    global _real_compile_builder
    from werkzeug.routing.rules import Rule

    _real_compile_builder = Rule._compile_builder
    Rule._compile_builder = _cached_compile_builder({})


def pytest_unconfigure(config):
    from werkzeug.routing.rules import Rule

    if _real_compile_builder is not None:
        Rule._compile_builder = _real_compile_builder


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres need INSPRAAK_TEST_DATABASE_URL; say so visibly when it is absent."""
    url = os.environ.get("INSPRAAK_TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL test: set INSPRAAK_TEST_DATABASE_URL=postgresql://... to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# --- no network beyond this machine -------------------------------------------

class NetworkRefused(OSError):
    """A test tried to reach a host other than this machine."""


def is_local_address(address) -> bool:
    if isinstance(address, (str, bytes)) and not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost: never resolved, never reached


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(host, *args, **kwargs):
    # Resolving a name asks a DNS server: only this machine's names and literal addresses.
    name = host.decode() if isinstance(host, bytes) else host
    if name not in (None, "", "localhost"):
        try:
            ipaddress.ip_address(name.split("%")[0])
        except ValueError:
            raise NetworkRefused(f"tests may only connect to this machine (127.0.0.1, ::1), not look up {name!r}") from None
    return _real_getaddrinfo(host, *args, **kwargs)


def _guarded_connect(sock, address):
    if sock.family != socket.AF_UNIX and not is_local_address(address):
        raise NetworkRefused(f"tests may only connect to this machine (127.0.0.1, ::1), not to {address!r}")
    return _real_connect(sock, address)


def _guarded_connect_ex(sock, address):
    if sock.family != socket.AF_UNIX and not is_local_address(address):
        raise NetworkRefused(f"tests may only connect to this machine (127.0.0.1, ::1), not to {address!r}")
    return _real_connect_ex(sock, address)


@pytest.fixture(autouse=True, scope="session")
def no_network_beyond_localhost():
    """Every test runs with connections to other hosts refused before a packet leaves."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect = _real_connect
        socket.socket.connect_ex = _real_connect_ex
        socket.getaddrinfo = _real_getaddrinfo


# --- the application ------------------------------------------------------------

@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture(scope="session")
def demo_content():
    """The demo content, seeded once per run with the real ``inspraak.demo.seed()``.

    Seeding takes tens of seconds and several tests need the demo content only as realistic
    data; they get a fresh copy of it (``demo_app``) instead of seeding again. See
    ``tests.helpers.demo_template``; ``tests/test_cli.py`` still runs ``inspraak seed-demo``.
    """
    return demo_template()


@pytest.fixture
def demo_app(tmp_path, demo_content):
    """Like ``app``, with its own copy of the demo content (database, uploads and outbox)."""
    app = make_demo_app(tmp_path)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.config["MAIL_OUTBOX"]))


@pytest.fixture
def build(app):
    """Every area's builders (tests/builders), bound to the ``app`` fixture's database."""
    return builders()


@pytest.fixture
def signed_in(client):
    def _sign_in(user: User):
        response = sign_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return _sign_in
