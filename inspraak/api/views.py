"""The OpenAPI document of /api/v1, assembled from every area's part."""
from __future__ import annotations

from flask import jsonify, request

from inspraak.api import API_PREFIX, api_blueprint
from inspraak.api.openapi import openapi_document
from inspraak.areas import registry

bp = api_blueprint("api", __name__)


@bp.get("/openapi.json")
def get_openapi():
    return jsonify(openapi_document(request.host_url.rstrip("/") + API_PREFIX, registry().openapi_parts))
