"""Moderation's use cases: decide on an item (approve, redact, hide, restore, approve in
bulk), assign moderators, and public reports. Each commits once and appends one
``ModerationDecision`` per item it changes.

The log keeps, per decision, what the public could read before and after it (``None``
when the item was not public): never more than was published, so the append-only log
does not become a second, unerasable copy of unpublished personal data. The redacted
spans are recorded as offsets.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation
from inspraak.errors import DomainError
from inspraak.extensions import db
from moderation.models import (
    REPORTS_TO_HIDE, DecisionAction, HideReason, ItemKind, ItemStatus, ModerationDecision, ModerationItem,
    ModeratorAssignment, Report, ReportReason,
)
from moderation.permissions import can_assign_moderators, can_be_assigned, can_moderate, can_report
from moderation.publication import apply_redactions
from surveys.models import AnswerModerationStatus

NOTE_LIMIT = 1000


class NotAllowed(DomainError):
    def __init__(self) -> None:
        super().__init__(_l("U mag de reacties van deze consultatie niet modereren."))


# --- helpers -----------------------------------------------------------------------

def _public_version(item: ModerationItem, redactions: list) -> str | None:
    if item.kind != ItemKind.TEXT.value:
        return None
    return apply_redactions(item.original_text, redactions)


def _sync_answer(item: ModerationItem) -> None:
    """Keep the answer's own status (surveys) in step with the item."""
    if item.status == ItemStatus.PENDING.value:
        status = AnswerModerationStatus.PENDING
    elif item.status == ItemStatus.HIDDEN.value:
        status = AnswerModerationStatus.HIDDEN
    else:
        status = AnswerModerationStatus.REDACTED if item.redactions else AnswerModerationStatus.APPROVED
    item.answer.moderation_status = status.value


def _record(item: ModerationItem, actor: User | None, action: DecisionAction, now: datetime, *,
            status_before: str, public_before: str | None, reason: str | None = None, note: str = "") -> None:
    """Append the decision and resolve the reports it answers."""
    db.session.add(ModerationDecision(
        item_id=item.id, consultation_id=item.consultation_id, actor_id=actor.id if actor else None, at=now, action=action.value, reason=reason, note=note,
        status_before=status_before, status_after=item.status, text_before=public_before,
        text_after=item.published_text, redactions=[list(span) for span in item.redactions or []]))
    if actor is not None:
        if item.first_decided_at is None:
            item.first_decided_at = now
        for report in item.reports:
            if report.resolved_at is None:
                report.resolved_at = now
        item.is_hidden_by_reports = False
    _sync_answer(item)


def last_decision(item: ModerationItem) -> int:
    """The id of the item's latest decision (0 before the first): what a moderator's page
    showed, sent back with a decision (``seen``)."""
    return db.session.scalar(db.select(db.func.max(ModerationDecision.id))
                             .where(ModerationDecision.item_id == item.id)) or 0


def _check(actor: User, item: ModerationItem, seen: int | None = None) -> None:
    if not can_moderate(actor, item.consultation):
        raise NotAllowed()
    if seen is not None and seen != last_decision(item):
        # Another moderator (or three reports) decided while this one was reading: approving
        # now could publish what the other had just hidden. Show the new state and ask again.
        raise DomainError(_l("Terwijl u deze reactie bekeek, is er een ander besluit over genomen (zie het "
                             "logboek hieronder). Bekijk de nieuwe stand en beslis opnieuw."))


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise DomainError(_l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=NOTE_LIMIT, count=len(note)),
                          field="note")
    return note


# --- decisions -----------------------------------------------------------------------

def approve(actor: User, item: ModerationItem, now: datetime, note: str = "", seen: int | None = None) -> None:
    """Publish the item (with its redactions, if any)."""
    _check(actor, item, seen)
    note = _clean_note(note)
    if item.status == ItemStatus.APPROVED.value:
        raise DomainError(_l("Deze reactie is al gepubliceerd."))
    before_status, before_public = item.status, item.published_text
    item.status = ItemStatus.APPROVED.value
    item.hide_reason = None
    item.published_text = _public_version(item, item.redactions)
    _record(item, actor, DecisionAction.APPROVE, now, status_before=before_status, public_before=before_public,
            note=note)
    db.session.commit()


def bulk_approve(actor: User, consultation: Consultation, item_ids: Iterable[int], now: datetime) -> int:
    """Approve the chosen items that wait and are clean (no findings but campaign copies);
    others are left alone.
    Returns how many were approved."""
    if not can_moderate(actor, consultation):
        raise NotAllowed()
    ids = sorted({int(i) for i in item_ids if 0 < int(i) < 2**63})   # beyond 64 bits: no such item
    if not ids:
        raise DomainError(_l("Kies eerst een of meer reacties."), field="items")
    items = db.session.scalars(db.select(ModerationItem).where(
        ModerationItem.id.in_(ids), ModerationItem.consultation_id == consultation.id,
        ModerationItem.status == ItemStatus.PENDING.value)).all()
    approved = 0
    for item in items:
        if not item.is_clean:
            continue
        item.status = ItemStatus.APPROVED.value
        item.published_text = _public_version(item, item.redactions)
        _record(item, actor, DecisionAction.APPROVE, now, status_before=ItemStatus.PENDING.value,
                public_before=None, note="")
        approved += 1
    db.session.commit()
    return approved


def normalise_spans(text: str, spans: Iterable) -> list[list[int]]:
    """Sorted, merged ``[start, end]`` spans within ``text``; a span outside it is refused."""
    clean = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        if not 0 <= start < end <= len(text):
            raise DomainError(_l("Een gekozen passage valt buiten de tekst."), field="spans")
        clean.append([start, end])
    merged: list[list[int]] = []
    for start, end in sorted(clean):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def spans_of_passages(text: str, passages: Iterable[str]) -> list[list[int]]:
    """Every occurrence of each passage (exactly as written) in ``text``."""
    spans = []
    for passage in passages:
        if not passage:
            continue
        position, found = text.find(passage), False
        while position != -1:
            spans.append([position, position + len(passage)])
            found = True
            position = text.find(passage, position + len(passage))
        if not found:
            raise DomainError(_l("De passage ‘%(passage)s’ staat niet in de tekst. Neem haar precies over.",
                                 passage=passage[:80]), field="passages")
    return spans


def redact(actor: User, item: ModerationItem, spans: Iterable, now: datetime, note: str = "", seen: int | None = None) -> None:
    """Blank these passages for the public (replacing the earlier choice). A waiting item
    keeps waiting for approval; a published one shows the new version at once."""
    _check(actor, item, seen)
    note = _clean_note(note)
    if item.kind != ItemKind.TEXT.value:
        raise DomainError(_l("Een PDF-bestand kan niet deels onleesbaar worden gemaakt; verberg het of keur het goed."))
    spans = normalise_spans(item.original_text, spans)
    if not spans:
        raise DomainError(_l("Kies ten minste één passage om onleesbaar te maken."), field="spans")
    if spans == (item.redactions or []):
        raise DomainError(_l("Deze passages zijn al onleesbaar gemaakt."), field="spans")
    before_status, before_public = item.status, item.published_text
    item.redactions = spans
    if item.status == ItemStatus.APPROVED.value:
        item.published_text = _public_version(item, spans)
    _record(item, actor, DecisionAction.REDACT, now, status_before=before_status, public_before=before_public,
            note=note)
    db.session.commit()


def hide(actor: User, item: ModerationItem, reason: str, now: datetime, note: str = "", seen: int | None = None) -> None:
    _check(actor, item, seen)
    note = _clean_note(note)
    if reason not in HideReason.values():
        raise DomainError(_l("Kies een reden uit de lijst."), field="reason")
    if reason == HideReason.OTHER.value and not note:
        raise DomainError(_l("Licht de reden ‘anders’ toe."), field="note")
    if item.status == ItemStatus.HIDDEN.value and not item.is_hidden_by_reports:
        raise DomainError(_l("Deze reactie is al verborgen."))
    before_status, before_public = item.status, item.published_text
    item.status = ItemStatus.HIDDEN.value
    item.hide_reason = reason
    item.published_text = None
    _record(item, actor, DecisionAction.HIDE, now, status_before=before_status, public_before=before_public,
            reason=reason, note=note)
    db.session.commit()


def restore(actor: User, item: ModerationItem, now: datetime, note: str = "", seen: int | None = None) -> None:
    """Put a hidden or published item back in the queue (unpublished until approved again)."""
    _check(actor, item, seen)
    note = _clean_note(note)
    if item.status == ItemStatus.PENDING.value:
        raise DomainError(_l("Deze reactie staat al in de wachtrij."))
    before_status, before_public = item.status, item.published_text
    item.status = ItemStatus.PENDING.value
    item.hide_reason = None
    item.published_text = None
    _record(item, actor, DecisionAction.RESTORE, now, status_before=before_status, public_before=before_public,
            note=note)
    db.session.commit()


# --- moderators per consultation ---------------------------------------------------------

def assign_moderator(actor: User, consultation: Consultation, moderator: User | None, now: datetime) -> ModeratorAssignment:
    if not can_assign_moderators(actor, consultation):
        raise DomainError(_l("Alleen de eigenaar van de consultatie of een beheerder wijst moderatoren aan."))
    if moderator is None or not can_be_assigned(moderator):
        raise DomainError(_l("Kies een account met de rol moderator."), field="moderator")
    if any(a.user_id == moderator.id for a in consultation.moderator_assignments):
        raise DomainError(_l("Deze moderator is al aangewezen."), field="moderator")
    assignment = ModeratorAssignment(consultation=consultation, user=moderator, assigned_by=actor, created_at=now)
    db.session.add(assignment)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("Deze moderator is al aangewezen."), field="moderator") from None
    return assignment


def unassign_moderator(actor: User, consultation: Consultation, assignment: ModeratorAssignment) -> None:
    if not can_assign_moderators(actor, consultation) or assignment.consultation_id != consultation.id:
        raise DomainError(_l("Alleen de eigenaar van de consultatie of een beheerder wijst moderatoren aan."))
    db.session.delete(assignment)
    db.session.commit()


# --- public reports ------------------------------------------------------------------------

def reporter_hash(user, client_address: str | None) -> str:
    """A keyed hash that tells reporters apart without keeping who they are: the account
    when signed in, otherwise the client's address."""
    if getattr(user, "is_authenticated", False):
        key = f"user:{user.id}"
    else:
        key = f"address:{client_address or 'unknown'}"
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"report:{key}".encode(), hashlib.sha256).hexdigest()


def report_item(item: ModerationItem, *, reason: str, note: str, reporter: str, now: datetime) -> bool:
    """Record a report. After ``REPORTS_TO_HIDE`` open reports from different people the
    item is hidden until a moderator decides (logged as ``report_hide``). Returns whether
    this report was new (the same person reporting again changes nothing)."""
    if not can_report(None, item):
        raise DomainError(_l("Deze reactie is niet (meer) gepubliceerd."))
    if reason not in ReportReason.values():
        raise DomainError(_l("Kies een reden uit de lijst."), field="reason")
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError(_l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=500, count=len(note)),
                          field="note")
    if db.session.scalar(db.select(Report.id).where(Report.item_id == item.id, Report.reporter_hash == reporter)):
        return False
    db.session.add(Report(item=item, reporter_hash=reporter, reason=reason, note=note, created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    open_reports = db.session.scalar(db.select(db.func.count(db.distinct(Report.reporter_hash))).where(
        Report.item_id == item.id, Report.resolved_at.is_(None))) or 0
    if open_reports >= REPORTS_TO_HIDE and item.status == ItemStatus.APPROVED.value:
        before_public = item.published_text
        item.status = ItemStatus.HIDDEN.value
        item.published_text = None
        item.is_hidden_by_reports = True
        _record(item, None, DecisionAction.REPORT_HIDE, now, status_before=ItemStatus.APPROVED.value,
                public_before=before_public, note=f"{open_reports} meldingen")
    db.session.commit()
    return True
