"""Signing in with a link by e-mail: the way in that password guessing cannot block.

Rate limits on password sign-in count per account *and* client address, so a stranger
cannot lock someone out from elsewhere; and whoever is still kept out (or forgot the
password) can ask for a link. The link is valid for 10 minutes and works once: it names
the moment of the last sign-in, which signing in with it changes.
"""
from __future__ import annotations

import hashlib

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired

from inspraak.accounts.models import User
from inspraak.accounts.services import (
    INVALID_LINK, _external_url, _serializer, _user_by_email, link_context, mail_by_address, stand_in_user,
)
from inspraak.accounts.security_log import SecurityEventKind, record
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.mail import render_and_send

SIGN_IN_SALT = "inspraak.sign-in-link"
VALID_MINUTES = 10  # ASVS 5.0 V6.5.5: out-of-band requests live at most 10 minutes
EXPIRED = _l("Deze inloglink is verlopen. Vraag een nieuwe aan; een link is %(minutes)d minuten geldig.",
             minutes=VALID_MINUTES)


def _fingerprint(user: User) -> str:
    moment = user.last_sign_in_at.isoformat() if user.last_sign_in_at else "never"
    return hashlib.sha256(f"{user.id}:{moment}:{user.session_token}".encode()).hexdigest()[:20]


def request_sign_in_link(email: str) -> None:
    """Queue the link; the job decides whether the address has an account (no enumeration)."""
    mail_by_address(mail_sign_in_link_job, email)


def mail_sign_in_link_job(email: str, base_url: str) -> None:
    with link_context(base_url):
        user = _user_by_email(email)
        stand_in = user or stand_in_user(email)  # same work for an unknown address, no delivery
        token = _serializer(SIGN_IN_SALT).dumps({"uid": stand_in.id, "fp": _fingerprint(stand_in)})
        render_and_send(stand_in.email, "sign_in_link", stand_in.locale, deliver=user is not None, user=stand_in,
                        minutes=VALID_MINUTES, sign_in_url=_external_url("accounts.sign_in_with_link", token=token))


def user_for_sign_in_token(token: str) -> User:
    try:
        data = _serializer(SIGN_IN_SALT).loads(token, max_age=VALID_MINUTES * 60)
    except SignatureExpired:
        raise DomainError(EXPIRED) from None
    except BadSignature:
        raise DomainError(INVALID_LINK) from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fp") != _fingerprint(user):
        raise DomainError(INVALID_LINK)
    return user


def sign_in_with_link(token: str, *, locale: str | None = None) -> User:
    """Sign in with a link: it proves the address too, and is used up by this sign-in."""
    user = user_for_sign_in_token(token)
    now = utcnow()
    user.last_sign_in_at = now
    user.verified_at = user.verified_at or now
    if locale in ("nl", "en"):
        user.locale = locale
    record(SecurityEventKind.SIGN_IN, user=user, detail="e-mail link")
    db.session.commit()
    return user
