"""The summaries' part of the OpenAPI document (paths relative to /api/v1)."""
from __future__ import annotations

from inspraak.api.openapi import NULLABLE_DATETIME, json_response, TEXT

_STRING = {"type": "string"}
_TABLE = {"type": "object", "required": ["caption", "header", "rows"], "additionalProperties": False, "properties": {
    "caption": _STRING, "header": {"type": "array", "items": _STRING},
    "rows": {"type": "array", "items": {"type": "object", "required": ["label", "cells"], "additionalProperties": False,
                                        "properties": {"label": _STRING, "cells": {"type": "array", "items": _STRING}}}}},
    "description": "A table as the dashboard and the report show it: cells are formatted texts, e.g. '12 (40%)'."}
_NULLABLE_TABLE = {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/SummaryTable"}]}


def openapi_part() -> dict:
    quote = {"type": "object", "required": ["text", "author", "reference"], "additionalProperties": False,
             "properties": {"text": _STRING, "author": _STRING, "reference": _STRING}}
    return {
        "schemas": {
            "SummaryTable": _TABLE,
            "ConsultationResponseSummary": {
                "type": "object", "additionalProperties": False,
                "required": ["consultation", "analysis", "respondents", "roundtables", "questions"],
                "properties": {
                    "consultation": {"type": "object", "required": ["slug", "title", "status"], "additionalProperties": False,
                                     "properties": {"slug": _STRING, "title": _STRING, "status": _STRING}},
                    "analysis": {"oneOf": [{"type": "null"}, {
                        "type": "object", "additionalProperties": False,
                        "required": ["finished_at", "responses", "answers_analysed", "answers_reused", "responses_since"],
                        "properties": {"finished_at": NULLABLE_DATETIME, "responses": {"type": "integer"},
                                       "answers_analysed": {"type": "integer"}, "answers_reused": {"type": "integer"},
                                       "responses_since": {"type": "integer",
                                                           "description": "Responses submitted after the analysis started."}}}]},
                    "respondents": {
                        "type": "object", "additionalProperties": False,
                        "required": ["total", "per_category", "organisations", "per_province", "per_week", "warnings",
                                     "channels"],
                        "properties": {"total": {"type": "integer"}, "per_category": _NULLABLE_TABLE,
                                       "organisations": _NULLABLE_TABLE, "per_province": _NULLABLE_TABLE,
                                       "per_week": _NULLABLE_TABLE, "channels": _NULLABLE_TABLE,
                                       "warnings": {"type": "array", "items": _STRING,
                                                    "description": "Expected stakeholder categories that are absent or very small."}}},
                    "roundtables": {"type": "array", "items": {
                        "type": "object", "required": ["title", "kind", "starts_at", "confirmed_per_category", "attended"],
                        "additionalProperties": False, "properties": {
                            "title": _STRING, "kind": _STRING, "starts_at": {"type": "string", "format": "date-time"},
                            "confirmed_per_category": {"type": "object", "additionalProperties": {"type": "integer"}},
                            "attended": {"type": "integer"}}}},
                    "questions": {"type": "array", "items": {
                        "type": "object", "additionalProperties": False,
                        "required": ["id", "number", "text", "kind", "answered", "tables", "themes", "campaigns"],
                        "properties": {
                            "id": {"type": "integer"}, "number": {"type": "integer"}, "text": _STRING, "kind": _STRING,
                            "answered": {"type": "integer"},
                            "tables": {"type": "array", "items": {"$ref": "#/components/schemas/SummaryTable"}},
                            "themes": {"type": "array", "items": {
                                "type": "object", "required": ["id", "name", "terms", "origin", "answers", "quotes"],
                                "additionalProperties": False, "properties": {
                                    "id": {"type": "integer"}, "name": _STRING, "terms": {"type": "array", "items": _STRING},
                                    "origin": {"type": "string", "enum": ["machine", "human"]},
                                    "answers": {"type": "integer", "description": "Answers in the theme; a campaign counts once."},
                                    "quotes": {"type": "array", "items": quote,
                                               "description": "Only answers whose respondent chose publication, as moderated."}}}},
                            "campaigns": {"type": "array", "items": {
                                "type": "object", "required": ["number", "size", "template", "reference"],
                                "additionalProperties": False, "properties": {
                                    "number": {"type": "integer"}, "size": {"type": "integer"},
                                    "template": {"type": ["string", "null"]}, "reference": {"type": ["string", "null"]}}}},
                        }}},
                },
            },
        },
        "paths": {
            "/consultations/{slug}/summary": {"get": {
                "operationId": "getConsultationSummary",
                "summary": "The analysed responses of a consultation (its policy officer or an admin)",
                "description": ("Who responded, per question the distribution or the sentiment, stance, themes and "
                                "campaigns, and quotes with the references of their responses: what the dashboard and "
                                "the draft report show. Built from the stored analysis."),
                "security": [{"bearerToken": []}],
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": TEXT}],
                "responses": {
                    "200": json_response("#/components/schemas/ConsultationResponseSummary", "The summary"),
                    "401": json_response("#/components/schemas/Error", "No, invalid or revoked API token"),
                    "403": json_response("#/components/schemas/Error", "The token's holder may not read this summary"),
                    "404": json_response("#/components/schemas/Error", "No such consultation"),
                }}},
        },
    }
