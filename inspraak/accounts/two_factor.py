"""Two-factor sign-in for staff: TOTP (RFC 6238) with an authenticator app, and recovery codes.

Moderators, policy officers and admins see personal data and can change what the public
reads, so a password alone is not enough for them (OWASP ASVS 5.0, V6.3). Enrolment shows
a QR code rendered on the server (an SVG image, no JavaScript) and the key in text; the
first code from the app confirms it. Ten recovery codes are shown once and stored as
SHA-256 hashes. A code is accepted once: the time step it belongs to is remembered.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l

from inspraak.accounts.models import RecoveryCode, Role, User
from inspraak.accounts.security_log import SecurityEventKind, record, record_now
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db

STAFF_ROLES = (Role.MODERATOR, Role.POLICY_OFFICER, Role.ADMIN)
ISSUER = "Inspraak"
RECOVERY_CODES = 10
REAUTHENTICATE_AFTER = timedelta(minutes=10)
WRONG_CODE = _l("Deze code klopt niet of is al gebruikt. Gebruik de code die uw app nu toont, of een herstelcode.")


def is_required(user: User) -> bool:
    """Staff sign in with a second factor (when the installation requires it; production always does)."""
    return current_app.config.get("STAFF_TWO_FACTOR", True) and user.has_role(*STAFF_ROLES)


def needs_enrolment(user: User) -> bool:
    return is_required(user) and not user.has_two_factor


def new_enrolment_nonce() -> str:
    return secrets.token_urlsafe(16)


def pending_secret(user: User, nonce: str) -> str:
    """The key offered on the enrolment page, derived from a random nonce kept in the
    person's session and the server's key. Showing the page writes nothing (no state
    change on GET); the nonce alone reveals nothing; a new session offers a new key.
    The key is stored only when the first code proves the app has it."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"totp-enrolment:{user.id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(user: User, secret: str) -> str:
    """The enrolment QR code as an SVG data URI (an image: allowed by the CSP, no script)."""
    return segno.make(provisioning_uri(user, secret), error="m").svg_data_uri(scale=5, border=2, dark="#000",
                                                                              light="#fff")


def _accept_totp(user: User, code: str, secret: str | None = None) -> bool:
    totp = pyotp.TOTP(secret or user.totp_secret)
    now = utcnow()
    for offset in (-1, 0, 1):  # one step of clock drift either way
        step = totp.timecode(now) + offset
        if (user.totp_last_step is None or step > user.totp_last_step) and secrets.compare_digest(
                totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    user.recovery_codes.clear()
    codes = []
    for _ in range(RECOVERY_CODES):
        # 112 bits each (ASVS 5.0 V6.5.2: a lookup secret of 112 bits or more may be stored
        # under a plain SHA-256; shorter ones would need a salted password hash), shown as
        # seven groups of four hexadecimal digits.
        raw = secrets.token_hex(14)
        codes.append("-".join(raw[i:i + 4] for i in range(0, len(raw), 4)))
        user.recovery_codes.append(RecoveryCode(code_hash=_hash(raw)))
    return codes


def confirm_enrolment(user: User, code: str, secret: str) -> list[str]:
    """Switch two-factor on with the first code from the app for ``secret`` (see
    ``pending_secret``); return the recovery codes (shown once)."""
    if not secret or user.has_two_factor:
        raise DomainError(_l("Begin opnieuw met het koppelen van uw app."))
    user.totp_last_step = None
    if not _accept_totp(user, _digits(code), secret):
        raise DomainError(WRONG_CODE, field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    record(SecurityEventKind.TWO_FACTOR_ENABLED, user=user)
    db.session.commit()
    return codes


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def verify(user: User, code: str) -> None:
    """Accept a current TOTP code or an unused recovery code, once; otherwise refuse."""
    code = (code or "").strip()
    if user.has_two_factor and len(_digits(code)) == 6 and _accept_totp(user, _digits(code)):
        db.session.commit()
        return
    recovery = db.session.scalar(db.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)))
    if recovery is not None:
        recovery.used_at = utcnow()
        record(SecurityEventKind.RECOVERY_CODE_USED, user=user)
        db.session.commit()
        return
    record_now(SecurityEventKind.TWO_FACTOR_FAILED, user=user)
    raise DomainError(WRONG_CODE, field="code")


def renew_recovery_codes(user: User) -> list[str]:
    """Ten fresh recovery codes; the old ones stop working."""
    if not user.has_two_factor:
        raise DomainError(_l("Zet eerst tweestapsverificatie aan."))
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def recovery_codes_left(user: User) -> int:
    return sum(1 for code in user.recovery_codes if code.used_at is None)


def reset(actor: User, user: User) -> None:
    """An admin switches someone's two-factor off (a lost phone and no recovery codes);
    the person must enrol again at the next sign-in."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    record(SecurityEventKind.TWO_FACTOR_RESET, user=user, actor=actor)
    db.session.commit()
