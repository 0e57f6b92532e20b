"""Sessions end on the server: after a spell of inactivity and after an absolute lifetime.

Staff (who see personal data) are signed out after 30 minutes without a request and 12
hours after signing in; participants after 8 hours idle and 7 days. Both moments live
in the signed session cookie and are checked on every request, so a copied cookie stops
working too; signing out, a password change or a reset ends every session at once
(``User.session_token``).
"""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from inspraak.accounts.two_factor import STAFF_ROLES
from inspraak.database import utcnow

LIMITS = {  # (idle, absolute)
    "staff": (timedelta(minutes=30), timedelta(hours=12)),
    "participant": (timedelta(hours=8), timedelta(days=7)),
}


def limits_for(user) -> tuple[timedelta, timedelta]:
    return LIMITS["staff" if user.has_role(*STAFF_ROLES) else "participant"]


def enforce_session_limits():
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    now = utcnow().timestamp()
    idle, absolute = limits_for(current_user)
    signed_in_at = session.get("authenticated_at", 0)
    last_seen = session.get("last_seen_at", signed_in_at)
    if now - signed_in_at > absolute.total_seconds() or now - last_seen > idle.total_seconds():
        logout_user()
        session.clear()
        flash(_("Uw sessie is verlopen. Log opnieuw in."), "info")
        if request.method == "GET":
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        return redirect(url_for("accounts.sign_in"))
    session["last_seen_at"] = now
    return None
