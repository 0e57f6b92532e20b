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


AREA = Area(name="main", blueprint=bp)
