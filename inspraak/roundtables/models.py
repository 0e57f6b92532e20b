"""Dialogue events (``Roundtable``), their seats per stakeholder category and registrations.

The seat counters live in ``roundtable_seat`` (one row per category, ``taken <= seats``
checked by the database). Services claim a seat with one conditional UPDATE; every
change to a category's registrations first writes its seat row, so the row lock orders
them (see ``roundtables.signup``).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.accounts.models import Organisation, OrganisationCategory, User
from inspraak.consultations.models import Consultation, Topic
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.extensions import db

# Accessibility needs are kept a week after the event (a follow-up may need them);
# diet and allergy answers only until the event has ended.
NEEDS_KEPT_FOR = timedelta(days=7)


class RoundtableKind(LabelledEnum):
    ROUNDTABLE = "roundtable", _l("Rondetafelgesprek")
    WORKSHOP = "workshop", _l("Werksessie")
    WEBINAR = "webinar", _l("Webinar")
    STAKEHOLDER_MEETING = "stakeholder_meeting", _l("Stakeholderbijeenkomst")
    TASTING = "tasting", _l("Proeverij")


class RoundtableMode(LabelledEnum):
    FIRST_COME = "first_come", _l("Wie het eerst komt")
    SELECTION = "selection", _l("Selectie door de organisator")


class ParticipantCategory(LabelledEnum):
    """The stakeholder category of a seat: an organisation's category, or a citizen."""

    CITIZEN = "citizen", _l("Burger")
    NGO = "ngo", OrganisationCategory.NGO.label
    COMPANY = "company", OrganisationCategory.COMPANY.label
    BUSINESS_ASSOCIATION = "business_association", OrganisationCategory.BUSINESS_ASSOCIATION.label
    KNOWLEDGE_INSTITUTION = "knowledge_institution", OrganisationCategory.KNOWLEDGE_INSTITUTION.label
    PUBLIC_AUTHORITY = "public_authority", OrganisationCategory.PUBLIC_AUTHORITY.label
    TRADE_UNION = "trade_union", OrganisationCategory.TRADE_UNION.label
    CONSUMER_ORGANISATION = "consumer_organisation", OrganisationCategory.CONSUMER_ORGANISATION.label
    OTHER = "other", OrganisationCategory.OTHER.label


class RegistrationStatus(LabelledEnum):
    APPLIED = "applied", _l("Aangemeld, wacht op selectie")
    CONFIRMED = "confirmed", _l("Bevestigd")
    WAITLISTED = "waitlisted", _l("Op de wachtlijst")
    CANCELLED = "cancelled", _l("Afgemeld")
    REJECTED = "rejected", _l("Niet geselecteerd")


# Registrations that hold a place (a seat, a waitlist position or an application).
ACTIVE_STATUSES = (RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def category_of(user: User) -> ParticipantCategory:
    """The category a person signs up in: their organisation's, else citizen."""
    if user.organisation is not None:
        return ParticipantCategory(user.organisation.category)
    return ParticipantCategory.CITIZEN


class Roundtable(db.Model):
    __tablename__ = "roundtable"
    __table_args__ = (
        CheckConstraint(enum_check("kind", RoundtableKind), name="kind"),
        CheckConstraint(enum_check("mode", RoundtableMode), name="mode"),
        CheckConstraint("ends_at > starts_at", name="period"),
        CheckConstraint("signup_closes_at > signup_opens_at", name="signup_period"),
        CheckConstraint("signup_closes_at <= starts_at", name="signup_before_start"),
        CheckConstraint("max_per_organisation >= 1", name="max_per_organisation_positive"),
        CheckConstraint("consultation_id IS NOT NULL OR topic_id IS NOT NULL", name="linked"),
        CheckConstraint("place IS NOT NULL OR online_url IS NOT NULL", name="location"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), default=RoundtableKind.ROUNDTABLE.value)
    mode: Mapped[str] = mapped_column(String(12), default=RoundtableMode.FIRST_COME.value)
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    agenda_markdown: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id", ondelete="SET NULL"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    signup_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signup_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_per_organisation: Mapped[int] = mapped_column(Integer, default=1)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    selection_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_markdown: Mapped[str | None] = mapped_column(Text)
    minutes_html: Mapped[str | None] = mapped_column(Text)
    key_points_markdown: Mapped[str | None] = mapped_column(Text)
    key_points_html: Mapped[str | None] = mapped_column(Text)
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    owner: Mapped[User] = relationship()
    seats: Mapped[list[RoundtableSeat]] = relationship(
        back_populates="roundtable", order_by="RoundtableSeat.id", cascade="all, delete-orphan")

    @property
    def kind_enum(self) -> RoundtableKind:
        return RoundtableKind(self.kind)

    @property
    def kind_label(self):
        return self.kind_enum.label

    @property
    def mode_label(self):
        return RoundtableMode(self.mode).label

    @property
    def is_tasting(self) -> bool:
        return self.kind_enum is RoundtableKind.TASTING

    @property
    def is_selection(self) -> bool:
        return self.mode == RoundtableMode.SELECTION.value

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_summary(self) -> bool:
        return self.summary_published_at is not None

    def is_signup_open(self, now: datetime) -> bool:
        return self.is_published and self.signup_opens_at <= now < self.signup_closes_at

    def has_ended(self, now: datetime) -> bool:
        return self.ends_at <= now

    def has_started(self, now: datetime) -> bool:
        """From its start, nobody can cancel any more (``signup._cancel_and_commit``)."""
        return self.starts_at <= now

    def seat_for(self, category: ParticipantCategory | str) -> RoundtableSeat | None:
        value = category.value if isinstance(category, ParticipantCategory) else category
        return next((seat for seat in self.seats if seat.category == value), None)

    @property
    def total_seats(self) -> int:
        return sum(seat.seats for seat in self.seats)

    @property
    def seats_left(self) -> int:
        return sum(seat.seats_left for seat in self.seats)


class RoundtableSeat(db.Model):
    """The seats of one stakeholder category at one event, and how many are taken."""

    __tablename__ = "roundtable_seat"
    __table_args__ = (
        UniqueConstraint("roundtable_id", "category"),
        CheckConstraint(enum_check("category", ParticipantCategory), name="category"),
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("taken >= 0", name="taken_not_negative"),
        CheckConstraint("taken <= seats", name="taken_within_seats"),
        CheckConstraint("waitlisted >= 0", name="waitlisted_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    seats: Mapped[int] = mapped_column(Integer, default=0)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    # The length of this category's waitlist; positions run 1..waitlisted.
    waitlisted: Mapped[int] = mapped_column(Integer, default=0)

    roundtable: Mapped[Roundtable] = relationship(back_populates="seats")

    @property
    def category_label(self):
        return ParticipantCategory(self.category).label

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.taken, 0)


class Registration(db.Model):
    __tablename__ = "roundtable_registration"
    __table_args__ = (
        UniqueConstraint("roundtable_id", "user_id"),
        UniqueConstraint("code"),
        UniqueConstraint("cancel_token_hash"),
        # The per-organisation maximum: an active registration of a representative holds
        # one of the organisation's numbered places (1..max), released on cancellation.
        UniqueConstraint("roundtable_id", "organisation_id", "organisation_place",
                         name="uq_roundtable_registration_organisation_place"),
        CheckConstraint(enum_check("status", RegistrationStatus), name="status"),
        CheckConstraint(enum_check("category", ParticipantCategory), name="category"),
        CheckConstraint("(status = 'waitlisted') = (waitlist_position IS NOT NULL)", name="waitlist_position_iff_waitlisted"),
        CheckConstraint("waitlist_position IS NULL OR waitlist_position >= 1", name="waitlist_position_positive"),
        CheckConstraint("organisation_place IS NULL OR organisation_place >= 1", name="organisation_place_positive"),
        # Seat counts on event lists and pages: per event, by status and category.
        Index("ix_roundtable_registration_counts", "roundtable_id", "status", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    organisation_place: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(9))
    cancel_token_hash: Mapped[str] = mapped_column(String(64))
    motivation: Mapped[str | None] = mapped_column(Text)
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    diet: Mapped[str | None] = mapped_column(Text)
    is_adult_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    informed_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roundtable: Mapped[Roundtable] = relationship()
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def status_enum(self) -> RegistrationStatus:
        return RegistrationStatus(self.status)

    @property
    def status_label(self):
        return self.status_enum.label

    @property
    def category_label(self):
        return ParticipantCategory(self.category).label

    @property
    def is_confirmed(self) -> bool:
        return self.status_enum is RegistrationStatus.CONFIRMED

    @property
    def is_active(self) -> bool:
        return self.status_enum in ACTIVE_STATUSES
