"""The accessibility audit itself is tested: it must see what the phone shows, nothing else.

See ``support.AccessibilityAuditor`` for why axe runs on a replayed copy of the page.
"""
from __future__ import annotations

import pytest

from .support import describe_violations

pytestmark = pytest.mark.browser


def test_the_audit_sees_the_page_the_phone_shows(phone, auditor):
    visitor = phone("visitor")
    response = visitor.goto("/")  # audited (and clean) on the way

    # Change the phone's own DOM (Playwright may, page scripts could not) in ways axe must notice.
    # The inline script must not run in the audit copy: the app's CSP forbids it there too.
    visitor.page.evaluate("""() => {
        document.documentElement.removeAttribute('lang');
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<img src="/static/favicon.svg"><p id="probe">as served</p>' +
            '<script>document.getElementById("probe").textContent = "script ran";</script>');
    }""")
    violations = auditor.audit(visitor.page, response)

    found = {violation["id"] for violation in violations}
    assert {"html-has-lang", "image-alt"} <= found, describe_violations(visitor.page.url, violations)
    assert "image-alt" in describe_violations(visitor.page.url, violations)
    copy = auditor.page
    assert copy.url == visitor.page.url
    assert copy.locator("#probe").inner_text() == "as served"
    # The copy is laid out with the app's stylesheet at the phone's width.
    assert copy.evaluate("getComputedStyle(document.body).fontSize") == "17px"
    assert copy.viewport_size == visitor.page.viewport_size == {"width": 375, "height": 812}


def test_a_page_left_unaudited_is_noticed(phone):
    visitor = phone("visitor")
    visitor.goto("/")
    visitor.page.get_by_role("link", name="Privacy").first.click()
    visitor.page.wait_for_load_state("load")
    assert visitor.unaudited_pages() == [visitor.page.url]
    visitor.check()
    assert visitor.unaudited_pages() == []
