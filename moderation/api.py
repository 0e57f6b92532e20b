"""The public responses of a consultation in the open data API: the same content as its
"Reacties" page (approved answers only, redactions applied, name only when chosen)."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from inspraak.api import api_blueprint, page_arguments, page_items
from inspraak.consultations import services as consultation_services
from inspraak.consultations.permissions import can_view_consultation
from inspraak.errors import render_error
from moderation import publication
from surveys.models import respondent_categories

bp = api_blueprint("moderation_api", __name__)


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def public_answer(consultation, answer: publication.PublicAnswer) -> dict:
    return {
        "id": answer.item_id,
        "question": {"id": answer.question_id, "text": answer.question_text},
        "author": answer.author if answer.is_named else None,
        "category": answer.category,
        "category_label": answer.category_label,
        "text": answer.text,
        "file": None if answer.filename is None else {
            "filename": answer.filename, "size_bytes": answer.size_bytes,
            "url": url_for("moderation.download_published_paper", slug=consultation.slug, item_id=answer.item_id,
                           _external=True)},
        "submitted_at": _iso(answer.submitted_at),
    }


@bp.get("/consultations/<slug>/responses")
def list_responses(slug: str):
    consultation = consultation_services.consultation_by_slug(slug)
    if consultation is None or consultation.is_draft or not can_view_consultation(g.api_user, consultation):
        return render_error(404, "No such consultation.")
    page, per_page = page_arguments()
    question_id = None
    if "question" in request.args:
        value = request.args["question"]
        if not value.isdigit() or len(value) > 18:
            return render_error(400, "question must be a question id.")
        question_id = int(value)
    category = None
    if "category" in request.args:
        category = request.args["category"]
        if category not in {value for value, _label in respondent_categories()}:
            return render_error(400, "Unknown category.")
    search = request.args.get("q", "").strip()[:200] or None
    result = publication.published_answers(consultation, question_id=question_id, category=category, search=search,
                                           page=page, per_page=per_page)
    return jsonify({
        "items": [public_answer(consultation, a) for a in page_items(result, page)],
        "page": page, "per_page": per_page, "total": result.total, "pages": result.pages,
    })
