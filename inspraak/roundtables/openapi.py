"""The roundtables' part of the OpenAPI document (paths relative to /api/v1)."""
from __future__ import annotations

from inspraak.web import MAX_PAGE

from inspraak.api.openapi import DATETIME, json_response
from inspraak.roundtables.models import ParticipantCategory, RoundtableKind, RoundtableMode

_COUNT = {"type": "integer", "minimum": 0}


def openapi_part() -> dict:
    return {
        "schemas": {
            "RoundtableCategory": {
                "type": "object",
                "required": ["category", "seats", "confirmed", "left", "waitlisted"],
                "additionalProperties": False,
                "properties": {
                    "category": {"type": "string", "enum": sorted(ParticipantCategory.values())},
                    "seats": _COUNT, "confirmed": _COUNT, "left": _COUNT, "waitlisted": _COUNT,
                },
            },
            "Roundtable": {
                "type": "object",
                "required": ["id", "title", "kind", "mode", "starts_at", "ends_at", "signup_opens_at",
                             "signup_closes_at", "is_online", "max_per_organisation", "consultation", "topic",
                             "categories", "summary_published", "url", "api_url"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "kind": {"type": "string", "enum": sorted(RoundtableKind.values())},
                    "mode": {"type": "string", "enum": sorted(RoundtableMode.values())},
                    "starts_at": DATETIME, "ends_at": DATETIME,
                    "signup_opens_at": DATETIME, "signup_closes_at": DATETIME,
                    "is_online": {"type": "boolean", "description": "The link itself is only sent to confirmed participants."},
                    "max_per_organisation": {"type": "integer", "minimum": 1},
                    "consultation": {"type": ["string", "null"], "description": "Slug of the linked consultation"},
                    "topic": {"type": ["string", "null"]},
                    "categories": {"type": "array", "items": {"$ref": "#/components/schemas/RoundtableCategory"}},
                    "summary_published": {"type": "boolean"},
                    "url": {"type": "string", "format": "uri"},
                    "api_url": {"type": "string", "format": "uri"},
                },
            },
            "RoundtablePage": {
                "type": "object",
                "required": ["items", "page", "per_page", "total", "pages"],
                "additionalProperties": False,
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Roundtable"}},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                    "total": _COUNT, "pages": _COUNT,
                },
            },
        },
        "paths": {
            "/roundtables": {"get": {
                "operationId": "listRoundtables",
                "summary": "Published roundtables and other dialogue events, newest first, with seats per category",
                "parameters": [
                    {"name": "page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                ],
                "responses": {
                    "200": json_response("#/components/schemas/RoundtablePage", "A page of events"),
                    "400": json_response("#/components/schemas/Error", "Invalid query parameter"),
                    "401": json_response("#/components/schemas/Error", "Invalid or revoked API token"),
                },
            }},
            "/roundtables/{roundtable_id}": {"get": {
                "operationId": "getRoundtable",
                "summary": "One event: per category seats, confirmed, left and waitlisted",
                "parameters": [{"name": "roundtable_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": json_response("#/components/schemas/Roundtable", "The event"),
                    "401": json_response("#/components/schemas/Error", "Invalid or revoked API token"),
                    "404": json_response("#/components/schemas/Error", "No such event, or not visible to you"),
                },
            }},
        },
    }
