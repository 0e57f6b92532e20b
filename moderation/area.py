"""The moderation area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import moderation.models  # noqa: F401  (the tables, for create_all and the migrations)
from inspraak.areas import Area, NavItem, PersonalDataProvider, RetentionTask
from moderation import personal_data
from moderation.api import bp as api_bp
from moderation.openapi import openapi_part
from moderation.permissions import shows_moderation_menu
from moderation.personal_data import REPORT_RETENTION_DAYS
from moderation.screening import on_response_submitted
from moderation.views import bp
from surveys.services import register_after_submit


@bp.record_once
def _listen_to_surveys(state) -> None:
    # Explicit, per application: surveys calls this after each response is sent.
    register_after_submit(state.app, on_response_submitted)


AREA = Area(
    name="moderation",
    blueprint=bp,
    api_blueprint=api_bp,
    openapi=openapi_part,
    personal_data=(PersonalDataProvider("moderation", personal_data.export_moderation_data,
                                        personal_data.erase_moderation_data),),
    navigation=(NavItem("moderation.list_consultations", _l("Moderatie"), shows_moderation_menu, order=70),),
    retention=(RetentionTask(f"resolved public reports older than {REPORT_RETENTION_DAYS} days",
                             personal_data.purge_resolved_reports),),
)
