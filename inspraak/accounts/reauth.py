"""Re-authentication: changing roles, API tokens or two-factor needs a recent sign-in."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from inspraak.accounts.two_factor import REAUTHENTICATE_AFTER
from inspraak.database import utcnow


def recent_sign_in_required(view):
    """Changing roles, tokens or two-factor needs a sign-in of the last ten minutes."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        at = session.get("authenticated_at", 0)
        if utcnow().timestamp() - at > REAUTHENTICATE_AFTER.total_seconds():
            flash(_("Bevestig eerst dat u het bent."), "info")
            back = request.path if request.method == "GET" else (request.referrer or url_for("accounts.show_profile"))
            return redirect(url_for("accounts.reauthenticate", volgende=_local_path(back)))
        return view(*args, **kwargs)
    return wrapper


def _local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


