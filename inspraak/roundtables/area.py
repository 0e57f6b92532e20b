"""The roundtables area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.accounts.models import Role
from inspraak.areas import Area, NavItem, PersonalDataProvider, RetentionTask
from inspraak.roundtables import services
from inspraak.roundtables.api import bp as api_bp
from inspraak.roundtables.commands import purge_event_data, send_reminders
from inspraak.roundtables.openapi import openapi_part
from inspraak.roundtables.views import bp


def _signed_in_participant(user) -> bool:
    """Participants and organisation representatives: staff menus are long enough already
    (they reach their own sign-ups from the roundtables page)."""
    return bool(getattr(user, "is_authenticated", False)) and not user.has_role(
        Role.MODERATOR, Role.POLICY_OFFICER, Role.ADMIN)


AREA = Area(
    name="roundtables",
    blueprint=bp,
    api_blueprint=api_bp,
    openapi=openapi_part,
    personal_data=(PersonalDataProvider("roundtable_registrations", services.export_registrations,
                                        services.erase_registrations),),
    # Officers reach "Beheer bijeenkomsten" from the roundtables page (a second "Beheer…"
    # item in the menu would make the consultations' "Beheer" ambiguous).
    navigation=(
        NavItem("roundtables.list_roundtables", _l("Rondetafels"), order=20),
        NavItem("roundtables.list_my_registrations", _l("Mijn aanmeldingen"), _signed_in_participant, order=60),
    ),
    commands=(send_reminders, purge_event_data),
    retention=(RetentionTask("diet answers of ended events and accessibility needs a week after (sum)",
                             lambda now: sum(services.purge_event_data(now))),),
)
