"""Surveys in the open data API: published surveys with their questions, and imports of
responses collected on paper or at a partner's stand (bearer token of the survey's
policy officer or an admin, as for its other management pages). The import shares its service and validation with the web form."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from inspraak.api import api_blueprint, page_arguments, page_items
from inspraak.caching import public_page
from inspraak.database import utcnow
from inspraak.errors import api_error, render_error
from surveys import serializers, services
from surveys.permissions import can_import_responses, can_view_survey

bp = api_blueprint("surveys_api", __name__)


def _visible(slug: str):
    survey = services.survey_by_slug(slug)
    if survey is None or survey.is_draft or not can_view_survey(g.api_user, survey):
        return None
    return survey


# What the survey API reads (inspraak.caching).
TABLES = ("survey", "survey_section", "survey_question", "topic", "consultation")


@bp.get("/surveys")
@public_page(*TABLES)
def list_surveys():
    page, per_page = page_arguments()
    result = services.public_surveys(page=page, per_page=per_page)
    response = jsonify({"items": [serializers.survey_summary(s) for s in page_items(result, page)],
                        "page": page, "per_page": per_page, "total": result.total or 0, "pages": result.pages})
    links = [f'<{url_for("surveys_api.list_surveys", page=number, per_page=per_page, _external=True)}>; rel="{rel}"'
             for rel, number, exists in (("prev", page - 1, result.has_prev), ("next", page + 1, page < result.pages))
             if exists]
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


@bp.get("/surveys/<slug>")
@public_page(*TABLES)
def get_survey(slug: str):
    survey = _visible(slug)
    if survey is None:
        return render_error(404, "No such survey.")
    return jsonify(serializers.survey_detail(survey))


@bp.post("/surveys/<slug>/responses")
def import_response(slug: str):
    if g.api_user is None:
        return render_error(401, "Importing responses needs the bearer token of the survey's policy officer or an admin.")
    survey = _visible(slug)
    if survey is None:
        return render_error(404, "No such survey.")
    if not can_import_responses(g.api_user, survey):
        return render_error(403, "Only the survey's policy officer and admins may import responses into it.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("respondent", {}), dict) \
            or not isinstance(body.get("answers", {}), dict):
        return render_error(400, "Send a JSON object with submission_token, respondent and answers.")
    respondent = body.get("respondent") or {}
    raw, bad_keys = {}, {}
    for key, value in (body.get("answers") or {}).items():
        if str(key).isdigit():
            raw[int(key)] = value
        else:
            # Named as sent, but with a character that cannot be encoded (a lone surrogate) escaped.
            bad_keys[key.encode("utf-8", "backslashreplace").decode("utf-8")] = "Answers are keyed by question id."
    profile = services.RespondentProfile(
        category=respondent.get("category"), organisation=respondent.get("organisation"), name=respondent.get("name"),
        province=respondent.get("province"), publication=respondent.get("publication"))
    try:
        if bad_keys:
            raise services.AnswerErrors(bad_keys)
        response, created = services.import_response(survey, g.api_user, submission_token=body.get("submission_token"),
                                                      profile=profile, raw=raw, now=utcnow())
    except services.AnswerErrors as error:
        return api_error(422, "Unprocessable Content", error.message, errors=error.errors)
    except services.DomainError as error:
        return render_error(409, error.message)
    return jsonify({"reference": response.reference, "created": created}), 201 if created else 200
