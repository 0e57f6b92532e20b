"""Moderation's part of the OpenAPI document (paths relative to /api/v1)."""
from __future__ import annotations

from inspraak.api.openapi import DATETIME, json_response, TEXT
from inspraak.web import MAX_PAGE
from surveys.models import respondent_categories


def openapi_part() -> dict:
    categories = [value for value, _label in respondent_categories()]
    return {
        "schemas": {
            "PublicResponse": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "question", "author", "category", "category_label", "text", "file", "submitted_at"],
                "properties": {
                    "id": {"type": "integer"},
                    "question": {"type": "object", "required": ["id", "text"], "additionalProperties": False,
                                 "properties": {"id": {"type": "integer"}, "text": {"type": "string"}}},
                    "author": {"type": ["string", "null"],
                               "description": "The respondent's name or organisation, only when they chose publication with name."},
                    "category": {"type": ["string", "null"], "enum": categories + [None]},
                    "category_label": {"type": "string"},
                    "text": {"type": ["string", "null"],
                             "description": "The approved answer; redacted passages read \"[verwijderd]\". Null for a position paper."},
                    "file": {"oneOf": [{"type": "null"}, {
                        "type": "object", "required": ["filename", "size_bytes", "url"], "additionalProperties": False,
                        "properties": {"filename": {"type": "string"}, "size_bytes": {"type": ["integer", "null"]},
                                       "url": {"type": "string", "format": "uri"}}}]},
                    "submitted_at": DATETIME,
                },
            },
            "PublicResponsePage": {
                "type": "object", "required": ["items", "page", "per_page", "total", "pages"], "additionalProperties": False,
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/PublicResponse"}},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                    "total": {"type": "integer", "minimum": 0},
                    "pages": {"type": "integer", "minimum": 0},
                },
            },
        },
        "paths": {
            "/consultations/{slug}/responses": {
                "get": {
                    "operationId": "listConsultationResponses",
                    "summary": "The published responses of a consultation: approved by a moderator, redactions applied, "
                               "in question order, oldest first",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": TEXT},
                        {"name": "question", "in": "query", "schema": {"type": "integer", "minimum": 0},
                         "description": "Only the answers to this question (id)"},
                        {"name": "category", "in": "query", "schema": {"type": "string", "enum": categories}},
                        {"name": "q", "in": "query", "schema": {**TEXT, "maxLength": 200},
                         "description": "Search in the published text"},
                        {"name": "page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                        {"name": "per_page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                    ],
                    "responses": {
                        "200": json_response("#/components/schemas/PublicResponsePage", "A page of published responses"),
                        "400": json_response("#/components/schemas/Error", "Invalid query parameter"),
                        "401": json_response("#/components/schemas/Error", "Invalid or revoked API token"),
                        "404": json_response("#/components/schemas/Error", "No such consultation, or not visible to you"),
                    },
                }
            },
        },
    }
