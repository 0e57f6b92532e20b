"""The hostile corpus rendered in Chromium: no payload runs, whatever page shows it.

Every string of ``tests/hostile/corpus.json`` is stored through the services where people
put text that others read: a consultation (title, summary, Markdown body), a user's and
an organisation's name (the admin list), an event (title, description, agenda, place) and
a sign-up's motivation (the organiser's participant list). Then every page showing them is
opened in Chromium **with JavaScript enabled and the page's Content-Security-Policy
bypassed**, so that only the escaping and cleaning stand between a payload and running:
the payloads call ``alert(1)``, and a dialog hook must never fire. Each page's live DOM
(after the HTML parser, so mutation XSS counts) must hold no script, frame, object, base
or style element of a user's, no event-handler attribute and no script URL, and every
response still carries the CSP that production relies on.
"""
from __future__ import annotations

import threading

import pytest

from tests.helpers import PASSWORD, hostile_strings, make_app

pytestmark = pytest.mark.slow

SCAN = """() => {
  const bad = [];
  const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster'];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toUpperCase();
    if (['SCRIPT', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE', 'STYLE'].includes(tag)
        && !(tag === 'SCRIPT' && (el.getAttribute('src') || '').startsWith('/static/'))) bad.push(tag);
    if (tag === 'META' && el.hasAttribute('http-equiv')) bad.push('META http-equiv');
    for (const a of el.attributes) {
      const v = a.value.replace(/\\s/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(tag + ' ' + a.name);
      if (a.name === 'style') bad.push(tag + ' style');
      if (urls.includes(a.name) && (v.startsWith('javascript:') || v.startsWith('vbscript:')
          || (v.startsWith('data:') && !(tag === 'IMG' && v.startsWith('data:image/'))))) bad.push(tag + ' ' + a.name);
    }
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The app over HTTP (SQLite file) holding every corpus string where others read it."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from inspraak.accounts.models import OrganisationCategory, Role
    from inspraak.errors import DomainError
    from inspraak.extensions import db
    from inspraak.roundtables.models import ParticipantCategory, RoundtableMode
    from tests.builders import builders

    tmp = tmp_path_factory.mktemp("hostile")
    app = make_app(tmp, create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/hostile.sqlite3",
                   SQLALCHEMY_ENGINE_OPTIONS={}, RATELIMIT_ENABLED=False)
    pages: list[tuple[str, str]] = []  # (who looks, path)
    with app.app_context():
        from inspraak.consultations.topics import ensure_topics

        db.create_all()
        ensure_topics()
        build = builders()
        officer = build.user(Role.POLICY_OFFICER, email="officer@example.org")
        build.user(Role.ADMIN, email="admin@example.org")
        event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={ParticipantCategory.CITIZEN: 500})
        event_id = event.id
        for number, (label, value) in enumerate(hostile_strings()):
            if len(value) > 100_000 or "\x00" in value:
                continue  # refused by every form (length, NUL): tests/hostile/test_forms.py
            short = value.strip()[:200] or f"Leeg {number}"
            try:
                consultation = build.consultation(officer, status="open", title=short, body=value)
                pages.append(("anonymous", f"/consultaties/{consultation.slug}"))
            except (DomainError, ValueError):
                pass
            try:
                build.user(Role.ORGANISATION, email=f"persoon{number}@example.org", name=value[:200],
                           organisation=value[:200], category=OrganisationCategory.NGO)
            except DomainError:
                pass
            try:
                other = build.roundtable(officer, title=short, place=value.strip()[:300] or None)
                pages.append(("anonymous", f"/rondetafels/{other.id}"))
            except DomainError:
                pass
            person = build.user(email=f"deelnemer{number}@example.org", name=f"Deelnemer {number}")
            try:
                build.sign_up(person, event, motivation=value[:1500])
            except DomainError:
                pass
        pages += [("anonymous", "/consultaties/"), ("anonymous", "/consultaties/?pagina=2"),
                  ("anonymous", "/rondetafels/"), ("officer", f"/rondetafels/{event_id}/deelnemers")]
        pages += [("admin", f"/account/beheer/gebruikers?pagina={n}") for n in range(1, 6)]
        pages += [("admin", "/account/beheer/organisaties")]

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", pages
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def test_no_hostile_string_runs_in_chromium(chromium, hostile_server):
    base_url, pages = hostile_server
    assert len(pages) > 200
    dialogs, problems = [], []
    contexts = {}
    for who in ("anonymous", "officer", "admin"):
        context = chromium.new_context(base_url=base_url, java_script_enabled=True, bypass_csp=True)
        context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        if who != "anonymous":
            response = context.request.post("/account/inloggen", form={"email": f"{who}@example.org",
                                                                        "password": PASSWORD}, max_redirects=0)
            assert response.status == 302
        contexts[who] = context
    tabs = {who: context.new_page() for who, context in contexts.items()}
    try:
        for who, path in pages:
            page = tabs[who]
            response = page.goto(path, wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response and response.status}")
                continue
            csp = response.headers.get("content-security-policy", "")
            if "script-src 'self'" not in csp or "unsafe-inline" in csp:
                problems.append(f"{path}: CSP missing or weakened ({csp[:60]!r})")
            bad = page.evaluate(SCAN)
            if bad:
                problems.append(f"{path}: {sorted(set(bad))[:5]}")
    finally:
        for context in contexts.values():
            context.close()
    assert not dialogs, f"a payload ran (alert dialogs: {dialogs[:5]})"
    assert not problems, "\n".join(problems[:30])
