"""The accounts area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.accounts import security_log, services
from inspraak.accounts.permissions import can_manage_users
from inspraak.accounts import two_factor_views  # noqa: F401  (its routes are on the accounts blueprint)
from inspraak.accounts import profile_views  # noqa: F401  (its routes are on the accounts blueprint)
from inspraak.accounts.views import bp
from inspraak.areas import Area, NavItem, PersonalDataProvider, RetentionTask

AREA = Area(
    name="accounts",
    blueprint=bp,
    # The account provider comes first, so it erases last (after every other area).
    personal_data=(
        PersonalDataProvider("account", services.export_account, services.erase_account),
        PersonalDataProvider("organisation", services.export_organisation, services.nothing_to_erase),
        PersonalDataProvider("api_tokens", services.export_api_tokens, services.nothing_to_erase),
        PersonalDataProvider("security_log", security_log.export_events, security_log.detach_events),
    ),
    navigation=(NavItem("accounts.list_users", _l("Gebruikers"), can_manage_users, order=90),),
    retention=(
        RetentionTask("unverified accounts older than 7 days", services.purge_unverified_accounts),
        RetentionTask("security log entries older than 180 days", security_log.purge_old_events),
    ),
)
