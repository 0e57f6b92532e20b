"""The surveys area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.areas import Area, NavItem, PersonalDataProvider
from surveys import services
from surveys.api import bp as api_bp
from surveys.commands import export_responses
from surveys.openapi import openapi_part
from surveys.permissions import can_create_survey
from surveys.views import bp

AREA = Area(
    name="surveys",
    blueprint=bp,
    api_blueprint=api_bp,
    openapi=openapi_part,
    personal_data=(PersonalDataProvider("survey_responses", services.export_responses_of, services.erase_responses_of),),
    navigation=(
        NavItem("surveys.list_surveys", _l("Enquêtes"), order=20),
        NavItem("surveys.manage_surveys", _l("Enquêtes opstellen"), can_create_survey, order=85),
    ),
    commands=(export_responses,),
)
