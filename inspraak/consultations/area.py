"""The consultations area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.areas import Area, NavItem
from inspraak.consultations.api import bp as api_bp
from inspraak.consultations.openapi import openapi_part
from inspraak.consultations.permissions import can_create_consultation
from inspraak.consultations.views import bp

AREA = Area(
    name="consultations",
    blueprint=bp,
    api_blueprint=api_bp,
    openapi=openapi_part,
    navigation=(
        NavItem("consultations.list_consultations", _l("Consultaties"), order=10),
        NavItem("consultations.manage_consultations", _l("Beheer"), can_create_consultation, order=80),
    ),
)
