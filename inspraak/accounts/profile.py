"""Changing one's own details: name and language at once, the e-mail address after the
new address has confirmed a link (so nobody can move an account to an address they
do not hold, and a typo cannot lock the owner out)."""
from __future__ import annotations

from flask import current_app

from flask_babel import lazy_gettext as _l

from inspraak.accounts import services
from inspraak.accounts.models import User
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.mail import render_and_send

EMAIL_CHANGE_SALT = "inspraak.change-email"


def update_profile(user: User, *, name: str, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("Kies een taal."), field="locale")
    user.name = services._checked_name(name)
    user.locale = locale
    db.session.commit()


def request_email_change(user: User, new_email: str) -> bool:
    """Mail a confirmation link to ``new_email``; False when it is the current address.

    An address that already has an account gets no link, but the person asking sees the
    same message either way (no account enumeration)."""
    email = services.checked_email(new_email)
    if email == user.email:
        return False
    taken = services._user_by_email(email) is not None
    token = services._serializer(EMAIL_CHANGE_SALT).dumps({"uid": user.id, "old": user.email, "new": email})
    render_and_send(email, "change_email", user.locale, deliver=not taken, user=user,
                    confirm_url=services._external_url("accounts.confirm_email_change", token=token),
                    hours=int(current_app.config["TOKEN_MAX_AGE"].total_seconds() // 3600))
    return True


def email_change_for(token: str) -> tuple[User, str]:
    data = services._load_link_token(EMAIL_CHANGE_SALT, token)
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or user.email != data.get("old") or not data.get("new"):
        raise DomainError(services.INVALID_LINK)
    return user, data["new"]


def confirm_email_change(token: str) -> User:
    user, new_email = email_change_for(token)
    if services._user_by_email(new_email) is not None:
        raise DomainError(_l("Dit e-mailadres hoort al bij een ander account."))
    user.email = new_email
    db.session.commit()
    return user
