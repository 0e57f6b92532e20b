"""``GET /api/v1/consultations/<slug>/summary``: the summary as JSON, for the API tokens
of the policy officer who owns the consultation and of admins."""
from __future__ import annotations

from flask import g, jsonify

from inspraak.api import api_blueprint
from inspraak.consultations import services as consultation_services
from inspraak.consultations.permissions import can_view_consultation
from inspraak.errors import render_error
from moderation.summaries.dashboard import build_summary
from moderation.summaries.data import summary_document
from moderation.summaries.permissions import can_view_summary

bp = api_blueprint("summaries_api", __name__)


@bp.get("/consultations/<slug>/summary")
def get_summary(slug: str):
    if g.api_user is None:
        return render_error(401, "The summary needs the bearer token of the consultation's policy officer or an admin.")
    consultation = consultation_services.consultation_by_slug(slug)
    if consultation is None or not can_view_consultation(g.api_user, consultation):
        return render_error(404, "No such consultation.")
    if not can_view_summary(g.api_user, consultation):
        return render_error(403, "Only the consultation's policy officer and admins may read its summary.")
    return jsonify(summary_document(build_summary(consultation)))
