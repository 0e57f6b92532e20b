"""Secure defaults: headers, cookies, CSRF on every POST, templates without inline code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspraak.accounts.models import Role
from tests.builders import builders
from tests.helpers import PASSWORD, make_app

ROOT = Path(__file__).resolve().parent.parent


def test_security_headers_on_every_page(client):
    for url in ("/", "/consultaties/", "/account/inloggen", "/bestaat-niet"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        # Public pages of anonymous visitors may be stored and revalidated (ETag); the rest
        # never (inspraak.caching; tests/core/test_caching.py).
        assert headers["Cache-Control"] == ("no-cache" if url in ("/", "/consultaties/") else "no-store")


def test_session_cookie_is_httponly_and_lax(client, build):
    user = build.user()
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("inspraak_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over http; production sets Secure (below)


def test_production_cookies_are_secure(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    assert config.SESSION_COOKIE_NAME.startswith("__Host-") and config.REMEMBER_COOKIE_NAME.startswith("__Host-")


def test_the_production_session_cookie_meets_the_host_prefix_rules(tmp_path):
    """Browsers drop a __Host- cookie unless it is Secure, has Path=/ and no Domain."""
    from tests.builders import builders

    app = make_app(tmp_path, SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-inspraak_session")
    with app.app_context():
        user = builders().user()
        response = app.test_client().post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-inspraak_session="))
    assert "Secure" in cookie and "Path=/" in cookie and "Domain=" not in cookie


@pytest.fixture
def csrf_app(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def _post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/api/"):
            yield rule


def test_every_post_without_a_csrf_token_is_refused(csrf_app):
    build = builders()
    admin = build.user(Role.ADMIN)
    consultation = build.consultation(admin)
    client = csrf_app.test_client()
    # Sign in with a real token first, so refusals are about CSRF and not about sign-in.
    page = client.get("/account/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/account/inloggen", data={"email": admin.email, "password": PASSWORD,
                                                  "csrf_token": token}).status_code == 302
    values = {"slug": consultation.slug, "target": "open", "document_id": 1, "token_id": 1, "user_id": admin.id,
              "token": "x", "section_id": 1, "question_id": 1, "item_id": 1, "part": "vragen", "action": "omhoog",
              "roundtable_id": 1, "registration_id": 1, "assignment_id": 1, "theme_id": 1, "answer_id": 1}
    checked = 0
    for rule in _post_routes(csrf_app):
        # Parameters of routes added later default to 1 (the CSRF check comes before any lookup).
        url = rule.build({name: values.get(name, 1) for name in rule.arguments}, append_unknown=False)[1]
        response = client.post(url, data={})
        assert response.status_code == 400, f"POST {url} accepted without CSRF token"
        assert "Het formulier is verlopen" in response.get_data(as_text=True)
        checked += 1
    assert checked >= 10


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_templates_have_no_inline_script_or_style(path):
    source = path.read_text()
    assert "<script" not in source
    assert not re.search(r"\sstyle\s*=", source)
    assert not re.search(r"\son(click|load|error|submit|change|input|focus|blur|mouse\w+|key\w+)\s*=", source), \
        "inline event handler"
    assert "<style" not in source


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_post_form_carries_a_csrf_token(path):
    source = path.read_text()
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", source, re.S):
        assert "csrf_token" in form, f"{path.name}: a POST form without csrf_token"


def test_user_content_is_escaped(app, build):
    c = build.consultation(status="open", title="<script>alert('titel')</script>")
    page = app.test_client().get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert "<script>alert('titel')</script>" not in page
    assert "&lt;script&gt;" in page


def test_an_id_in_a_path_has_one_spelling(client, build):
    """ASCII digits without leading zeros, up to a database integer: no second address of
    an object (leading zeros, Unicode digits), and no overflow past 2**63 - 1."""
    event = build.roundtable(title="Een tafel")
    assert client.get(f"/rondetafels/{event.id}").status_code == 200
    for spelling in (f"000{event.id}", "%D9%A1", "%EF%BC%91", str(2**63), f"-{event.id}", f"{event.id}.0"):
        assert client.get(f"/rondetafels/{spelling}").status_code == 404, spelling
        assert client.get(f"/api/v1/roundtables/{spelling}").status_code == 404, spelling
