"""Event use cases for officers and the public: create, edit, publish, summary, attendance,
lists, the participant export, reminders and the erasure of answers after the event.

Signing up, cancelling and selection live in ``roundtables.signup``.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation, Topic
from inspraak.database import paginate, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.roundtables import mails
from inspraak.roundtables.models import (
    NEEDS_KEPT_FOR, ParticipantCategory, Registration, RegistrationStatus, Roundtable, RoundtableKind, RoundtableMode,
    RoundtableSeat,
)
from inspraak.roundtables.signup import fill_from_waitlist, normalise_code
from inspraak.text import is_blank, markdown_to_html


@dataclass(frozen=True)
class RoundtableFields:
    kind: RoundtableKind
    mode: RoundtableMode
    title: str
    description_markdown: str
    agenda_markdown: str
    consultation: Consultation | None
    topic: Topic | None
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_url: str | None
    signup_opens_at: datetime
    signup_closes_at: datetime
    max_per_organisation: int
    seats: dict[ParticipantCategory, int]


def _problems(fields: RoundtableFields) -> dict[str, object]:
    """Every problem with the fields at once (field name -> message, in the order of the form)."""
    errors: dict[str, object] = {}
    if fields.consultation is None and fields.topic is None:
        errors["topic"] = _l("Koppel de bijeenkomst aan een consultatie of een onderwerp.")
    if fields.ends_at <= fields.starts_at:
        errors["ends_at"] = _l("Het einde moet na het begin liggen.")
    if not (fields.place or fields.online_url):
        errors["place"] = _l("Vul een adres of een online link in.")
    if fields.signup_closes_at <= fields.signup_opens_at:
        errors["signup_closes_at"] = _l("De aanmelding moet sluiten na het openen.")
    elif fields.signup_closes_at > fields.starts_at:
        errors["signup_closes_at"] = _l("De aanmelding moet sluiten voordat de bijeenkomst begint.")
    if sum(fields.seats.values()) < 1:
        errors["seats_citizen"] = _l("Geef ten minste één categorie plaatsen.")
    if fields.max_per_organisation < 1:
        errors["max_per_organisation"] = _l("Minstens één deelnemer per organisatie.")
    return errors


def _check(fields: RoundtableFields, errors: dict[str, object] | None = None) -> None:
    """Refuse the fields with every problem at once; ``errors`` holds any found before."""
    errors = {**(errors or {}), **_problems(fields)}
    if errors:
        raise DomainError.for_fields(errors)


def _apply(roundtable: Roundtable, fields: RoundtableFields, errors: dict[str, object] | None = None) -> None:
    _check(fields, errors)
    roundtable.kind = fields.kind.value
    roundtable.mode = fields.mode.value
    roundtable.title = fields.title.strip()
    roundtable.description_markdown = fields.description_markdown
    roundtable.description_html = markdown_to_html(fields.description_markdown)
    roundtable.agenda_markdown = fields.agenda_markdown
    roundtable.agenda_html = markdown_to_html(fields.agenda_markdown)
    roundtable.consultation = fields.consultation
    roundtable.topic = fields.topic if fields.consultation is None else (fields.topic or fields.consultation.topic)
    roundtable.starts_at = fields.starts_at
    roundtable.ends_at = fields.ends_at
    roundtable.place = (fields.place or "").strip() or None
    roundtable.online_url = (fields.online_url or "").strip() or None
    roundtable.signup_opens_at = fields.signup_opens_at
    roundtable.signup_closes_at = fields.signup_closes_at
    roundtable.max_per_organisation = fields.max_per_organisation


def create_roundtable(actor: User, fields: RoundtableFields) -> Roundtable:
    roundtable = Roundtable(owner=actor)
    _apply(roundtable, fields)
    for category, seats in fields.seats.items():
        roundtable.seats.append(RoundtableSeat(category=category.value, seats=seats, taken=0, waitlisted=0))
    db.session.add(roundtable)
    db.session.commit()
    return roundtable


def update_roundtable(actor: User, roundtable: Roundtable, fields: RoundtableFields) -> None:
    """Edit; seats may grow (the waitlist moves up) or shrink, never below what is taken."""
    errors: dict[str, object] = {}
    if roundtable.mode != fields.mode.value and db.session.scalar(
            select(func.count()).select_from(Registration).where(Registration.roundtable_id == roundtable.id)):
        errors["mode"] = _l("De manier van aanmelden kan niet meer veranderen: er zijn al aanmeldingen.")
    _apply(roundtable, fields, errors)
    now = utcnow()
    promoted = []
    for category, seats in fields.seats.items():
        seat = roundtable.seat_for(category)
        if seat is None:
            roundtable.seats.append(RoundtableSeat(category=category.value, seats=seats, taken=0, waitlisted=0))
            continue
        result = db.session.execute(update(RoundtableSeat).where(RoundtableSeat.id == seat.id, RoundtableSeat.taken <= seats)
                                    .values(seats=seats).execution_options(synchronize_session=False))
        if result.rowcount != 1:
            db.session.rollback()
            raise DomainError(_l("In de categorie %(category)s zijn al meer plaatsen bezet dan %(seats)d.",
                                 category=category.label, seats=seats), field=f"seats_{category.value}")
        if not roundtable.is_selection or roundtable.selection_closed_at is not None:
            if now < roundtable.starts_at:
                promoted += fill_from_waitlist(seat, now)
    db.session.commit()
    mails.send([mails.promoted(r, token) for r, token in promoted])


def publish_roundtable(actor: User, roundtable: Roundtable) -> None:
    if roundtable.is_published:
        raise DomainError(_l("Deze bijeenkomst is al gepubliceerd."))
    roundtable.published_at = utcnow()
    db.session.commit()


def publish_summary(actor: User, roundtable: Roundtable, minutes: str, key_points: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not roundtable.has_ended(now):
        raise DomainError(_l("Een verslag kan pas na afloop van de bijeenkomst worden gepubliceerd."))
    if is_blank(minutes):
        raise DomainError(_l("Schrijf een verslag."), field="minutes")
    roundtable.minutes_markdown = minutes
    roundtable.minutes_html = markdown_to_html(minutes)
    roundtable.key_points_markdown = key_points
    roundtable.key_points_html = markdown_to_html(key_points)
    roundtable.summary_published_at = roundtable.summary_published_at or now
    db.session.commit()


def mark_attendance(actor: User, roundtable: Roundtable, code: str, now: datetime | None = None) -> Registration:
    """At the door: the registration code of a confirmed participant."""
    registration = db.session.scalar(select(Registration).where(
        Registration.roundtable_id == roundtable.id, Registration.code == normalise_code(code)))
    if registration is None:
        raise DomainError(_l("Deze code hoort niet bij een aanmelding voor deze bijeenkomst."), field="code")
    if not registration.is_confirmed:
        raise DomainError(_l("Deze aanmelding is niet bevestigd (%(status)s).", status=registration.status_label), field="code")
    if registration.attended_at is None:
        registration.attended_at = now or utcnow()
        db.session.commit()
    return registration


# --- reminders and erasure (cron, jobs) ------------------------------------------------

def send_reminders(now: datetime | None = None) -> int:
    """Remind confirmed participants of events starting within a day; each only once."""
    now = now or utcnow()
    due = db.session.scalars(select(Registration.id).join(Roundtable).where(
        Registration.status == RegistrationStatus.CONFIRMED.value, Registration.reminded_at.is_(None),
        Roundtable.starts_at > now, Roundtable.starts_at <= now + timedelta(days=1))).all()
    sent = 0
    for registration_id in due:
        claimed = db.session.execute(update(Registration).where(
            Registration.id == registration_id, Registration.reminded_at.is_(None),
            Registration.status == RegistrationStatus.CONFIRMED.value).values(reminded_at=now))
        db.session.commit()
        if claimed.rowcount == 1:  # another run did not get there first
            mails.send([mails.reminder(db.session.get(Registration, registration_id))])
            sent += 1
    return sent


def purge_event_data(now: datetime | None = None) -> tuple[int, int]:
    """Erase diet and allergy answers once an event has ended, accessibility needs a week later."""
    now = now or utcnow()
    ended = select(Roundtable.id).where(Roundtable.ends_at <= now)
    needs_expired = select(Roundtable.id).where(Roundtable.ends_at <= now - NEEDS_KEPT_FOR)
    diets = db.session.execute(update(Registration).where(
        Registration.roundtable_id.in_(ended), Registration.diet.is_not(None)).values(diet=None))
    needs = db.session.execute(update(Registration).where(
        Registration.roundtable_id.in_(needs_expired), Registration.accessibility_needs.is_not(None))
        .values(accessibility_needs=None))
    db.session.commit()
    return diets.rowcount, needs.rowcount


def purge_event_data_job() -> None:
    """``inspraak.jobs.enqueue(purge_event_data_job)``: the same as the command."""
    purge_event_data()


# --- queries ------------------------------------------------------------------------------

def roundtable_by_id(roundtable_id: int) -> Roundtable | None:
    return db.session.get(Roundtable, roundtable_id)


def upcoming_roundtables(page: int = 1, per_page: int = 20, now: datetime | None = None):
    """Published events that have not ended, soonest first: one page (a Pagination)."""
    now = now or utcnow()
    stmt = (select(Roundtable).where(Roundtable.published_at.is_not(None), Roundtable.ends_at > now)
            .order_by(Roundtable.starts_at, Roundtable.id).options(selectinload(Roundtable.seats)))
    return paginate(stmt, page=page, per_page=per_page)


def past_roundtables_with_summary() -> list[Roundtable]:
    return list(db.session.scalars(select(Roundtable).where(
        Roundtable.summary_published_at.is_not(None)).order_by(Roundtable.starts_at.desc()).limit(20)))


def roundtables_for_consultation(consultation: Consultation) -> list[Roundtable]:
    return list(db.session.scalars(select(Roundtable).where(
        Roundtable.consultation_id == consultation.id, Roundtable.published_at.is_not(None))
        .order_by(Roundtable.starts_at)))


def managed_roundtables(actor: User) -> list[Roundtable]:
    from inspraak.accounts.permissions import is_admin

    stmt = select(Roundtable).order_by(Roundtable.starts_at.desc())
    if not is_admin(actor):
        stmt = stmt.where(Roundtable.owner_id == actor.id)
    return list(db.session.scalars(stmt))


def published_page(page: int, per_page: int):
    stmt = (select(Roundtable).where(Roundtable.published_at.is_not(None)).order_by(Roundtable.starts_at.desc(), Roundtable.id)
            .options(selectinload(Roundtable.seats), joinedload(Roundtable.topic), joinedload(Roundtable.consultation)))
    return paginate(stmt, page=page, per_page=per_page)


def registrations_of(user: User) -> list[Registration]:
    return list(db.session.scalars(select(Registration).join(Roundtable).where(Registration.user_id == user.id)
                                   .order_by(Roundtable.starts_at.desc())))


def registration_of(user: User, roundtable: Roundtable) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Registration).where(
        Registration.user_id == user.id, Registration.roundtable_id == roundtable.id))


def registration_by_id(registration_id: int) -> Registration | None:
    return db.session.get(Registration, registration_id)


def registrations_by_category(roundtable: Roundtable) -> dict[str, dict[str, list[Registration]]]:
    """{category: {status: [registrations]}}: waitlists by position, the rest by sign-up."""
    rows = db.session.scalars(select(Registration).where(Registration.roundtable_id == roundtable.id)
                              .order_by(Registration.waitlist_position, Registration.id)).all()
    grouped: dict[str, dict[str, list[Registration]]] = {
        seat.category: {s.value: [] for s in RegistrationStatus} for seat in roundtable.seats}
    for registration in rows:
        grouped.setdefault(registration.category, {s.value: [] for s in RegistrationStatus})[registration.status].append(registration)
    return grouped


def counts(roundtable: Roundtable) -> dict[str, dict[str, int]]:
    """Per category: seats, confirmed, left, waitlisted, applied (from the seat counters)."""
    return counts_for([roundtable])[roundtable.id]


def counts_for(roundtables: list[Roundtable]) -> dict[int, dict[str, dict[str, int]]]:
    """``counts`` of many events with one query (lists: the statements do not grow with them)."""
    applied: dict[tuple[int, str], int] = {}
    if roundtables:
        applied = {(roundtable_id, category): number for roundtable_id, category, number in db.session.execute(
            select(Registration.roundtable_id, Registration.category, func.count()).where(
                Registration.roundtable_id.in_([r.id for r in roundtables]),
                Registration.status == RegistrationStatus.APPLIED.value)
            .group_by(Registration.roundtable_id, Registration.category))}
    return {r.id: {seat.category: {"seats": seat.seats, "confirmed": seat.taken, "left": seat.seats_left,
                                   "waitlisted": seat.waitlisted, "applied": applied.get((r.id, seat.category), 0)}
                   for seat in r.seats}
            for r in roundtables}


EXPORT_HEADER = ("code", "status", "categorie", "organisatie", "naam", "e-mail", "wachtlijstpositie",
                 "toegankelijkheid", "dieet", "motivatie", "aangemeld", "aanwezig")


def participant_rows(roundtable: Roundtable) -> Iterator[tuple]:
    stmt = (select(Registration).where(Registration.roundtable_id == roundtable.id,
                                       Registration.status != RegistrationStatus.CANCELLED.value)
            .order_by(Registration.category, Registration.status, Registration.waitlist_position, Registration.id))
    for r in db.session.scalars(stmt):
        yield (r.code, r.status, r.category, r.organisation.name if r.organisation else "", r.user.name, r.user.email,
               r.waitlist_position, r.accessibility_needs or "", r.diet or "", r.motivation or "", r.created_at,
               r.attended_at)


# --- personal data (the privacy self-service) -----------------------------------------------

def export_registrations(user: User) -> list[dict]:
    return [{
        "roundtable": r.roundtable.title, "starts_at": r.roundtable.starts_at.isoformat(), "status": r.status,
        "category": r.category, "code": r.code, "waitlist_position": r.waitlist_position,
        "motivation": r.motivation, "accessibility_needs": r.accessibility_needs, "diet": r.diet,
        "registered_at": r.created_at.isoformat(), "attended_at": r.attended_at.isoformat() if r.attended_at else None,
    } for r in registrations_of(user)]


def erase_registrations(user: User) -> None:
    """Remove the person's answers; cancel their future registrations (seats go to the waitlist).

    Runs inside the caller's transaction (no commit). The promotion mails are handed to the
    request once that transaction has committed (``views.send_mails_after_commit``).
    """
    from flask import g, has_app_context
    from sqlalchemy import event

    from inspraak.roundtables.signup import cancel_in_transaction

    now = utcnow()
    outgoing: list[mails.Mail] = []
    for registration in registrations_of(user):
        if registration.is_active and now < registration.roundtable.starts_at:
            for promoted, token in cancel_in_transaction(registration, now):
                outgoing.append(mails.promoted(promoted, token))
        registration.motivation = None
        registration.accessibility_needs = None
        registration.diet = None
    db.session.flush()
    if outgoing and has_app_context():
        def ready(session) -> None:
            g.setdefault(PENDING_MAILS, []).extend(outgoing)

        event.listen(db.session(), "after_commit", ready, once=True)


PENDING_MAILS = "roundtable_mails_after_commit"
