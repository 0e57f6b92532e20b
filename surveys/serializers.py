"""Plain dicts for the API; their shape is described in surveys/openapi.py and tested against it."""
from __future__ import annotations

from flask import url_for

from surveys.models import Survey


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def survey_summary(survey: Survey) -> dict:
    opens_at, closes_at = survey.period
    topic = survey.effective_topic
    return {
        "slug": survey.slug,
        "title": survey.title,
        "status": survey.status,
        "consultation": survey.consultation.slug if survey.consultation else None,
        "topic": topic.slug if topic else None,
        "opens_at": _iso(opens_at),
        "closes_at": _iso(closes_at),
        "allows_anonymous": survey.allows_anonymous,
        "url": url_for("surveys.show_survey", slug=survey.slug, _external=True),
        "api_url": url_for("surveys_api.get_survey", slug=survey.slug, _external=True),
    }


def survey_detail(survey: Survey) -> dict:
    return {
        **survey_summary(survey),
        "intro_html": survey.intro_html,
        "sections": [{
            "id": section.id, "title": section.title, "show_if": section.show_if,
            "questions": [{
                "id": q.id, "kind": q.kind, "text": q.text, "help": q.help, "required": q.is_required,
                "options": [{"value": o["value"], "label": o["label"]} for o in q.options or []],
                "settings": q.settings or {}, "show_if": q.show_if,
            } for q in section.questions],
        } for section in survey.sections],
    }
