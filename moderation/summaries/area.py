"""The consultation summaries as the platform registers them (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.areas import Area, NavItem
from moderation.summaries import models  # noqa: F401 - the tables belong to the schema
from moderation.summaries.api import bp as api_bp
from moderation.summaries.cli import report_command
from moderation.summaries.openapi import openapi_part
from moderation.summaries.permissions import can_view_summaries
from moderation.summaries.runs import analyse_closed_consultation
from moderation.summaries.views import bp

AREA = Area(
    name="summaries",
    blueprint=bp,
    api_blueprint=api_bp,
    openapi=openapi_part,
    navigation=(NavItem("summaries.list_summaries", _l("Samenvattingen"), can_view_summaries, order=86),),
    commands=(report_command,),
    consultation_closed=(analyse_closed_consultation,),
)
