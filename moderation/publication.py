"""What the public may see of the responses: the one place that decides it.

An answer is public only when its respondent chose publication (with or without name),
the response was sent, and a moderator approved it; the public text is the answer with
every redacted passage replaced by "[verwijderd]". Other areas (the consultation
summaries, the API) read responses through these functions and never through
``surveys.models`` directly, so nothing unapproved or ``not_published`` can leak.

Stable names used elsewhere: ``public_text``, ``public_author``, ``approved_answers_query``,
``published_answers``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspraak.consultations.models import Consultation
from inspraak.extensions import db
from moderation.models import ItemKind, ItemStatus, ModerationItem
from surveys.models import Answer, Question, Response, ResponsePublication, category_label

REDACTED = "[verwijderd]"


def apply_redactions(text: str, spans) -> str:
    """``text`` with each ``[start, end]`` span replaced by "[verwijderd]" (overlapping
    and touching spans count as one)."""
    merged: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in spans or []):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        parts.append(text[position:start])
        parts.append(REDACTED)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def item_of(answer: Answer) -> ModerationItem | None:
    return db.session.scalar(db.select(ModerationItem).where(ModerationItem.answer_id == answer.id))


def _publishable(response: Response) -> bool:
    return response.is_submitted and response.publication in (
        ResponsePublication.WITH_NAME.value, ResponsePublication.ANONYMOUS.value)


def public_text(answer: Answer) -> str | None:
    """The text the public may read, with redactions applied; ``None`` unless the respondent
    chose publication and a moderator approved the answer (and for a position paper, which
    has no text: see ``published_answers`` for its file)."""
    if not _publishable(answer.response):
        return None
    item = item_of(answer)
    if item is None or item.status != ItemStatus.APPROVED.value or item.kind != ItemKind.TEXT.value:
        return None
    return item.published_text


def author_label(response: Response) -> str:
    """The respondent's name (and organisation) when they chose publication with name,
    otherwise only their category ("Burger", "Bedrijf", ...)."""
    if response.publication == ResponsePublication.WITH_NAME.value:
        names = [n for n in (response.respondent_name, response.organisation_name) if n]
        if names:
            return ", ".join(names)
    return str(category_label(response.respondent_category))


def public_author(answer: Answer) -> str:
    return author_label(answer.response)


def approved_answers_query(consultation: Consultation, *, question_id: int | None = None,
                           category: str | None = None, search: str | None = None):
    """A select of (ModerationItem, Answer, Response, Question) for the public answers of a
    consultation, in question order, oldest first. ``search`` looks in the public
    (redacted) text only, case-insensitively."""
    query = (
        db.select(ModerationItem, Answer, Response, Question)
        .join(Answer, Answer.id == ModerationItem.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == ModerationItem.question_id)
        .where(ModerationItem.consultation_id == consultation.id,
               ModerationItem.status == ItemStatus.APPROVED.value,
               Response.submitted_at.is_not(None),
               Response.publication.in_((ResponsePublication.WITH_NAME.value, ResponsePublication.ANONYMOUS.value)))
        .order_by(Question.position, Question.id, ModerationItem.submitted_at, ModerationItem.id)
    )
    if question_id is not None:
        query = query.where(ModerationItem.question_id == question_id)
    if category:
        query = query.where(Response.respondent_category == category)
    if search:
        needle = "%" + _escape_like(search.strip().lower()) + "%"
        query = query.where(db.func.lower(ModerationItem.published_text).like(needle, escape="\\"))
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class PublicAnswer:
    item_id: int
    question_id: int
    question_text: str
    author: str
    category: str | None
    category_label: str
    is_named: bool
    text: str | None            # open answers: the public text
    filename: str | None        # position papers: the file's name (download through its item)
    size_bytes: int | None
    submitted_at: datetime
    report_count: int = 0


@dataclass(frozen=True)
class PublicPage:
    items: list[PublicAnswer]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page if self.total else 0

    # What ``templates/macros/pagination.html`` asks of every page (as Flask-SQLAlchemy's Pagination).
    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def _public(item: ModerationItem, answer: Answer, response: Response, question: Question) -> PublicAnswer:
    value = answer.value if isinstance(answer.value, dict) else {}
    is_file = item.kind == ItemKind.FILE.value
    return PublicAnswer(
        item_id=item.id, question_id=question.id, question_text=question.text, author=author_label(response),
        category=response.respondent_category, category_label=str(category_label(response.respondent_category)),
        is_named=response.publication == ResponsePublication.WITH_NAME.value,
        text=None if is_file else item.published_text,
        filename=value.get("filename") if is_file else None, size_bytes=value.get("size_bytes") if is_file else None,
        submitted_at=item.submitted_at)


def _count(query) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(query.order_by(None).subquery())) or 0


def published_answer_count(consultation: Consultation) -> int:
    """How many answers of the consultation are public (one COUNT; the consultation page's link)."""
    return _count(approved_answers_query(consultation))


def published_answers(consultation: Consultation, *, question_id: int | None = None, category: str | None = None,
                      search: str | None = None, page: int = 1, per_page: int = 20) -> PublicPage:
    query = approved_answers_query(consultation, question_id=question_id, category=category, search=search)
    total = _count(query)
    page = min(page, max(1, (total + per_page - 1) // per_page))  # past the end: the last page
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return PublicPage([_public(*row) for row in rows], page, per_page, total)


def published_file_item(consultation: Consultation, item_id: int) -> ModerationItem | None:
    """An approved position paper of this consultation, or None."""
    query = approved_answers_query(consultation).where(ModerationItem.id == item_id,
                                                       ModerationItem.kind == ItemKind.FILE.value)
    row = db.session.execute(query).first()
    return row[0] if row else None


def published_item(item_id: int) -> ModerationItem | None:
    """A published item (any consultation), e.g. to report it."""
    item = db.session.get(ModerationItem, item_id)
    if item is None or item.status != ItemStatus.APPROVED.value or not _publishable(item.answer.response):
        return None
    return item
