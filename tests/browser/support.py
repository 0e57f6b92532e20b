"""Helpers for the browser journeys: a phone that audits every page it shows, and the outbox.

Kept apart from ``conftest.py`` so the journeys can import the constants; it imports
Playwright and axe only inside functions, so collecting this folder without them works
(the conftest then skips every test with the reason).
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

CHROMIUM_PATH = Path("/usr/bin/chromium")
# Downloading Playwright's own browsers is not possible here: always Debian's Chromium.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
PHONE_VIEWPORT = {"width": 375, "height": 812}
LOCALE = "nl-NL"
LAPTOP_VIEWPORT = {"width": 1280, "height": 800}
# 400% zoom of a 1280 px wide window: 320 CSS pixels (WCAG 1.4.10 Reflow).
REFLOW_VIEWPORT = {"width": 320, "height": 256}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# Set INSPRAAK_SCREENSHOTS=/tmp/inspraak-shots to keep a full-page phone screenshot of every audited page.
SCREENSHOT_ENV = "INSPRAAK_SCREENSHOTS"

# Response headers that describe the transfer, not the page; they do not fit a replayed body.
_TRANSFER_HEADERS = {"content-length", "content-encoding", "transfer-encoding", "set-cookie", "connection"}


class AccessibilityAuditor:
    """Runs axe-core on exactly the DOM a phone user without JavaScript was shown.

    What we found (Chromium 14x, Playwright 1.5x, axe-core 4.12):

    * **Content-Security-Policy** (``script-src 'self'``, no ``unsafe-inline``/``unsafe-eval``)
      is *not* a problem: ``Axe().run`` injects axe with ``page.evaluate``, which goes over
      the DevTools protocol and is not subject to the page's CSP. No ``bypass_csp`` needed.
    * **JavaScript disabled** *is* a problem: ``page.evaluate`` still runs (Playwright uses the
      DevTools protocol), but Chromium's script-execution switch also stops timers, and
      axe schedules its checks with ``setTimeout``. ``axe.run`` never settles and
      ``page.evaluate`` (which has no timeout) hangs forever. Re-enabling scripts from a
      second DevTools session does not help either.

    So the audit happens in a second browser context that has JavaScript enabled (needed
    only for axe itself), the same phone viewport and locale, and no cookies. For every page
    a journey reaches, the auditor takes the user's page's **live DOM** (``page.content()``;
    with JavaScript off that is exactly what the server sent, parsed) and serves it at the
    **same URL** with the **same status and response headers** -- the app's CSP included --
    by intercepting that one document request. Stylesheets, the favicon and other
    subresources come from the live server, so colours, layout and reflow at 375 px are
    the real ones (contrast and target-size checks depend on them). Any other document and
    every script request is aborted: a user with JavaScript disabled never runs page scripts,
    so neither does the audit copy. We do not re-request the URL, because a second request
    would not be the page the user saw (flash messages are gone, a POST's error page cannot
    be fetched again, CSRF tokens differ, a one-time link is spent).
    """

    def __init__(self, browser, viewport: dict | None = None, *, bypass_csp: bool = False) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.context = browser.new_context(viewport=viewport or PHONE_VIEWPORT, java_script_enabled=True,
                                           locale=LOCALE, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self._snapshot: _Snapshot | None = None

    def _route(self, route) -> None:
        request = route.request
        snapshot = self._snapshot
        if request.resource_type == "document":
            if snapshot is not None and urldefrag(request.url).url == urldefrag(snapshot.url).url:
                route.fulfill(status=snapshot.status, headers=snapshot.headers, body=snapshot.html)
            else:
                route.abort()
        elif request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    def audit(self, page, response) -> list[dict]:
        """Return axe's violations for the page ``page`` shows, which ``response`` delivered."""
        return self.audit_snapshot(snapshot_of(page, response))

    def show(self, snapshot: "_Snapshot") -> None:
        """Load ``snapshot`` (the user's DOM, status and headers) at its own URL in the audit page."""
        if urldefrag(self.page.url).url == urldefrag(snapshot.url).url:
            # Only the fragment would differ (a form posted to "page#errors" redirects to "page"):
            # the browser would scroll instead of loading, so leave the page first.
            self.page.goto("about:blank")
        self._snapshot = snapshot
        try:
            replay = self.page.goto(snapshot.url, wait_until="load")
            assert replay is not None and replay.status == snapshot.status, "the audit copy was not served"
        finally:
            self._snapshot = None

    def audit_snapshot(self, snapshot: "_Snapshot") -> list[dict]:
        self.show(snapshot)
        return self.axe.run(self.page, options=AXE_OPTIONS).response["violations"]

    def close(self) -> None:
        self.context.close()


@dataclass
class _Snapshot:
    url: str
    status: int
    headers: dict
    html: str


def snapshot_of(page, response) -> _Snapshot:
    """What ``page`` shows now (its live DOM), with the status and headers ``response`` delivered."""
    headers = {name: value for name, value in response.all_headers().items() if name.lower() not in _TRANSFER_HEADERS}
    return _Snapshot(url=page.url, status=response.status, headers=headers, html=page.content())


# WCAG 1.4.12 Text Spacing: the overrides a user may apply; nothing may be lost with them.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, label, legend, td, th { margin-bottom: 2em !important; }
"""

# Where the page is wider than the window (horizontal scrolling) and which text boxes cut
# their text off; an empty result is a pass.
_REFLOW_PROBE = r"""
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = (el) => {
    const r = el.getBoundingClientRect();
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ` [${Math.round(r.left)}..${Math.round(r.right)}]`;
  };
  const problems = [];
  if (root.scrollWidth > width + 1) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${width}px window`);
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) {
        // the innermost culprits tell most: skip an element whose child is also too wide
        const childTooWide = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
        if (!childTooWide) culprits.push(describe(el));
      }
      if (culprits.length >= 6) break;
    }
    problems.push(...culprits.map(c => '  too wide: ' + c));
  }
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(style.overflowX) && !['hidden', 'clip'].includes(style.overflowY)) continue;
    if (el.clientWidth <= 2 || el.clientHeight <= 2 || !el.textContent.trim()) continue;  // visually hidden
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      problems.push('  text cut off: ' + describe(el));
    }
  }
  return problems;
}
"""


class ReflowChecker(AccessibilityAuditor):
    """Shows a snapshot at 320 CSS pixels (400% zoom) and reports horizontal scrolling and
    cut-off text, as served and with the text-spacing overrides (the page's CSP is bypassed
    only here, to add the user style sheet)."""

    def __init__(self, browser) -> None:
        super().__init__(browser, REFLOW_VIEWPORT, bypass_csp=True)

    def problems(self, snapshot: _Snapshot) -> list[str]:
        self.show(snapshot)
        found = [f"at 320px: {line}" for line in self.page.evaluate(_REFLOW_PROBE)]
        self.page.add_style_tag(content=TEXT_SPACING_CSS)
        found += [f"at 320px with text spacing (1.4.12): {line}" for line in self.page.evaluate(_REFLOW_PROBE)]
        return found


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.x A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation.get('help')}  [{violation.get('helpUrl')}]")
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target {target}: {summary[:300]}")
        if len(violation.get("nodes", [])) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


class Phone:
    """One person's phone: a browser context (own cookies) with JavaScript disabled.

    Every navigation goes through ``goto``, ``follow`` or ``submit``, which wait for the
    page and audit it with axe. A listener counts the pages the phone was shown; the
    fixture checks at the end of a passing test that none escaped the audit.
    """

    def __init__(self, browser, base_url: str, auditor: AccessibilityAuditor, label: str,
                 shots_dir: Path | None = None) -> None:
        self.base_url = base_url
        self.auditor = auditor
        self.label = label
        self.shots_dir = shots_dir
        self.context = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False, locale=LOCALE)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.pages_shown: list[str] = []
        self.pages_audited: list[str] = []
        self._last_response = None
        self.page.on("response", self._on_response)

    # -- bookkeeping ------------------------------------------------------------
    def _on_response(self, response) -> None:
        request = response.request
        if (request.resource_type == "document" and request.is_navigation_request()
                and request.frame == self.page.main_frame and not 300 <= response.status < 400):
            self._last_response = response
            self.pages_shown.append(response.url)

    def unaudited_pages(self) -> list[str]:
        return self.pages_shown[len(self.pages_audited):] if len(self.pages_audited) < len(self.pages_shown) else []

    # -- navigation -------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if urlsplit(path).scheme else self.base_url + path

    def goto(self, path: str, *, status: int = 200):
        response = self.page.goto(self.url(path))
        assert response is not None
        assert response.status == status, f"GET {path}: expected HTTP {status}, got {response.status} ({self.page.url})"
        self.check()
        return response

    def follow(self, locator) -> None:
        """Click a link or a submit button that loads a new page, then audit that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    submit = follow

    def check(self) -> None:
        """Audit the page now shown; fail with a readable list of violations."""
        self.page.wait_for_load_state("load")
        if len(self.pages_audited) >= len(self.pages_shown):
            raise AssertionError(f"no new page to audit at {self.page.url}")
        self.pages_audited.append(self.page.url)
        self._screenshot()
        violations = self.auditor.audit(self.page, self._last_response)
        assert not violations, describe_violations(self.page.url, violations)

    def _screenshot(self) -> None:
        if self.shots_dir is None:
            return
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        path = urlsplit(self.page.url).path.strip("/").replace("/", "_") or "home"
        name = f"{self.label}-{len(self.pages_audited):02d}-{path[:60]}.png"
        self.page.screenshot(path=str(self.shots_dir / name), full_page=True)

    # -- conveniences -------------------------------------------------------------
    @property
    def html_lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    def sign_in(self, email: str, password: str) -> None:
        self.goto("/account/inloggen")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord", exact=True).fill(password)
        self.submit(self.page.locator("main").get_by_role("button", name="Inloggen"))
        assert self.page.get_by_text("U bent ingelogd.").is_visible(), f"sign-in as {email} failed: {self.page.url}"

    def close(self) -> None:
        self.context.close()


def screenshots_dir() -> Path | None:
    value = os.environ.get(SCREENSHOT_ENV)
    return Path(value) if value else None


def latest_mail_to(outbox: Path, address: str, *, wait_seconds: float = 5.0):
    """The newest message in the development outbox addressed to ``address`` (an EmailMessage)."""
    deadline = time.monotonic() + wait_seconds
    parser = BytesParser(policy=policy.default)
    while True:
        # Outbox file names start with a UTC timestamp, so name order is sending order.
        for path in sorted(outbox.glob("*.eml"), reverse=True):
            message = parser.parsebytes(path.read_bytes())
            recipients = [addr.lower() for _name, addr in getaddresses(message.get_all("To", []))]
            if address.lower() in recipients:
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {address} in {outbox}")
        time.sleep(0.1)


def link_in(message, path_fragment: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://\S*" + re.escape(path_fragment) + r"\S*", body)
    assert match, f"no link containing {path_fragment!r} in the mail:\n{body}"
    return match.group(0)
