"""The API's own endpoints (the assembled OpenAPI document) as an area."""
from __future__ import annotations

from inspraak.api.views import bp
from inspraak.areas import Area

AREA = Area(name="api", api_blueprint=bp)
