"""Surveys, their sections and questions, and the responses with their answers."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.accounts.models import OrganisationCategory, User
from inspraak.consultations.models import Consultation, Topic
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db


class SurveyStatus(LabelledEnum):
    DRAFT = "draft", _l("Concept")
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Gesloten")


class ResponsePublication(LabelledEnum):
    WITH_NAME = "with_name", _l("Openbaar met mijn naam (of de naam van mijn organisatie)")
    ANONYMOUS = "anonymous", _l("Openbaar, maar zonder naam")
    NOT_PUBLISHED = "not_published", _l("Niet openbaar: alleen voor de beleidsmakers")


class ResponseSource(LabelledEnum):
    WEB = "web", _l("Website")
    IMPORT = "import", _l("Ingevoerd (papier of partner)")


class AnswerModerationStatus(LabelledEnum):
    NOT_APPLICABLE = "not_applicable", _l("Niet van toepassing")
    PENDING = "pending", _l("Wacht op moderatie")
    APPROVED = "approved", _l("Goedgekeurd")
    REDACTED = "redacted", _l("Deels onleesbaar gemaakt")
    HIDDEN = "hidden", _l("Verborgen")


CITIZEN = "citizen"


def respondent_categories() -> list[tuple[str, object]]:
    """Citizen, then every organisation category of ``inspraak.accounts``."""
    return [(CITIZEN, _l("Burger"))] + OrganisationCategory.choices()


def category_label(value: str | None):
    return dict(respondent_categories()).get(value or "", value or "")


class ConditionOperator(LabelledEnum):
    EQUALS = "equals", _l("is gelijk aan")
    CONTAINS = "contains", _l("bevat")
    NOT_EQUALS = "not_equals", _l("is niet gelijk aan")


class Survey(db.Model):
    __tablename__ = "survey"
    __table_args__ = (
        UniqueConstraint("slug"),
        # A consultation has at most one questionnaire.
        UniqueConstraint("consultation_id"),
        CheckConstraint(enum_check("status", SurveyStatus), name="status"),
        # Either the questionnaire of a consultation, or stand-alone with a topic and a period.
        CheckConstraint("consultation_id IS NOT NULL OR (topic_id IS NOT NULL AND opens_at IS NOT NULL "
                        "AND closes_at IS NOT NULL)", name="belongs_somewhere"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="period"),
        # The public list: opened surveys, newest first.
        Index("ix_survey_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    intro_markdown: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=SurveyStatus.DRAFT.value, index=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    allows_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    shows_live_results: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    owner: Mapped[User] = relationship()
    sections: Mapped[list[Section]] = relationship(back_populates="survey", order_by="Section.position",
                                                   cascade="all, delete-orphan")
    questions: Mapped[list[Question]] = relationship(back_populates="survey", order_by="Question.position",
                                                     viewonly=True)

    @property
    def status_enum(self) -> SurveyStatus:
        return SurveyStatus(self.status)

    @property
    def is_draft(self) -> bool:
        return self.status_enum is SurveyStatus.DRAFT

    @property
    def publishes_responses(self) -> bool:
        """Only a consultation publishes responses (moderated, in its list of reactions and
        its report). A stand-alone survey publishes none, so it asks its respondents
        neither whether they may be published nor their name."""
        return self.consultation_id is not None

    @property
    def effective_topic(self) -> Topic | None:
        return self.consultation.topic if self.consultation is not None else self.topic

    @property
    def period(self) -> tuple[datetime | None, datetime | None]:
        if self.consultation is not None:
            return self.consultation.opens_at, self.consultation.closes_at
        return self.opens_at, self.closes_at

    def is_accepting_responses(self, now: datetime) -> bool:
        if self.status_enum is not SurveyStatus.OPEN:
            return False
        if self.consultation is not None:
            return self.consultation.is_accepting_responses(now)
        return self.opens_at <= now < self.closes_at

    def has_ended(self, now: datetime) -> bool:
        """Closed by its owner, or its period (or its consultation) is over."""
        if self.status_enum is SurveyStatus.CLOSED:
            return True
        if self.status_enum is SurveyStatus.DRAFT:
            return False
        opens_at, closes_at = self.period
        if self.consultation is not None and not self.consultation.is_accepting_responses(now):
            return now >= opens_at
        return now >= closes_at

    def ordered_questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def open(self) -> None:
        if self.status_enum is SurveyStatus.OPEN:
            raise DomainError(_l("Deze enquête is al open."))
        if not self.ordered_questions():
            raise DomainError(_l("Een enquête zonder vragen kan niet worden geopend."))
        self.status = SurveyStatus.OPEN.value

    def close(self) -> None:
        if self.status_enum is not SurveyStatus.OPEN:
            raise DomainError(_l("Alleen een open enquête kan worden gesloten."))
        self.status = SurveyStatus.CLOSED.value


class Section(db.Model):
    """A page of the survey."""

    __tablename__ = "survey_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    # {"question": <id>, "operator": "equals|contains|not_equals", "value": "..."} or None
    show_if: Mapped[dict | None] = mapped_column(JSON)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(back_populates="section", order_by="Question.position",
                                                     cascade="all, delete-orphan")


class Question(db.Model):
    __tablename__ = "survey_question"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_section.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(Text, default="")
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"value": "ja", "label": "Ja"}, ...] for choice, ranking and matrix questions.
    options: Mapped[list] = mapped_column(JSON, default=list)
    # Kind-specific settings: max_length, min_choices, max_choices, has_other, minimum, maximum, rows.
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    show_if: Mapped[dict | None] = mapped_column(JSON)

    survey: Mapped[Survey] = relationship(back_populates="questions")
    section: Mapped[Section] = relationship(back_populates="questions")

    def option_label(self, value: str) -> str:
        for option in self.options or []:
            if option["value"] == value:
                return option["label"]
        return value


class Response(db.Model):
    """One respondent's response; a draft (``submitted_at`` empty) until it is sent."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("submission_token"),
        UniqueConstraint("reference"),
        UniqueConstraint("resume_token_hash"),
        # One response per account per survey (anonymous responses have no user).
        UniqueConstraint("survey_id", "user_id"),
        # Results, counts, exports and "responses since the analysis": a survey's submitted
        # responses by time, per category.
        Index("ix_survey_response_survey_submitted", "survey_id", "submitted_at", "respondent_category"),
        CheckConstraint(enum_check("publication", ResponsePublication), name="publication"),
        CheckConstraint(enum_check("source", ResponseSource), name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    respondent_category: Mapped[str | None] = mapped_column(String(40))
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    respondent_name: Mapped[str | None] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(40))
    publication: Mapped[str] = mapped_column(String(20), default=ResponsePublication.NOT_PUBLISHED.value)
    source: Mapped[str] = mapped_column(String(10), default=ResponseSource.WEB.value)
    submission_token: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(20))
    resume_token_hash: Mapped[str | None] = mapped_column(String(64))
    # A salted hash of the client's address, only to flag bulk submissions; never the address.
    client_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    page_reached: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    survey: Mapped[Survey] = relationship()
    user: Mapped[User | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def category_label(self):
        return category_label(self.respondent_category)

    def answers_by_question(self) -> dict[int, object]:
        return {answer.question_id: answer.value for answer in self.answers}


class Answer(db.Model):
    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint(enum_check("moderation_status", AnswerModerationStatus), name="moderation_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    # Open text is stored exactly as typed (JSON keeps every character).
    value: Mapped[object] = mapped_column(JSON)
    moderation_status: Mapped[str] = mapped_column(String(20), default=AnswerModerationStatus.NOT_APPLICABLE.value,
                                                   index=True)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

