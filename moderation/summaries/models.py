"""Stored analysis of a consultation's answers, and the corrections made to it.

* ``SummaryRun``: one analysis of a consultation's questionnaire (a background job with
  progress); holds who responded (counts), computed from the responses it saw.
* ``SummaryQuestion``: per question the input hash, themes and campaigns of the last
  analysis and the figures the dashboard and reports show (kept current after corrections).
* ``SummaryAnswer``: per open-text answer the machine's labels under the hash of its text,
  and the officer's overrides (which re-analysis never touches).
* ``SummaryTheme``: a theme of a question; machine themes are matched to the new ones on
  re-analysis (so a new name and a merge stay), human themes (from a split) stay as they are.
* ``SummaryCorrection``: every change to a label or a theme, by a person or by the machine
  on re-analysis, with before and after. Append-only.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, case, false,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspraak.accounts.models import User
from inspraak.database import LabelledEnum, UTCDateTime, enum_check, utcnow
from inspraak.extensions import db


class RunStatus(LabelledEnum):
    QUEUED = "queued", _l("In de wachtrij")
    RUNNING = "running", _l("Bezig")
    DONE = "done", _l("Klaar")
    FAILED = "failed", _l("Mislukt")


class ThemeOrigin(LabelledEnum):
    MACHINE = "machine", _l("Analyse")
    HUMAN = "human", _l("Beleidsmedewerker")


class CorrectionKind(LabelledEnum):
    RENAME = "rename", _l("Thema hernoemd")
    MERGE = "merge", _l("Thema's samengevoegd")
    SPLIT = "split", _l("Thema gesplitst")
    MOVE = "move", _l("Antwoord naar ander thema")
    SENTIMENT = "sentiment", _l("Sentiment gecorrigeerd")
    STANCE = "stance", _l("Standpunt gecorrigeerd")


class CorrectionSource(LabelledEnum):
    MACHINE = "machine", _l("Analyse")
    HUMAN = "human", _l("Mens")


SENTIMENTS = ("positive", "neutral", "negative")
STANCES = ("supports", "opposes", "mixed", "unclear")


class SummaryRun(db.Model):
    __tablename__ = "summary_run"
    __table_args__ = (
        CheckConstraint(enum_check("status", RunStatus), name="status"),
        CheckConstraint("done >= 0 AND done <= total", name="progress"),
        CheckConstraint("pending_chunks >= 0 AND pending_chunks <= chunks", name="pending_chunks"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=RunStatus.QUEUED.value)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    # Answers whose stored labels were reused, and those analysed afresh.
    reused: Mapped[int] = mapped_column(Integer, default=0)
    analysed: Mapped[int] = mapped_column(Integer, default=0)
    # The run's chunk jobs (runs.py), and how many have not finished: the job that brings
    # ``pending_chunks`` to 0 (one atomic UPDATE ... RETURNING) queues the finishing job.
    chunks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pending_chunks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    responses: Mapped[int] = mapped_column(Integer, default=0)
    # Who responded: {"categories": {...}, "organisations": [...], "provinces": {...}, "weeks": [...]}
    respondents: Mapped[dict] = mapped_column(JSON, default=dict)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last sign of life of a running analysis (a chunk done, a step begun): a run
    # without one for ``runs.STALE_AFTER`` died with its worker, however long it has run.
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User | None] = relationship()

    @property
    def status_enum(self) -> RunStatus:
        return RunStatus(self.status)

    @property
    def is_active(self) -> bool:
        return self.status_enum in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class SummaryChunk(db.Model):
    """What one label chunk of a run hands on to the step that finds the campaigns and fits
    the themes (``runs.py``), so that step reads no texts but a sample: the chunk's answer
    ids, their MinHash signatures (``MinHashIndex.sign``, for questions past
    ``campaigns.LARGE`` answers) and a hash of its answers that adds up over the chunks
    into the question's input hash. Kept only while the run needs them."""

    __tablename__ = "summary_chunk"
    __table_args__ = (UniqueConstraint("run_id", "question_id", "low"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("summary_run.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    low: Mapped[int] = mapped_column(Integer)            # the chunk's first answer id (0: from the start)
    answers: Mapped[int] = mapped_column(Integer)        # its analysed (non-blank) answers
    # The sum, modulo 2**256, of SHA-256 over each answer's id and text hash: the same
    # answers give the same sum however they are cut into chunks.
    answer_sum: Mapped[str] = mapped_column(String(64))
    answer_ids: Mapped[bytes] = mapped_column(LargeBinary)          # int64, little-endian, ascending
    signatures: Mapped[bytes | None] = mapped_column(LargeBinary)   # uint32 x NUM_PERM per answer, little-endian
    eligible: Mapped[bytes | None] = mapped_column(LargeBinary)     # one byte per answer: long enough for a campaign


class SummaryQuestion(db.Model):
    __tablename__ = "summary_question"
    __table_args__ = (UniqueConstraint("question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    # SHA-256 over the question's answers (ids and texts) and the analysis settings.
    input_hash: Mapped[str] = mapped_column(String(64))
    # [{"number", "size", "template", "answer_ids"}]: every campaign with its copies, so it
    # grows with the answers; loaded only when asked for (the pages read ``figures``).
    campaigns: Mapped[list] = mapped_column(JSON, default=list, deferred=True)
    # What the dashboard and the reports show; recomputed after analysis and every correction.
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    # The theme model of the last analysis (pickled ``ThemeAssigner`` and theme row ids, a
    # few MB, written and read only by the analysis jobs): the chunk jobs that assign the
    # themes, on any worker, load it from here.
    theme_model: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SummaryTheme(db.Model):
    __tablename__ = "summary_theme"
    __table_args__ = (
        CheckConstraint(enum_check("origin", ThemeOrigin), name="origin"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id != id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(10), default=ThemeOrigin.MACHINE.value)
    machine_label: Mapped[str] = mapped_column(String(200), default="")
    # The name an officer gave it; None: the machine's label.
    label: Mapped[str | None] = mapped_column(String(200))
    terms: Mapped[list] = mapped_column(JSON, default=list)
    # Positions (in the analysis input) are not stable; the most typical answers by id are.
    representative_ids: Mapped[list] = mapped_column(JSON, default=list)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("summary_theme.id", ondelete="SET NULL"))
    # A machine theme the last analysis no longer found (kept for history and overrides).
    is_retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def name(self) -> str:
        return self.label or self.machine_label


class SummaryAnswer(db.Model):
    __tablename__ = "summary_answer"
    __table_args__ = (
        UniqueConstraint("answer_id"),
        CheckConstraint(f"sentiment IN {SENTIMENTS}", name="sentiment"),
        CheckConstraint(f"stance IN {STANCES}", name="stance"),
        CheckConstraint(f"sentiment_override IS NULL OR sentiment_override IN {SENTIMENTS}", name="sentiment_override"),
        CheckConstraint(f"stance_override IS NULL OR stance_override IN {STANCES}", name="stance_override"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("survey_answer.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    sentiment: Mapped[str] = mapped_column(String(10))
    polarity: Mapped[float] = mapped_column(Float)
    stance: Mapped[str] = mapped_column(String(10))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("summary_theme.id", ondelete="SET NULL"))
    campaign: Mapped[int | None] = mapped_column(Integer)
    sentiment_override: Mapped[str | None] = mapped_column(String(10))
    stance_override: Mapped[str | None] = mapped_column(String(10))
    theme_override_id: Mapped[int | None] = mapped_column(ForeignKey("summary_theme.id", ondelete="SET NULL"))
    # An officer took the answer out of every theme: re-analysis keeps it out.
    theme_cleared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @hybrid_property
    def chosen_theme_id(self) -> int | None:
        """The officer's theme, else the machine's; None when the officer chose no theme
        (merges are resolved afterwards: ``figures.resolve_theme``)."""
        return None if self.theme_cleared else (self.theme_override_id or self.theme_id)

    @chosen_theme_id.inplace.expression
    @classmethod
    def _chosen_theme_id(cls):
        return case((cls.theme_cleared, None), else_=func.coalesce(cls.theme_override_id, cls.theme_id))

    @property
    def theme_corrected(self) -> bool:
        return self.theme_override_id is not None or bool(self.theme_cleared)

    @property
    def effective_sentiment(self) -> str:
        return self.sentiment_override or self.sentiment

    @property
    def effective_stance(self) -> str:
        return self.stance_override or self.stance


class SummaryCorrection(db.Model):
    __tablename__ = "summary_correction"
    __table_args__ = (
        CheckConstraint(enum_check("kind", CorrectionKind), name="kind"),
        CheckConstraint(enum_check("source", CorrectionSource), name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("survey_answer.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("summary_theme.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))
    before: Mapped[str] = mapped_column(String(300), default="")
    after: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()

    @property
    def kind_label(self):
        return CorrectionKind(self.kind).label

    @property
    def source_label(self):
        return CorrectionSource(self.source).label
