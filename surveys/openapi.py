"""The surveys' part of the OpenAPI document (paths relative to /api/v1)."""
from __future__ import annotations

from inspraak.api.openapi import NULLABLE_DATETIME, json_response, TEXT
from inspraak.web import MAX_PAGE
from surveys.models import ConditionOperator, ResponsePublication, SurveyStatus, respondent_categories
from surveys.questions import REGISTRY

_CONDITION = {"oneOf": [{"type": "null"}, {
    "type": "object", "required": ["question", "operator", "value"], "additionalProperties": False,
    "properties": {"question": {"type": "integer"}, "operator": {"type": "string", "enum": sorted(ConditionOperator.values())},
                   "value": {"type": "string"}}}]}
_SLUG = [{"name": "slug", "in": "path", "required": True, "schema": TEXT}]


def _summary_properties() -> dict:
    return {
        "slug": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "string", "enum": [s.value for s in SurveyStatus]},
        "consultation": {"type": ["string", "null"], "description": "Slug of the consultation this is the questionnaire of."},
        "topic": {"type": ["string", "null"]},
        "opens_at": NULLABLE_DATETIME, "closes_at": NULLABLE_DATETIME,
        "allows_anonymous": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"}, "api_url": {"type": "string", "format": "uri"},
    }


def openapi_part() -> dict:
    summary_required = list(_summary_properties())
    return {
        "schemas": {
            "SurveySummary": {"type": "object", "required": summary_required, "additionalProperties": False,
                              "properties": _summary_properties()},
            "SurveyQuestion": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "kind", "text", "help", "required", "options", "settings", "show_if"],
                "properties": {
                    "id": {"type": "integer"}, "kind": {"type": "string", "enum": sorted(REGISTRY)},
                    "text": {"type": "string"}, "help": {"type": "string"}, "required": {"type": "boolean"},
                    "options": {"type": "array", "items": {
                        "type": "object", "required": ["value", "label"], "additionalProperties": False,
                        "properties": {"value": {"type": "string"}, "label": {"type": "string"}}},
                        "description": "Choices (choice, ranking) or statements (matrix); answer with the value."},
                    "settings": {"type": "object", "description": "max_length, min_choices, max_choices, has_other, minimum, maximum, max_mb"},
                    "show_if": _CONDITION,
                }},
            "Survey": {
                "type": "object", "additionalProperties": False,
                "required": summary_required + ["intro_html", "sections"],
                "properties": {**_summary_properties(), "intro_html": {"type": "string"}, "sections": {
                    "type": "array", "items": {
                        "type": "object", "required": ["id", "title", "show_if", "questions"], "additionalProperties": False,
                        "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "show_if": _CONDITION,
                                       "questions": {"type": "array", "items": {"$ref": "#/components/schemas/SurveyQuestion"}}}}}},
            },
            "SurveyList": {"type": "object", "required": ["items", "page", "per_page", "total", "pages"],
                           "additionalProperties": False, "properties": {
                               "items": {"type": "array", "items": {"$ref": "#/components/schemas/SurveySummary"}},
                               "page": {"type": "integer", "minimum": 1},
                               "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                               "total": {"type": "integer", "minimum": 0},
                               "pages": {"type": "integer", "minimum": 0,
                                         "description": "How many pages there are: a next page exists while page < pages."}}},
            "SurveyResponseImport": {
                "type": "object", "required": ["submission_token", "respondent", "answers"],
                "properties": {
                    "submission_token": {"type": "string", "minLength": 8, "maxLength": 64,
                                         "description": "Chosen by the client; sending it again stores nothing new."},
                    "respondent": {"type": "object", "required": ["category", "publication"], "properties": {
                        "category": {"type": "string", "enum": [value for value, _label in respondent_categories()]},
                        "organisation": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]},
                        "province": {"type": ["string", "null"]},
                        "publication": {"type": "string", "enum": [p.value for p in ResponsePublication]}}},
                    "answers": {"type": "object", "additionalProperties": True,
                                "description": "Question id -> value. Values per kind: " + "; ".join(
                                    f"{kind}" for kind in sorted(REGISTRY)) + " (see the module surveys.questions)."},
                }},
            "SurveyResponseReceipt": {"type": "object", "required": ["reference", "created"], "additionalProperties": False,
                                      "properties": {"reference": {"type": "string"}, "created": {"type": "boolean"}}},
            "SurveyValidationError": {"type": "object", "required": ["error", "errors"], "properties": {
                "error": {"$ref": "#/components/schemas/Error/properties/error"},
                "errors": {"type": "object", "additionalProperties": {"type": "string"},
                           "description": "One message per question id (or respondent field)."}}},
        },
        "paths": {
            "/surveys": {"get": {
                "operationId": "listSurveys", "summary": "Published surveys (open and closed), newest first, a page at a time",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
                "responses": {"200": {**json_response("#/components/schemas/SurveyList", "One page of the surveys"),
                                      "headers": {"Link": {"schema": {"type": "string"}, "description": (
                                          "RFC 8288 links to the next and previous pages (rel=\"next\", "
                                          "rel=\"prev\") when there are any.")}}},
                              "400": json_response("#/components/schemas/Error", "page or per_page out of range"),
                              "401": json_response("#/components/schemas/Error", "Invalid or revoked API token")}}},
            "/surveys/{slug}": {"get": {
                "operationId": "getSurvey", "summary": "One survey with its pages, questions, options and conditions",
                "parameters": _SLUG,
                "responses": {"200": json_response("#/components/schemas/Survey", "The survey"),
                              "401": json_response("#/components/schemas/Error", "Invalid or revoked API token"),
                              "404": json_response("#/components/schemas/Error", "No such published survey")}}},
            "/surveys/{slug}/responses": {"post": {
                "operationId": "importSurveyResponse",
                "summary": "Import a response collected on paper or at a partner's stand (the survey's policy officer or an admin)",
                "description": ("Needs the bearer token of the policy officer who owns the survey, or of an admin: "
                                "the same people who edit and export it; any other token gets 403. "
                                "Accepted while the survey is published, also after it closed (paper responses often "
                                "arrive late). Validated exactly like the web form: conditions decide which questions "
                                "apply; answers to questions that do not apply are not stored."),
                "security": [{"bearerToken": []}], "parameters": _SLUG,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/SurveyResponseImport"}}}},
                "responses": {
                    "201": json_response("#/components/schemas/SurveyResponseReceipt", "Stored; its reference"),
                    "200": json_response("#/components/schemas/SurveyResponseReceipt",
                                         "This submission_token was stored before: the same reference, nothing new stored"),
                    "400": json_response("#/components/schemas/Error", "Not a JSON object"),
                    "401": json_response("#/components/schemas/Error", "No, invalid or revoked API token"),
                    "403": json_response("#/components/schemas/Error",
                                         "The token's holder does not manage this survey (neither its policy officer nor an admin)"),
                    "404": json_response("#/components/schemas/Error", "No such published survey"),
                    "409": json_response("#/components/schemas/Error", "The response breaks a rule of the survey"),
                    "422": json_response("#/components/schemas/SurveyValidationError", "Invalid answers, one error per question"),
                }}},
        },
    }
