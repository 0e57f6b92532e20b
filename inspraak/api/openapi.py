"""The OpenAPI 3.1 document for /api/v1, assembled from each area's part.

An area's part is ``{"schemas": {...}, "paths": {...}}`` with paths relative to /api/v1;
the shared ``Error`` schema and the bearer-token scheme live here. Tests validate real
responses against the assembled document.
"""
from __future__ import annotations

# Text in a path or a query string: anything but NUL, which every request refuses with a 400
# (inspraak.security); said here so a client (and schemathesis) knows.
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "title", "detail"],
            "properties": {
                "status": {"type": "integer"},
                "title": {"type": "string"},
                "detail": {"type": "string"},
            },
        }
    },
}


def openapi_document(server_url: str, parts: list[dict]) -> dict:
    schemas: dict = {"Error": ERROR_SCHEMA}
    paths: dict = {}
    for part in parts:
        for kind, target in (("schemas", schemas), ("paths", paths)):
            for name, value in part.get(kind, {}).items():
                if name in target:
                    raise RuntimeError(f"OpenAPI {kind[:-1]} {name!r} is defined by two areas")
                target[name] = value
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Inspraak open data API",
            "version": "1.0.0",
            "description": (
                "Access to public consultations, surveys and events. Anonymous clients see what the "
                "public pages show; a personal API token (Authorization: Bearer ...) of a "
                "policy officer or admin also shows what that user may see and do."
            ),
            "license": {"name": "CC0-1.0 (data)", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
        "security": [{}, {"bearerToken": []}],
        "paths": dict(sorted(paths.items())),
    }


def json_response(ref: str, description: str) -> dict:
    """A response object whose JSON body follows the schema at ``ref``."""
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}
