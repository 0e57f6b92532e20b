"""Pages that belong to no single area: home, language switch, statements."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, session, url_for

from inspraak.areas import Area
from inspraak.caching import public_page
from inspraak.consultations import services as consultation_services
from inspraak import glossary
from inspraak.organisation import LOGO_TYPES, installation_organisation
from inspraak.web import safe_next_url

bp = Blueprint("main", __name__)


@bp.get("/")
@public_page("consultation", "topic")
def show_home():
    return render_template("main/home.html", consultations=consultation_services.open_consultations(limit=6))


@bp.get("/taal/<code>")
def set_language(code: str):
    """Switch the interface language: a link, so it changes only this browser (session and
    cookie), never stored data. Signing in stores the choice on the account (for mail)."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    response = redirect(safe_next_url(request.args.get("volgende"), url_for("main.show_home")))
    response.set_cookie("inspraak_taal", code, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.get("/privacy")
def show_privacy():
    return render_template("main/privacy.html")


@bp.get("/toegankelijkheid")
def show_accessibility():
    return render_template("main/accessibility.html")


@bp.get("/analyse-van-reacties")
def show_analysis_data():
    """How Inspraak handles what the automatic analysis of responses produces."""
    return render_template("main/analysis_data.html")


@bp.get("/begrippen")
def show_glossary():
    return render_template("main/glossary.html", entries=glossary.entries())


@bp.get("/open-data")
def show_open_data():
    """A page for people: what the open-data API offers, with the OpenAPI document linked."""
    return render_template("main/open_data.html")


@bp.get("/organisatie/logo")
def show_organisation_logo():
    organisation = installation_organisation()
    if organisation.logo_path is None:
        abort(404)
    return send_file(organisation.logo_path, mimetype=LOGO_TYPES[organisation.logo_path.suffix.lower()], max_age=86400)


# Machine-readable files at the site's root. Staff, account and API paths hold nothing for
# a search engine; the public pages (consultations, surveys, results, roundtables) do.
ROBOTS_TXT = """User-agent: *
Disallow: /account/
Disallow: /beheer/
Disallow: /moderatie/
Disallow: /api/
Disallow: /taal/
Disallow: /enquetes/*/invullen
"""


def _text(body: str, max_age: int):
    response = current_app.response_class(body, mimetype="text/plain")
    response.cache_control.public, response.cache_control.max_age = True, max_age
    return response


@bp.get("/robots.txt")
def show_robots_txt():
    return _text(ROBOTS_TXT, 86400)


@bp.get("/.well-known/security.txt")
def show_security_txt():
    """RFC 9116: where to report a vulnerability (``INSPRAAK_SECURITY_CONTACT``), in which
    languages, and until when this file holds (``INSPRAAK_SECURITY_TXT_EXPIRES``)."""
    from datetime import datetime, timezone

    config = current_app.config
    contact = config["SECURITY_CONTACT"]
    if "@" in contact and ":" not in contact:
        contact = f"mailto:{contact}"
    expires = config.get("SECURITY_TXT_EXPIRES")
    if not expires:
        today = datetime.now(timezone.utc)
        expires = today.replace(year=today.year + 1, day=1, hour=0, minute=0, second=0, microsecond=0).isoformat()
    lines = [f"Contact: {contact}", f"Expires: {expires}", "Preferred-Languages: nl, en",
             f"Canonical: {url_for('main.show_security_txt', _external=True)}"]
    return _text("\n".join(lines) + "\n", 86400)


@bp.get("/favicon.ico")
def show_favicon():
    """Browsers and feed readers ask for /favicon.ico whatever the page links; the icon is an SVG."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


AREA = Area(name="main", blueprint=bp)
