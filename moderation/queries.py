"""Read-only lookups for the moderation pages: the queue, the dashboard figures, the
decision log and its CSV export."""
from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from inspraak.accounts.models import Role, User
from inspraak.accounts.permissions import is_admin
from inspraak.consultations.models import Consultation, ConsultationStatus
from inspraak.database import paginate
from inspraak.extensions import db
from moderation.models import (
    DecisionAction, Finding, FindingKind, HideReason, ItemStatus, ModerationDecision, ModerationItem,
    ModeratorAssignment,
)
from moderation.permissions import can_view_moderation
from surveys.models import Answer, Question, Response, Survey

QUEUE_PAGE_SIZE = 25


def consultations_for(user) -> list[Consultation]:
    """The consultations whose moderation ``user`` may see: all public ones for admins,
    assigned ones for moderators, owned ones for policy officers."""
    query = db.select(Consultation).where(Consultation.status != ConsultationStatus.DRAFT.value)
    if not is_admin(user):
        if user.has_role(Role.MODERATOR):
            query = query.join(ModeratorAssignment, ModeratorAssignment.consultation_id == Consultation.id).where(
                ModeratorAssignment.user_id == user.id)
        else:
            query = query.where(Consultation.owner_id == user.id)
    consultations = db.session.scalars(query.order_by(Consultation.closes_at.desc())).all()
    return [c for c in consultations if can_view_moderation(user, c)]


def queue_sizes(consultation_ids: list[int]) -> dict[int, int]:
    if not consultation_ids:
        return {}
    rows = db.session.execute(db.select(ModerationItem.consultation_id, db.func.count()).where(
        ModerationItem.consultation_id.in_(consultation_ids),
        ModerationItem.status == ItemStatus.PENDING.value).group_by(ModerationItem.consultation_id)).all()
    return dict(rows)


def questions_of(consultation: Consultation) -> list[Question]:
    """The questions of the consultation's questionnaire that can have items, in order."""
    return list(db.session.scalars(
        db.select(Question).join(Survey, Survey.id == Question.survey_id)
        .where(Survey.consultation_id == consultation.id, Question.kind.in_(("short_text", "long_text", "file")))
        .order_by(Question.position, Question.id)))


@dataclass(frozen=True)
class QueueFilters:
    status: str = ItemStatus.PENDING.value
    question_id: int | None = None
    category: str | None = None
    finding: str | None = None   # a FindingKind value, or "none" for items without findings


def queue(consultation: Consultation, filters: QueueFilters, page: int):
    """Items of the consultation, oldest first (a Flask-SQLAlchemy Pagination)."""
    query = (db.select(ModerationItem)
             .join(Answer, Answer.id == ModerationItem.answer_id)
             .join(Response, Response.id == Answer.response_id)
             .where(ModerationItem.consultation_id == consultation.id, ModerationItem.status == filters.status)
             .options(selectinload(ModerationItem.findings), selectinload(ModerationItem.answer)
                      .selectinload(Answer.response), selectinload(ModerationItem.answer).selectinload(Answer.question))
             .order_by(ModerationItem.submitted_at, ModerationItem.id))
    if filters.question_id is not None:
        query = query.where(ModerationItem.question_id == filters.question_id)
    if filters.category:
        query = query.where(Response.respondent_category == filters.category)
    if filters.finding == "none":
        query = query.where(~db.exists().where(Finding.item_id == ModerationItem.id))
    elif filters.finding:
        query = query.where(db.exists().where(Finding.item_id == ModerationItem.id, Finding.kind == filters.finding))
    return paginate(query, page=page, per_page=QUEUE_PAGE_SIZE)


def item_in(consultation: Consultation, item_id: int, *, for_update: bool = False) -> ModerationItem | None:
    """The item, if it belongs to this consultation. ``for_update``: locked until the
    decision commits (PostgreSQL; SQLite takes its write lock at the first write), so two
    moderators deciding at the same moment are taken one after the other."""
    item = db.session.get(ModerationItem, item_id, with_for_update=for_update or None)
    return item if item is not None and item.consultation_id == consultation.id else None


def decisions_of_item(item: ModerationItem) -> list[ModerationDecision]:
    return list(db.session.scalars(db.select(ModerationDecision).where(ModerationDecision.item_id == item.id)
                                   .order_by(ModerationDecision.at, ModerationDecision.id)))


def decision_log(consultation: Consultation, page: int):
    query = (db.select(ModerationDecision).where(ModerationDecision.consultation_id == consultation.id)
             .order_by(ModerationDecision.at.desc(), ModerationDecision.id.desc()))
    return paginate(query, page=page, per_page=50)


CSV_HEADER = ("id", "tijdstip", "reactie", "moderator", "actie", "reden", "toelichting", "status_voor", "status_na",
              "openbare_tekst_voor", "openbare_tekst_na", "onleesbare_passages")


def decision_rows(consultation: Consultation) -> Iterator[tuple]:
    """The decision log as rows for ``inspraak.exports.csv_lines``, oldest first, streamed."""
    query = (db.select(ModerationDecision).where(ModerationDecision.consultation_id == consultation.id)
             .order_by(ModerationDecision.at, ModerationDecision.id))
    for decision in db.session.scalars(query):
        yield (decision.id, decision.at, decision.item_id, decision.actor_name or "(meldingen)", decision.action,
               decision.reason or "", decision.note, decision.status_before, decision.status_after,
               decision.text_before or "", decision.text_after or "",
               " ".join(f"{start}-{end}" for start, end in decision.redactions or []))


@dataclass(frozen=True)
class Dashboard:
    queue_size: int
    published: int
    hidden: int
    hidden_by_reports: int
    open_reports: int
    findings_by_kind: list[tuple[FindingKind, int]]
    decisions_per_day: list[tuple[date, dict[str, int]]]
    median_hours_to_decision: float | None
    decided: int


def dashboard(consultation: Consultation) -> Dashboard:
    from moderation.models import Report

    by_status = dict(db.session.execute(db.select(ModerationItem.status, db.func.count()).where(
        ModerationItem.consultation_id == consultation.id).group_by(ModerationItem.status)).all())
    hidden_by_reports = db.session.scalar(db.select(db.func.count()).where(
        ModerationItem.consultation_id == consultation.id, ModerationItem.is_hidden_by_reports.is_(True))) or 0
    open_reports = db.session.scalar(db.select(db.func.count(Report.id)).join(ModerationItem).where(
        ModerationItem.consultation_id == consultation.id, Report.resolved_at.is_(None))) or 0
    kinds = dict(db.session.execute(db.select(Finding.kind, db.func.count(db.distinct(Finding.item_id)))
                                    .join(ModerationItem).where(ModerationItem.consultation_id == consultation.id)
                                    .group_by(Finding.kind)).all())
    per_day: dict[date, dict[str, int]] = {}
    for at, action in db.session.execute(db.select(ModerationDecision.at, ModerationDecision.action).where(
            ModerationDecision.consultation_id == consultation.id)):
        day = per_day.setdefault(at.date(), {})
        day[action] = day.get(action, 0) + 1
    waits = [(decided - submitted).total_seconds() / 3600 for submitted, decided in db.session.execute(
        db.select(ModerationItem.submitted_at, ModerationItem.first_decided_at).where(
            ModerationItem.consultation_id == consultation.id, ModerationItem.first_decided_at.is_not(None)))]
    return Dashboard(
        queue_size=by_status.get(ItemStatus.PENDING.value, 0), published=by_status.get(ItemStatus.APPROVED.value, 0),
        hidden=by_status.get(ItemStatus.HIDDEN.value, 0), hidden_by_reports=hidden_by_reports,
        open_reports=open_reports,
        findings_by_kind=[(kind, kinds[kind.value]) for kind in FindingKind if kinds.get(kind.value)],
        decisions_per_day=sorted(per_day.items(), reverse=True),
        median_hours_to_decision=statistics.median(waits) if waits else None, decided=len(waits))


def assignable_moderators(consultation: Consultation) -> list[User]:
    assigned = {a.user_id for a in consultation.moderator_assignments}
    people = db.session.scalars(db.select(User).where(User.role == Role.MODERATOR.value, User.deleted_at.is_(None))
                                .order_by(User.name, User.id))
    return [person for person in people if person.id not in assigned]


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def decision_actions() -> list[DecisionAction]:
    return list(DecisionAction)


def hide_reason_label(value: str | None):
    return HideReason(value).label if value in HideReason.values() else ""
