"""Users, organisations and personal API tokens."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.extensions import db


# Long passphrases beat complexity rules (NCSC, NIST SP 800-63B).
PASSWORD_MIN_LENGTH = 12


class Role(LabelledEnum):
    PARTICIPANT = "participant", _l("Deelnemer (burger)")
    ORGANISATION = "organisation", _l("Vertegenwoordiger van een organisatie")
    MODERATOR = "moderator", _l("Moderator")
    POLICY_OFFICER = "policy_officer", _l("Beleidsmedewerker")
    ADMIN = "admin", _l("Beheerder")


class OrganisationCategory(LabelledEnum):
    NGO = "ngo", _l("Maatschappelijke organisatie (ngo)")
    COMPANY = "company", _l("Bedrijf")
    BUSINESS_ASSOCIATION = "business_association", _l("Branche- of ondernemersorganisatie")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _l("Kennisinstelling")
    PUBLIC_AUTHORITY = "public_authority", _l("Overheidsorganisatie")
    TRADE_UNION = "trade_union", _l("Vakbond")
    CONSUMER_ORGANISATION = "consumer_organisation", _l("Consumentenorganisatie")
    OTHER = "other", _l("Anders")


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(enum_check("category", OrganisationCategory), name="category"),
        CheckConstraint("kvk_number IS NULL OR length(kvk_number) = 8", name="kvk_number_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    transparency_register_id: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="organisation")

    @property
    def category_label(self):
        return OrganisationCategory(self.category).label


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(enum_check("role", Role), name="role"),
        CheckConstraint("locale IN ('nl', 'en')", name="locale"),
        UniqueConstraint("email"),
        UniqueConstraint("session_token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    locale: Mapped[str] = mapped_column(String(2), default="nl")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    # Rotated at sign-out and password change: a copied session cookie then
    # no longer identifies anyone (Flask's signed cookie alone stays valid).
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Two-factor sign-in (TOTP, RFC 6238): the shared secret, when it was confirmed, and
    # the last time step used (a code is accepted once).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    api_tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def get_id(self) -> str:  # Flask-Login stores this in the session
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self):
        return self.role_enum.label

    def has_role(self, *roles: Role) -> bool:
        return self.role_enum in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A personal API token: shown once, stored as a SHA-256 hash, revocable."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_tokens")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RecoveryCode(db.Model):
    """A one-time code to sign in when the authenticator is lost; stored as SHA-256 only."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")
