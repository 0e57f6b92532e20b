"""Moderation's tables: one item per answer a respondent chose to publish, its automatic
findings, public reports, the moderators assigned to a consultation, and the append-only
log of every decision (the database itself refuses UPDATE and DELETE on it)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DDL, JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, event,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.extensions import db
from surveys.models import Answer


class ItemKind(LabelledEnum):
    TEXT = "text", _l("Open antwoord")
    FILE = "file", _l("Position paper (PDF)")


class ItemStatus(LabelledEnum):
    PENDING = "pending", _l("Wacht op moderatie")
    APPROVED = "approved", _l("Gepubliceerd")
    HIDDEN = "hidden", _l("Verborgen")


class FindingKind(LabelledEnum):
    """The kinds of ``moderation.analysis.findings`` (same values), with labels."""

    EMAIL = "email", _l("E-mailadres")
    PHONE = "phone", _l("Telefoonnummer")
    BSN = "bsn", _l("Burgerservicenummer (BSN)")
    IBAN = "iban", _l("IBAN-rekeningnummer")
    POSTCODE = "postcode", _l("Adres of postcode met huisnummer")
    NAME = "name", _l("Naam of ondertekening")
    LINK = "link", _l("Link")
    ABUSE = "abuse", _l("Scheldwoord of beledigende taal")
    REPEAT = "repeat", _l("Zeer lange of herhaalde tekst")
    CAMPAIGN = "campaign", _l("Bijna gelijk aan andere antwoorden")


class DecisionAction(LabelledEnum):
    APPROVE = "approve", _l("Goedgekeurd")
    REDACT = "redact", _l("Deels onleesbaar gemaakt")
    HIDE = "hide", _l("Verborgen")
    RESTORE = "restore", _l("Teruggezet in de wachtrij")
    REPORT_HIDE = "report_hide", _l("Verborgen na drie meldingen")


class HideReason(LabelledEnum):
    PERSONAL_DATA = "personal_data", _l("Bevat persoonsgegevens")
    ABUSE = "abuse", _l("Beledigend, discriminerend of bedreigend")
    SPAM = "spam", _l("Reclame of spam")
    OFF_TOPIC = "off_topic", _l("Gaat niet over deze consultatie")
    DUPLICATE = "duplicate", _l("Herhaling van een eerder antwoord")
    OTHER = "other", _l("Andere reden (zie toelichting)")


class ReportReason(LabelledEnum):
    PERSONAL_DATA = "personal_data", _l("Er staan persoonsgegevens in")
    ABUSE = "abuse", _l("Beledigend, discriminerend of bedreigend")
    SPAM = "spam", _l("Reclame of spam")
    OFF_TOPIC = "off_topic", _l("Gaat niet over deze consultatie")
    OTHER = "other", _l("Iets anders")


REPORTS_TO_HIDE = 3  # reports from different people after which a published answer is hidden


class ModerationItem(db.Model):
    """An answer (open text or position paper) whose respondent chose publication.

    ``published_text`` is what the public sees (redactions applied), set only while the
    item is approved; searching the public page searches this column, never the original.
    """

    __tablename__ = "moderation_item"
    __table_args__ = (
        UniqueConstraint("answer_id"),
        CheckConstraint(enum_check("status", ItemStatus), name="status"),
        CheckConstraint(enum_check("kind", ItemKind), name="kind"),
        CheckConstraint("status = 'approved' OR published_text IS NULL", name="published_only_when_approved"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("survey_answer.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=ItemKind.TEXT.value)
    status: Mapped[str] = mapped_column(String(12), default=ItemStatus.PENDING.value, index=True)
    # The passages blanked for the public: [[start, end], ...] into the original text, sorted, disjoint.
    redactions: Mapped[list] = mapped_column(JSON, default=list)
    published_text: Mapped[str | None] = mapped_column(Text)
    hide_reason: Mapped[str | None] = mapped_column(String(20))
    is_hidden_by_reports: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the respondent sent the answer (the queue runs oldest first) and when a moderator first decided.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    first_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()
    consultation: Mapped[Consultation] = relationship()
    findings: Mapped[list[Finding]] = relationship(back_populates="item", order_by="Finding.start",
                                                   cascade="all, delete-orphan", passive_deletes=True)
    reports: Mapped[list[Report]] = relationship(back_populates="item", order_by="Report.created_at",
                                                 cascade="all, delete-orphan", passive_deletes=True)

    @property
    def status_enum(self) -> ItemStatus:
        return ItemStatus(self.status)

    @property
    def is_published(self) -> bool:
        return self.status_enum is ItemStatus.APPROVED

    @property
    def is_clean(self) -> bool:
        """No findings that need a look: near-identical copies (a campaign) are opinions
        like any other and may be approved in bulk."""
        return all(f.kind == FindingKind.CAMPAIGN.value for f in self.findings)

    @property
    def original_text(self) -> str:
        """The answer exactly as the respondent wrote it (staff only)."""
        value = self.answer.value
        if self.kind == ItemKind.FILE.value:
            return (value or {}).get("filename", "") if isinstance(value, dict) else ""
        return value if isinstance(value, str) else ""


class Finding(db.Model):
    """One automatic finding on an item: its kind and the span ``text[start:end]``."""

    __tablename__ = "moderation_finding"
    __table_args__ = (
        CheckConstraint(enum_check("kind", FindingKind), name="kind"),
        CheckConstraint("start_offset >= 0 AND end_offset >= start_offset", name="span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    # For a position paper the spans point into its extracted text, not into the answer.
    in_document: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[str] = mapped_column(String(200), default="")

    item: Mapped[ModerationItem] = relationship(back_populates="findings")

    @property
    def kind_enum(self) -> FindingKind:
        return FindingKind(self.kind)


class Report(db.Model):
    """A public report of a published answer; one per person (account or hashed address)."""

    __tablename__ = "moderation_report"
    __table_args__ = (
        UniqueConstraint("item_id", "reporter_hash"),
        CheckConstraint(enum_check("reason", ReportReason), name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_item.id", ondelete="CASCADE"), index=True)
    # A keyed hash of "user:<id>" or of the client's address: never the address itself.
    reporter_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a moderator decided after the report; later reports count afresh.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item: Mapped[ModerationItem] = relationship(back_populates="reports")


class ModeratorAssignment(db.Model):
    """A moderator who may review one consultation's responses (assigned by its owner or an admin)."""

    __tablename__ = "moderator_assignment"
    __table_args__ = (UniqueConstraint("consultation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(backref=backref(
        "moderator_assignments", cascade="all, delete-orphan", passive_deletes=True))
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class ModerationDecision(db.Model):
    """One decision, append-only: who, when, what, why, the text before and after.

    No foreign keys to the item or the consultation: the log outlives both and a cascade
    would have to delete from it, which the database refuses.
    """

    __tablename__ = "moderation_decision"
    __table_args__ = (
        CheckConstraint(enum_check("action", DecisionAction), name="action"),
        CheckConstraint(f"reason IS NULL OR {enum_check('reason', HideReason)}", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, index=True)
    consultation_id: Mapped[int] = mapped_column(Integer, index=True)
    # Empty for the automatic hide after three reports. No foreign key either: the account
    # stays (erasure anonymises it), so the log shows "Verwijderd account" after erasure.
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    status_before: Mapped[str] = mapped_column(String(12))
    status_after: Mapped[str] = mapped_column(String(12))
    text_before: Mapped[str | None] = mapped_column(Text)
    text_after: Mapped[str | None] = mapped_column(Text)
    redactions: Mapped[list] = mapped_column(JSON, default=list)

    actor: Mapped[User | None] = relationship(primaryjoin="foreign(ModerationDecision.actor_id) == User.id",
                                              viewonly=True, lazy="joined")

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor is not None else ""

    @property
    def action_enum(self) -> DecisionAction:
        return DecisionAction(self.action)

    @property
    def reason_label(self):
        return HideReason(self.reason).label if self.reason else ""


# --- the database refuses to change the log ------------------------------------------
# The same statements run from the migration (0007) and from create_all (the tests).

SQLITE_TRIGGERS = (
    "CREATE TRIGGER moderation_decision_no_update BEFORE UPDATE ON moderation_decision "
    "BEGIN SELECT RAISE(ABORT, 'moderation_decision is append-only'); END",
    "CREATE TRIGGER moderation_decision_no_delete BEFORE DELETE ON moderation_decision "
    "BEGIN SELECT RAISE(ABORT, 'moderation_decision is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION moderation_decision_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'moderation_decision is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER moderation_decision_no_update BEFORE UPDATE OR DELETE ON moderation_decision "
    "FOR EACH ROW EXECUTE FUNCTION moderation_decision_append_only()",
    "CREATE TRIGGER moderation_decision_no_truncate BEFORE TRUNCATE ON moderation_decision "
    "FOR EACH STATEMENT EXECUTE FUNCTION moderation_decision_append_only()",
)

for _statement in SQLITE_TRIGGERS:
    event.listen(ModerationDecision.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_TRIGGERS:
    event.listen(ModerationDecision.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
