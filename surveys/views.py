"""Survey pages (under /enquetes)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/enquetes")
