"""The consultations' part of the OpenAPI document (paths relative to /api/v1)."""
from __future__ import annotations

from inspraak.api.openapi import DATETIME as _DATETIME, NULLABLE_DATETIME as _NULLABLE_DATETIME, json_response as _json, TEXT
from inspraak.consultations.models import PHASES, ConsultationStatus
from inspraak.web import MAX_PAGE


def _topic_slugs() -> list[str]:
    """The topics that exist now (the document is built per request)."""
    from inspraak.consultations.services import topics

    return [topic.slug for topic in topics()]


def openapi_part() -> dict:
    return {
        "schemas": {
            "Topic": {
                "type": "object",
                "required": ["slug", "name_nl", "name_en"],
                "additionalProperties": False,
                "properties": {
                    "slug": {"type": "string"},
                    "name_nl": {"type": "string"},
                    "name_en": {"type": "string"},
                },
            },
            "Document": {
                "type": "object",
                "required": ["id", "title", "filename", "size_bytes", "page_count", "sha256", "url"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "filename": {"type": "string"},
                    "size_bytes": {"type": "integer", "minimum": 1},
                    "page_count": {"type": "integer", "minimum": 1},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "url": {"type": "string", "format": "uri"},
                },
            },
            "ConsultationSummary": {
                "type": "object",
                "required": ["slug", "title", "summary", "topic", "status", "phase", "accepting_responses", "opens_at",
                             "closes_at", "url", "api_url"],
                "additionalProperties": False,
                "properties": _summary_properties(),
            },
            "Consultation": {
                "type": "object",
                "required": ["slug", "title", "summary", "topic", "status", "phase", "accepting_responses", "opens_at",
                             "closes_at", "url", "api_url", "body_html", "opened_at", "closed_at", "reported_at", "report_html",
                             "documents", "plain_summary", "department", "contact_email"],
                "additionalProperties": False,
                "properties": {
                    **_summary_properties(),
                    "body_html": {"type": "string", "description": "Sanitised HTML rendered from Markdown."},
                    "opened_at": _NULLABLE_DATETIME,
                    "closed_at": _NULLABLE_DATETIME,
                    "reported_at": _NULLABLE_DATETIME,
                    "report_html": {"type": ["string", "null"],
                                    "description": "What was done with the responses; null until reported."},
                    "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
                    "plain_summary": {"type": ["string", "null"],
                                      "description": "A summary in plain Dutch (language level B1), if the officer wrote one."},
                    "department": {"type": ["string", "null"], "description": "The responsible department."},
                    "contact_email": {"type": ["string", "null"], "description": "Where to ask questions."},
                },
            },
            "ConsultationPage": {
                "type": "object",
                "required": ["items", "page", "per_page", "total", "pages"],
                "additionalProperties": False,
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/ConsultationSummary"}},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                    "total": {"type": "integer", "minimum": 0},
                    "pages": {"type": "integer", "minimum": 0},
                },
            },
        },
        "paths": {
            "/consultations": {
                "get": {
                    "operationId": "listConsultations",
                    "summary": "List consultations, newest closing date first",
                    "parameters": [
                        {"name": "topic", "in": "query", "schema": {"type": "string", "enum": _topic_slugs()},
                         "description": "Topic slug, e.g. ngt"},
                        {"name": "status", "in": "query",
                         "schema": {"type": "string", "enum": [s.value for s in ConsultationStatus]},
                         "description": "draft is only returned to a token holder who may see drafts"},
                        {"name": "page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                        {"name": "per_page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/ConsultationPage", "A page of consultations"),
                        "400": _json("#/components/schemas/Error", "Invalid query parameter"),
                        "401": _json("#/components/schemas/Error", "Invalid or revoked API token"),
                    },
                }
            },
            "/consultations/{slug}": {
                "get": {
                    "operationId": "getConsultation",
                    "summary": "One consultation with its documents and, once reported, its report",
                    "parameters": [{"name": "slug", "in": "path", "required": True, "schema": TEXT}],
                    "responses": {
                        "200": _json("#/components/schemas/Consultation", "The consultation"),
                        "401": _json("#/components/schemas/Error", "Invalid or revoked API token"),
                        "404": _json("#/components/schemas/Error", "No such consultation, or not visible to you"),
                    },
                }
            },
        },
    }


def _summary_properties() -> dict:
    return {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "topic": {"$ref": "#/components/schemas/Topic"},
        "status": {"type": "string", "enum": [s.value for s in ConsultationStatus],
                   "description": "The officer's status: 'open' once opened, also before opens_at (see phase)."},
        "phase": {"type": "string", "enum": list(PHASES),
                  "description": "Where it stands now, as the pages say it: upcoming (opened, its period has not "
                                 "begun), open, overdue (its period ended, not yet closed), closed, reported; draft "
                                 "only for a token holder who may see drafts."},
        "accepting_responses": {"type": "boolean", "description": "Whether responses are taken now."},
        "opens_at": _DATETIME,
        "closes_at": _DATETIME,
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
    }
