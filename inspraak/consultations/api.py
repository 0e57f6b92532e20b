"""Consultations in the open data API (GET only). A bearer token shows its holder's drafts too."""
from __future__ import annotations

from flask import g, jsonify, request

from inspraak.api import api_blueprint, page_arguments, page_items
from inspraak.caching import public_page
from inspraak.consultations import serializers, services
from inspraak.consultations.models import ConsultationStatus
from inspraak.consultations.permissions import can_view_consultation
from inspraak.errors import render_error

bp = api_blueprint("consultations_api", __name__)


@bp.get("/consultations")
@public_page("consultation", "topic")
def list_consultations():
    page, per_page = page_arguments()
    # A parameter that is given must be valid (an empty one too): the API is strict.
    status = None
    if "status" in request.args:
        try:
            status = ConsultationStatus(request.args["status"])
        except ValueError:
            return render_error(400, f"status must be one of: {', '.join(s.value for s in ConsultationStatus)}.")
    topic = None
    if "topic" in request.args:
        topic = services.topic_by_slug(request.args["topic"])
        if topic is None:
            return render_error(400, "Unknown topic.")
    result = services.consultations_visible_to(g.api_user, topic=topic, status=status, page=page, per_page=per_page)
    return jsonify({
        "items": [serializers.consultation_summary(c) for c in page_items(result, page)],
        "page": page, "per_page": per_page, "total": result.total or 0, "pages": result.pages,
    })


@bp.get("/consultations/<slug>")
@public_page("consultation", "topic", "consultation_document")
def get_consultation(slug: str):
    consultation = services.consultation_by_slug(slug)
    if consultation is None or not can_view_consultation(g.api_user, consultation):
        return render_error(404, "No such consultation.")
    return jsonify(serializers.consultation_detail(consultation))
