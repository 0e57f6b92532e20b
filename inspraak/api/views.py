"""GET-only JSON endpoints. A bearer token shows its holder's drafts too."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request, url_for

from inspraak.accounts.services import user_for_api_token
from inspraak.api import serializers
from inspraak.api.openapi import openapi_document
from inspraak.consultations import services
from inspraak.consultations.models import ConsultationStatus
from inspraak.consultations.permissions import can_view_consultation
from inspraak.errors import render_error
from inspraak.web import MAX_PAGE

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def authenticate_token():
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return render_error(401, "Use 'Authorization: Bearer <token>'.")
    g.api_user = user_for_api_token(secret.strip())
    if g.api_user is None:
        return render_error(401, "The API token is invalid or revoked.")
    return None


@bp.after_request
def cors_and_cache(response):
    # Open data: any site may read it; nothing here uses cookies.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Authorization"
    anonymous_success = response.status_code == 200 and "Authorization" not in request.headers
    response.headers["Cache-Control"] = "public, max-age=60" if anonymous_success else "private, no-store"
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="inspraak"'
    return response


@bp.get("/openapi.json")
def get_openapi():
    return jsonify(openapi_document(url_for("api.list_consultations", _external=True).rsplit("/consultations", 1)[0]))


@bp.get("/consultations")
def list_consultations():
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 20))
    except ValueError:
        return render_error(400, "page and per_page must be whole numbers.")
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= 100:
        return render_error(400, f"page must be between 1 and {MAX_PAGE} and per_page between 1 and 100.")
    status = None
    if request.args.get("status"):
        try:
            status = ConsultationStatus(request.args["status"])
        except ValueError:
            return render_error(400, f"status must be one of: {', '.join(s.value for s in ConsultationStatus)}.")
    topic = None
    if request.args.get("topic"):
        topic = services.topic_by_slug(request.args["topic"])
        if topic is None:
            return render_error(400, "Unknown topic.")
    result = services.consultations_visible_to(g.api_user, topic=topic, status=status, page=page, per_page=per_page)
    return jsonify({
        "items": [serializers.consultation_summary(c) for c in result.items],
        "page": page, "per_page": per_page, "total": result.total or 0, "pages": result.pages,
    })


@bp.get("/consultations/<slug>")
def get_consultation(slug: str):
    consultation = services.consultation_by_slug(slug)
    if consultation is None or not can_view_consultation(g.api_user, consultation):
        return render_error(404, "No such consultation.")
    return jsonify(serializers.consultation_detail(consultation))
