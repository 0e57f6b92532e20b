"""Real-browser fixtures: the app served over HTTP, Debian's Chromium, phones without JavaScript.

Self-contained on purpose: nothing here depends on ``tests/conftest.py``.

* ``live_server`` (session): the real app from ``create_app`` on 127.0.0.1 and a free port,
  with a temporary SQLite *file* (the server answers from other threads), real CSRF,
  a copy of the demo content (``tests.helpers.demo_template``: seeded once per run) and
  the development outbox in a temporary folder.
* ``chromium`` (session): Debian's ``/usr/bin/chromium`` through Playwright.
* ``auditor`` (session): runs axe-core on the pages the phones are shown (see
  ``support.AccessibilityAuditor`` for why and how).
* ``phone``: a factory; ``phone("citizen")`` is a fresh 375x812 context, JavaScript
  disabled, Dutch locale, that audits every page it loads.

Without ``/usr/bin/chromium`` (or Playwright, or axe-playwright-python) every test in
this folder is reported as skipped, with the reason.
"""
from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import pytest

from .support import CHROMIUM_ARGS, CHROMIUM_PATH, AccessibilityAuditor, Phone, screenshots_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _skip_reason() -> str | None:
    if not CHROMIUM_PATH.exists():
        return f"{CHROMIUM_PATH} is missing: install Debian's chromium to run the browser journeys"
    for module, package in (("playwright", "playwright"), ("axe_playwright_python", "axe-playwright-python")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed: pip install -e '.[dev]' to run the browser journeys"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"browser_report_{report.when}", report)


def _compile_translations(target: Path) -> Path:
    """Compile the .po catalogues as ``make translations`` does (fuzzy included), into ``target``.

    The browser tests then never depend on a stale or missing ``messages.mo`` in the
    source tree (``*.mo`` is not committed).
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = ROOT / "inspraak" / "translations"
    for po_path in source.glob("*/LC_MESSAGES/*.po"):
        out = target / po_path.relative_to(source).with_suffix(".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with out.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=True)
    return target


class LiveServer:
    def __init__(self, app, server, outbox: Path) -> None:
        self.app = app
        self.server = server
        self.outbox = outbox
        self.url = f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import WSGIRequestHandler, make_server

    import config
    from inspraak import create_app
    from inspraak.extensions import db
    from tests.helpers import demo_template

    tmp = tmp_path_factory.mktemp("browser")
    settings = config.TestConfig()
    settings.INSTANCE_PATH = tmp / "instance"
    settings.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp}/browser.sqlite3"
    settings.SQLALCHEMY_ENGINE_OPTIONS = {}
    settings.MAIL_OUTBOX = tmp / "outbox"
    settings.UPLOAD_FOLDER = tmp / "uploads"
    settings.WTF_CSRF_ENABLED = True  # the real thing: every form carries its token
    settings.RATELIMIT_ENABLED = False
    settings.BABEL_TRANSLATION_DIRECTORIES = str(_compile_translations(tmp / "translations"))
    # The demo content: a copy of what inspraak.demo.seed() made once for this run.
    demo = demo_template()
    demo.copy_database_to(tmp / "browser.sqlite3")
    demo.copy_files_to(settings)
    app = create_app(settings)

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):  # pytest shows app errors; access logs are noise
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="inspraak-browser-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, server, settings.MAIL_OUTBOX)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def auditor(chromium):
    auditor = AccessibilityAuditor(chromium)
    yield auditor
    auditor.close()


@pytest.fixture
def phone(request, chromium, live_server, auditor):
    """Factory: ``phone("label")`` opens a fresh phone (own cookies); all are closed afterwards."""
    phones: list[Phone] = []
    shots = screenshots_dir()

    def open_phone(label: str = "phone") -> Phone:
        device = Phone(chromium, live_server.url, auditor, f"{request.node.name}-{label}", shots)
        phones.append(device)
        return device

    yield open_phone
    call_report = getattr(request.node, "browser_report_call", None)
    try:
        if call_report is not None and call_report.passed:
            unaudited = {device.label: device.unaudited_pages() for device in phones if device.unaudited_pages()}
            assert not unaudited, f"pages shown without an axe audit: {unaudited}"
    finally:
        for device in phones:
            device.close()
