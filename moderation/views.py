"""Moderation pages (under /moderatie) and moderation's commands on ``inspraak``."""
from __future__ import annotations

from flask import Blueprint

from moderation.cli import analyse_file, analyse_survey

bp = Blueprint("moderation", __name__, url_prefix="/moderatie", cli_group=None)
bp.cli.add_command(analyse_file)
bp.cli.add_command(analyse_survey)
