"""Every page in the crawl (issue 12): each role, every GET route reachable from the
navigation and the links, audited at 375x812 and at 1280x800 with axe-core (WCAG 2.0, 2.1
and 2.2, levels A and AA), and checked for reflow at 640 and 320 CSS pixels (200% and 400%
zoom), at 320 also with the WCAG 1.4.12 text-spacing overrides.

The crawl is generic: it starts at the home page, follows every same-site link, and maps
each URL to its route in ``app.url_map``. A page is audited once per route pattern (the
first URL found; the home page once per role, because the menu differs). Files (PDF, JSON,
CSV, XLSX, iCalendar, images) are fetched and must answer 200, but are not pages.

At the end every GET route of the app must have been visited by some role, or be listed in
``SKIPPED`` with the reason. A new page that nobody links to, or that breaks, fails here.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from .support import (
    LAPTOP_VIEWPORT, LOCALE, PHONE_VIEWPORT, AccessibilityAuditor, ReflowChecker, describe_violations,
    screenshots_dir, snapshot_of,
)

PASSWORD = "inspraak-demo-2026"
ROLES = {
    "anonymous": None,
    "participant": "burger@inspraak.example",
    "organisation": "ngo@inspraak.example",
    "moderator": "moderator@inspraak.example",
    "policy_officer": "beleid@inspraak.example",
    "admin": "beheer@inspraak.example",
}
# Pages reached only by a redirect after a POST are not linked; they are visited directly.
SEEDS = ("/account/controleer-uw-mail",)
# Up to this many URLs of one route are opened per role to find links (e.g. a consultation's
# document links); only the first is audited.
MAX_URLS_PER_ROUTE = 6

# Route patterns the crawl does not reach, each with the reason. Keep it short and true.
SKIPPED = {
    "/taal/<code>": "language switch: sets a cookie and redirects to the page it came from (no page of its own)",
    "/account/bevestigen/<token>": "link in the verification mail; redirects to sign-in (test_journeys follows it)",
    "/account/e-mailadres-bevestigen/<token>": "link in the address-change mail (tests/accessibility/test_defects.py)",
    "/account/inloglink/<token>": "link in the sign-in mail, valid once for 15 minutes (tests/accounts)",
    "/account/nieuw-wachtwoord/<token>": "link in the password-reset mail (tests/accounts)",
    "/account/tweestaps": "second sign-in step; the crawl's server runs without two-factor (tests/accounts/test_two_factor.py)",
    "/account/tweestaps/herstelcodes": "shown once after enrolling a second factor (a POST; tests/accounts/test_two_factor.py)",
    "/account/bevestigen": "asked only when a staff sign-in is over 10 minutes old (tests/accounts)",
    "/rondetafels/afmelden/<token>": "personal cancellation link in the confirmation mail (test_roundtable_journeys audits it)",
    "/enquetes/<slug>/verder/<secret>": "private resume link made by 'Opslaan en later verder' (a POST; test_survey_journeys audits it)",
    "/enquetes/<slug>/bewaard": "shown after 'Opslaan en later verder' (a POST; test_survey_journeys audits it)",
    "/enquetes/<slug>/bevestiging/<token>": "receipt after submitting a response (a POST; test_survey_journeys audits it)",
    "/rondetafels/aanmeldingen/<int:registration_id>/uitnodiging.ics": "calendar file of a confirmed seat; no demo account the crawl uses has one (test_roundtable_journeys downloads it)",
    "/robots.txt": "for search engines, linked from no page (tests/core/test_site_files.py)",
    "/.well-known/security.txt": "for security researchers (RFC 9116), linked from no page (tests/core/test_site_files.py)",
    "/favicon.ico": "a redirect to the icon the pages link (tests/core/test_site_files.py)",
    "/organisatie/logo": "only with INSPRAAK_ORGANISATION_LOGO set; the test server has none (tests/accessibility)",
    "/consultaties/<slug>/reacties/<int:item_id>/bestand": "a published position paper (PDF download); the demo has none to moderate (tests/moderation/test_http.py)",
    "/moderatie/<slug>/reacties/<int:item_id>/bestand": "a position paper for moderators (PDF download); the demo has none (tests/moderation/test_http.py)",
}


def _seed_what_the_demo_lacks(app) -> None:
    """The demo's surveys all have answers (their questions are frozen, so the builder's
    pages are not linked): add a draft survey of the demo officer, so they are linked too."""
    from inspraak.accounts.models import User
    from inspraak.extensions import db
    from tests.builders import builders

    with app.app_context():
        build = builders()
        officer = db.session.scalar(db.select(User).where(User.email == ROLES["policy_officer"]))
        survey = build.survey(officer, status="draft", title="Concept: smaakpanel kweekvis")
        build.question(survey, "single_choice", "Heeft u kweekvis geproefd?", options=["Ja", "Nee"], required=True)
        db.session.remove()
# Not pages for people: the JSON API (validated against the OpenAPI document in tests/api)
# and static files.
NOT_PAGES = re.compile(r"^/(api|static)/")



class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("mailto:", "tel:", "#")):
                self.hrefs.append(href)


@dataclass
class CrawlReport:
    visited: dict[str, set[str]] = field(default_factory=dict)  # route pattern -> roles
    audited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def crawl(chromium, live_server):
    app = live_server.app
    adapter = app.url_map.bind("127.0.0.1")
    base = live_server.url
    auditors = {"375x812": AccessibilityAuditor(chromium, PHONE_VIEWPORT),
                "1280x800": AccessibilityAuditor(chromium, LAPTOP_VIEWPORT)}
    reflow = ReflowChecker(chromium)
    report = CrawlReport()
    _seed_what_the_demo_lacks(app)
    audited_routes: set[str] = set()

    def route_of(url: str) -> str | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base:
            return None
        try:
            rule, _args = adapter.match(parts.path, method="GET", return_rule=True)
        except Exception:  # noqa: BLE001 - a 404, a redirect or a POST-only route: not a GET page
            return None
        return rule.rule

    try:
        for role, email in ROLES.items():
            context = chromium.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False, locale=LOCALE)
            context.set_default_timeout(15_000)
            page = context.new_page()
            try:
                if email:
                    page.goto(base + "/account/inloggen")
                    page.get_by_label("E-mailadres").fill(email)
                    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
                    with page.expect_navigation():
                        page.locator("main").get_by_role("button", name="Inloggen").click()
                    assert "U bent ingelogd." in page.content(), f"{role} could not sign in"
                _crawl_role(role, context, page, base, route_of, auditors, reflow, audited_routes, report)
            finally:
                context.close()
    finally:
        for auditor in (*auditors.values(), reflow):
            auditor.close()
    print(f"\ncrawl: {len(report.visited)} GET route patterns visited by {len(ROLES)} roles, "
          f"{len(report.audited)} pages audited at 2 widths and 3 reflow settings, {len(SKIPPED)} routes skipped")
    return report


def _crawl_role(role, context, page, base, route_of, auditors, reflow, audited_routes, report):
    queue = deque([base + "/"] + [base + seed for seed in SEEDS])
    opened: dict[str, int] = {}
    seen_urls: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        route = route_of(url)
        if route is None or NOT_PAGES.match(route) or route in SKIPPED:
            continue
        if opened.get(route, 0) >= MAX_URLS_PER_ROUTE:
            continue
        opened[route] = opened.get(route, 0) + 1
        report.visited.setdefault(route, set()).add(role)

        # A file (PDF, JSON, CSV, ...) must answer, but is not a page to audit.
        probe = context.request.get(url, max_redirects=0)
        content_type = probe.headers.get("content-type", "")
        if 300 <= probe.status < 400:
            target = urljoin(url, probe.headers.get("location", ""))
            queue.appendleft(urldefrag(target).url)
            continue
        if probe.status != 200:
            report.problems.append(f"[{role}] GET {url} answered {probe.status} (linked from a page this role saw)")
            continue
        if not content_type.startswith("text/html"):
            continue

        first_of_route = route not in audited_routes
        if not (first_of_route or route == "/"):
            # Not audited (its route was): only its links are needed, and the probe holds the
            # page as served; with JavaScript off the browser's DOM has the same links.
            _queue_links(probe.text(), url, seen_urls, queue)
            continue

        response = page.goto(url)
        assert response is not None
        if response.status != 200:
            report.problems.append(f"[{role}] GET {url} answered {response.status}")
            continue
        _queue_links(page.content(), page.url, seen_urls, queue)
        audited_routes.add(route)
        report.audited.append(f"{role} {urlsplit(url).path}")
        snapshot = snapshot_of(page, response)
        shots = screenshots_dir()
        name = f"crawl-{role}-{(urlsplit(url).path.strip('/').replace('/', '_') or 'home')[:60]}"
        for size, auditor in auditors.items():
            violations = auditor.audit_snapshot(snapshot)
            if violations:
                report.problems.append(f"[{role} {size}] " + describe_violations(url, violations))
            if shots:
                shots.mkdir(parents=True, exist_ok=True)
                auditor.page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
        report.problems.extend(f"[{role}] {url} {line}" for line in reflow.problems(snapshot))
        if shots:  # as left by the reflow check: 320 px (400% zoom) with the text-spacing overrides
            reflow.page.screenshot(path=str(shots / f"{name}-320-spacing.png"), full_page=True)
        if route == "/":
            # At 1280 px the main menu fits on one line for every role.
            auditors["1280x800"].show(snapshot)
            menu = auditors["1280x800"].page.locator(".site-nav ul")
            items = auditors["1280x800"].page.locator(".site-nav li")
            tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count())) if box}
            if len(tops) > 1:
                report.problems.append(f"[{role} 1280x800] the main menu wraps to {len(tops)} lines")
            assert menu.count() == 1


def _queue_links(html: str, url: str, seen_urls: set[str], queue: deque) -> None:
    links = _Links()
    links.feed(html)
    for href in links.hrefs:
        target = urldefrag(urljoin(url, href)).url
        if target not in seen_urls:
            queue.append(target)


def test_every_page_has_no_accessibility_violations_at_both_widths_and_reflows(crawl):
    assert not crawl.problems, f"{len(crawl.problems)} problem(s) in the crawl:\n" + "\n".join(crawl.problems)


def test_every_get_route_is_crawled_or_skipped_with_a_reason(crawl, live_server):
    routes = {rule.rule for rule in live_server.app.url_map.iter_rules()
              if "GET" in rule.methods and not NOT_PAGES.match(rule.rule)}
    unvisited = sorted(routes - set(crawl.visited) - set(SKIPPED))
    assert not unvisited, ("GET routes no role reached from the navigation and links; link them, or list them in "
                           f"SKIPPED with the reason: {unvisited}")
    stale = sorted(set(SKIPPED) - routes)
    assert not stale, f"SKIPPED names routes that do not exist (any more): {stale}"
    # Every role was really crawled (not only the home page).
    for role in ROLES:
        assert sum(role in roles for roles in crawl.visited.values()) >= 5, f"{role} reached almost nothing"
