"""The security log: who signed in, who failed, two-factor events, role changes, sessions
ended by an admin, refused requests and rate-limit refusals (OWASP ASVS 5.0, V16). Admins read it; nothing in it is an answer, a
password, a code or a token. The client address is kept as a keyed hash (enough to see
that attempts come from one place, not to find the person) and, like every entry, is
removed after ``RETENTION`` by ``inspraak purge``.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.accounts.models import User
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, paginate, utcnow
from inspraak.extensions import db

RETENTION = timedelta(days=180)


class SecurityEventKind(LabelledEnum):
    SIGN_IN = "sign_in", _l("Ingelogd")
    SIGN_IN_FAILED = "sign_in_failed", _l("Inloggen mislukt")
    SIGN_OUT = "sign_out", _l("Uitgelogd")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _l("Tweestapsverificatie aangezet")
    TWO_FACTOR_FAILED = "two_factor_failed", _l("Verkeerde code bij tweede stap")
    TWO_FACTOR_RESET = "two_factor_reset", _l("Tweestapsverificatie uitgezet door beheerder")
    RECOVERY_CODE_USED = "recovery_code_used", _l("Herstelcode gebruikt")
    ROLE_CHANGED = "role_changed", _l("Rol gewijzigd")
    PASSWORD_CHANGED = "password_changed", _l("Wachtwoord gewijzigd")
    ACCESS_REFUSED = "access_refused", _l("Toegang geweigerd")
    API_TOKEN_CREATED = "api_token_created", _l("API-token aangemaakt")
    SESSIONS_ENDED = "sessions_ended", _l("Overal uitgelogd door beheerder")
    RATE_LIMITED = "rate_limited", _l("Geweigerd: te veel pogingen")
    HONEYPOT_FILLED = "honeypot_filled", _l("Geweigerd: verborgen veld ingevuld (programma)")


class SecurityEvent(db.Model):
    __tablename__ = "security_event"
    __table_args__ = (CheckConstraint(enum_check("kind", SecurityEventKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    client_hash: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    @property
    def kind_label(self):
        return SecurityEventKind(self.kind).label


def client_hash() -> str | None:
    if not has_request_context():
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, get_remote_address().encode(), hashlib.sha256).hexdigest()[:16]


def record(kind: SecurityEventKind, *, user: User | None = None, actor: User | None = None, detail: str = "") -> None:
    """Add an event to the current transaction (the caller's service commits it)."""
    db.session.add(SecurityEvent(kind=kind.value, user_id=user.id if user else None,
                                 actor_id=actor.id if actor else None, client_hash=client_hash(),
                                 detail=detail[:200]))


def record_now(kind: SecurityEventKind, **kwargs) -> None:
    """Record and commit at once: for events outside any service (a refusal, a failure)."""
    record(kind, **kwargs)
    db.session.commit()


def recent_events(page: int, per_page: int = 50, kind: SecurityEventKind | None = None):
    stmt = db.select(SecurityEvent).order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
    if kind is not None:
        stmt = stmt.where(SecurityEvent.kind == kind.value)
    return paginate(stmt, page=page, per_page=per_page)


def purge_old_events(now: datetime) -> int:
    result = db.session.execute(db.delete(SecurityEvent).where(SecurityEvent.at < now - RETENTION))
    db.session.commit()
    return result.rowcount or 0


def record_refusal() -> None:
    """Called by the 403 handler: who was refused what (the path only, never the query)."""
    from flask_login import current_user

    try:
        user = current_user._get_current_object() if current_user.is_authenticated else None
        record_now(SecurityEventKind.ACCESS_REFUSED, user=user, detail=f"{request.method} {request.path}")
    except Exception:  # noqa: BLE001 - logging a refusal must never turn it into a 500
        db.session.rollback()
        current_app.logger.exception("could not record a refused request")


# A client that keeps going over a limit is logged once per limit and address in this
# many seconds: the log shows the attack without growing with every refused request.
RATE_LIMIT_LOG_INTERVAL = 600


def _record_refused_once(kind: SecurityEventKind, what: str, detail: str) -> None:
    """Record a refused request of a client, once per ``what`` and client address per
    ``RATE_LIMIT_LOG_INTERVAL``, in a transaction of its own: it happens in the middle of
    a request (before the view, or while its form is validated), whose session it leaves alone."""
    from flask_login import current_user

    from inspraak.caching import cache_backend

    hashed = client_hash()
    try:
        key = hashlib.sha256(f"{kind.value}|{what}|{hashed}".encode()).hexdigest()[:32]
        if not cache_backend().add(f"refused:{key}", 1, timeout=RATE_LIMIT_LOG_INTERVAL):
            return
        user_id = current_user.id if current_user.is_authenticated else None
        with db.engine.begin() as connection:
            connection.execute(SecurityEvent.__table__.insert().values(
                at=utcnow(), kind=kind.value, user_id=user_id, client_hash=hashed, detail=detail[:200]))
    except Exception:  # noqa: BLE001 - logging a refusal must never turn it into a 500
        current_app.logger.exception("could not record a refused request (%s)", kind.value)


def record_rate_limited(request_limit) -> None:
    """Flask-Limiter's ``on_breach``: a request refused by a rate limit (which limit, on which path)."""
    _record_refused_once(SecurityEventKind.RATE_LIMITED, request_limit.key,
                         f"{request.method} {request.path} ({request_limit.limit})")


def record_honeypot(endpoint: str | None) -> None:
    """A form refused because its hidden field was filled in (a program, not a person)."""
    _record_refused_once(SecurityEventKind.HONEYPOT_FILLED, endpoint or request.path,
                         f"{request.method} {request.path}")


def export_events(user: User) -> list[dict]:
    """The privacy self-service's part: this person's own security events."""
    events = db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.user_id == user.id)
                                .order_by(SecurityEvent.at))
    return [{"at": event.at.isoformat(), "kind": event.kind, "detail": event.detail} for event in events]


def detach_events(user: User) -> None:
    """On erasure the events stay (the log's integrity) but no longer name the person."""
    db.session.execute(db.update(SecurityEvent).where(SecurityEvent.user_id == user.id).values(user_id=None))
    db.session.execute(db.update(SecurityEvent).where(SecurityEvent.actor_id == user.id).values(actor_id=None))
