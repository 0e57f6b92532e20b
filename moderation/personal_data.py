"""Moderation's part of the privacy self-service and of ``inspraak purge``.

- Reports a person made while signed in are found by their keyed hash; they are
  exported, and erased with the account. Reports made without an account carry only a
  keyed hash of the client's address; resolved reports are removed after
  ``REPORT_RETENTION_DAYS``.
- What moderation did with the person's own answers (waiting, published as it stands or
  with passages made unreadable, hidden and why) is exported, so they can see it.
- A moderator's assignments are exported and erased. Their decisions stay in the
  append-only log (the record of a public task); the log holds their account id only,
  so after erasure it shows the anonymous placeholder name.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from inspraak.extensions import db
from moderation.models import HideReason, ItemStatus, ModerationDecision, ModerationItem, ModeratorAssignment, Report

REPORT_RETENTION_DAYS = 180
HIDDEN_BY_REPORTS = _l("Door meerdere lezers gemeld; een moderator beoordeelt het")


def _user_reporter_hash(user) -> str:
    from moderation.services import reporter_hash

    return reporter_hash(user, None)


def export_moderation_data(user) -> dict:
    reports = db.session.scalars(db.select(Report).where(Report.reporter_hash == _user_reporter_hash(user))
                                 .order_by(Report.created_at)).all()
    assignments = db.session.scalars(db.select(ModeratorAssignment).where(ModeratorAssignment.user_id == user.id)).all()
    decisions = db.session.scalars(db.select(ModerationDecision).where(ModerationDecision.actor_id == user.id)
                                   .order_by(ModerationDecision.at)).all()
    return {
        "my_answers": _own_answers(user),
        "reports": [{"answer": r.item_id, "reason": r.reason, "note": r.note, "created_at": r.created_at.isoformat()}
                    for r in reports],
        "moderator_of": [a.consultation.title for a in assignments],
        "decisions": [{"at": d.at.isoformat(), "answer": d.item_id, "action": d.action, "reason": d.reason,
                       "note": d.note} for d in decisions],
    }


def _own_answers(user) -> list[dict]:
    """The moderation of this person's own answers: its state in words, and for a hidden
    answer the reason (the moderator's note is internal and stays in the log)."""
    from surveys.models import Answer, Response

    items = db.session.scalars(
        db.select(ModerationItem).join(Answer, ModerationItem.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id).where(Response.user_id == user.id)
        .options(selectinload(ModerationItem.consultation),
                 selectinload(ModerationItem.answer).selectinload(Answer.question))
        .order_by(ModerationItem.id)).all()
    result = []
    for item in items:
        status = ItemStatus(item.status)
        entry = {"consultation": item.consultation.title, "question": item.answer.question.text,
                 "status": item.status, "status_label": str(status.label),
                 "passages_made_unreadable": len(item.redactions or [])}
        if status is ItemStatus.APPROVED:
            entry["published_text"] = item.published_text
        if status is ItemStatus.HIDDEN:
            entry["hidden_because"] = (str(HideReason(item.hide_reason).label) if item.hide_reason
                                       else str(HIDDEN_BY_REPORTS) if item.is_hidden_by_reports else None)
        result.append(entry)
    return result


def erase_moderation_data(user) -> None:
    """Inside the caller's transaction (no commit)."""
    for report in db.session.scalars(db.select(Report).where(Report.reporter_hash == _user_reporter_hash(user))).all():
        db.session.delete(report)
    for assignment in db.session.scalars(db.select(ModeratorAssignment).where(ModeratorAssignment.user_id == user.id)).all():
        db.session.delete(assignment)
    db.session.flush()


def purge_resolved_reports(now: datetime) -> int:
    old = db.session.scalars(db.select(Report).where(
        Report.resolved_at.is_not(None), Report.resolved_at < now - timedelta(days=REPORT_RETENTION_DAYS))).all()
    for report in old:
        db.session.delete(report)
    db.session.commit()
    return len(old)
