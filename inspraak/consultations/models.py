"""Topics, consultations and their documents."""
from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.accounts.models import User
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.text import is_blank


class Topic(db.Model):
    __tablename__ = "topic"
    __table_args__ = (UniqueConstraint("slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    @property
    def name(self) -> str:
        locale = get_locale()
        return self.name_en if locale is not None and locale.language == "en" else self.name_nl


class ConsultationStatus(LabelledEnum):
    DRAFT = "draft", _l("Concept")
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Gesloten")
    REPORTED = "reported", _l("Verslag gepubliceerd")

# The only state changes there are; anything else is refused.
TRANSITIONS: dict[ConsultationStatus, frozenset[ConsultationStatus]] = {
    ConsultationStatus.DRAFT: frozenset({ConsultationStatus.OPEN}),
    ConsultationStatus.OPEN: frozenset({ConsultationStatus.CLOSED}),
    ConsultationStatus.CLOSED: frozenset({ConsultationStatus.OPEN, ConsultationStatus.REPORTED}),
    ConsultationStatus.REPORTED: frozenset(),
}

PUBLIC_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED, ConsultationStatus.REPORTED)


# Where a consultation stands for a reader (``Consultation.phase``): its status, with "open"
# split by its period into upcoming, open and overdue.
PHASES = ("draft", "upcoming", "open", "overdue", "closed", "reported")


class Consultation(db.Model):
    __tablename__ = "consultation"
    __table_args__ = (
        UniqueConstraint("slug"),
        CheckConstraint(enum_check("status", ConsultationStatus), name="status"),
        CheckConstraint("closes_at > opens_at", name="period"),
        CheckConstraint("status != 'reported' OR report_markdown IS NOT NULL", name="report_present"),
        # The public list and the home page: by status, ordered by the closing date.
        Index("ix_consultation_status_closes_at", "status", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # An optional summary in plain language (B1), shown first on the public page.
    plain_summary: Mapped[str | None] = mapped_column(Text)
    # Who is speaking: the responsible department and where to ask questions.
    department: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ConsultationStatus.DRAFT.value, index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    report_markdown: Mapped[str | None] = mapped_column(Text)
    report_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Who made the last change (edit, status, report, documents); None for the system
    # (``inspraak close-expired``) or an erased account.
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    documents: Mapped[list[Document]] = relationship(
        back_populates="consultation", order_by="Document.id", cascade="all, delete-orphan"
    )

    @property
    def status_enum(self) -> ConsultationStatus:
        return ConsultationStatus(self.status)

    @property
    def status_label(self):
        return self.status_enum.label

    @property
    def is_draft(self) -> bool:
        return self.status_enum is ConsultationStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status_enum in PUBLIC_STATUSES

    @property
    def is_reported(self) -> bool:
        return self.status_enum is ConsultationStatus.REPORTED

    def is_accepting_responses(self, now: datetime) -> bool:
        return self.status_enum is ConsultationStatus.OPEN and self.opens_at <= now < self.closes_at

    def phase(self, now: datetime) -> str:
        """Where the consultation stands for a reader: one of ``PHASES``."""
        if self.status_enum is ConsultationStatus.OPEN:
            if self.is_upcoming(now):
                return "upcoming"
            return "overdue" if self.is_overdue(now) else "open"
        return self.status

    @property
    def responses_ended_at(self) -> datetime:
        """When responding stopped: the closing date, or earlier if it was closed early."""
        if self.closed_at is not None and self.closed_at < self.closes_at:
            return self.closed_at
        return self.closes_at

    def is_upcoming(self, now: datetime) -> bool:
        """Opened by its owner, but its period has not begun."""
        return self.status_enum is ConsultationStatus.OPEN and now < self.opens_at

    def is_overdue(self, now: datetime) -> bool:
        """Still open although its period has ended (``inspraak close-expired`` closes it)."""
        return self.status_enum is ConsultationStatus.OPEN and now >= self.closes_at

    def allowed_transitions(self) -> frozenset[ConsultationStatus]:
        return TRANSITIONS[self.status_enum]

    def _move_to(self, target: ConsultationStatus) -> None:
        if target not in TRANSITIONS[self.status_enum]:
            raise DomainError(
                _l("Een consultatie met status ‘%(current)s’ kan niet naar ‘%(target)s’.",
                   current=self.status_enum.label, target=target.label)
            )
        self.status = target.value

    def open(self, now: datetime) -> None:
        if is_blank(self.body_markdown):
            raise DomainError(_l("Een consultatie zonder toelichting kan niet worden geopend."), field="body")
        if self.closes_at <= now:
            raise DomainError(_l("De sluitingsdatum ligt in het verleden. Kies eerst een nieuwe sluitingsdatum."), field="closes_at")
        self._move_to(ConsultationStatus.OPEN)
        self.opened_at = now
        self.closed_at = None

    def close(self, now: datetime) -> None:
        self._move_to(ConsultationStatus.CLOSED)
        self.closed_at = now

    def publish_report(self, report_markdown: str, report_html: str, now: datetime) -> None:
        if is_blank(report_markdown):
            raise DomainError(_l("Schrijf eerst wat er met de reacties is gedaan."), field="report")
        self._move_to(ConsultationStatus.REPORTED)
        self.report_markdown = report_markdown
        self.report_html = report_html
        self.reported_at = now

    def check_editable(self) -> None:
        if self.is_reported:
            raise DomainError(_l("Een consultatie waarvan het verslag is gepubliceerd kan niet meer worden gewijzigd."))


class Document(db.Model):
    """A PDF that belongs to a consultation, stored under a server-chosen name."""

    __tablename__ = "consultation_document"
    __table_args__ = (
        UniqueConstraint("stored_name"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64))
    original_filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship(back_populates="documents")

    @property
    def download_name(self) -> str:
        return self.original_filename if self.original_filename.lower().endswith(".pdf") else f"{self.original_filename}.pdf"
