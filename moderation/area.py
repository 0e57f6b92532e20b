"""The moderation area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

import moderation.models  # noqa: F401  (the tables, for create_all and the migrations)
from inspraak.areas import Area
from moderation.screening import on_response_submitted
from moderation.views import bp
from surveys.services import register_after_submit


@bp.record_once
def _listen_to_surveys(state) -> None:
    # Explicit, per application: surveys calls this after each response is sent.
    register_after_submit(state.app, on_response_submitted)


AREA = Area(name="moderation", blueprint=bp)
