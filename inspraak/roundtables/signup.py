"""Signing up, cancelling, waitlist promotion and selection: the seat-counting use cases.

How nobody is ever seated twice or one chair too many (DESIGN.md convention 2):

* A seat is claimed with ONE conditional UPDATE, ``taken = taken + 1 WHERE id = ? AND
  taken < seats``, and a row-count check, in the same transaction as the registration's
  INSERT. No count is read first and trusted.
* Every change to a category's registrations starts by writing that category's seat row
  (the claim itself, or ``_lock_seat``). On PostgreSQL that takes the row lock, on SQLite
  the database's write lock, so changes to one category happen one after the other, in
  commit order: waitlist positions are handed out (and closed up) under that lock.
* The per-organisation maximum is a UNIQUE constraint: an active registration of a
  representative holds one of the organisation's numbered places 1..max; a second
  representative racing for the same place gets an IntegrityError, and the retry sees it.
* The person's own double click is UNIQUE (roundtable, user).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from inspraak.accounts.models import User
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.text import is_blank, strip_text
from inspraak.extensions import db
from inspraak.roundtables import mails
from inspraak.roundtables.models import (
    ACTIVE_STATUSES, Registration, RegistrationStatus, Roundtable, RoundtableSeat, category_of,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud at the door
ATTEMPTS = 5


@dataclass(frozen=True)
class SignupAnswers:
    consent: bool
    motivation: str = ""
    accessibility_needs: str = ""
    diet: str = ""
    is_adult: bool = False
    informed_consent: bool = False


@dataclass(frozen=True)
class SignupOutcome:
    registration: Registration
    cancel_token: str

    @property
    def status(self) -> RegistrationStatus:
        return self.registration.status_enum


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else code.strip().upper()


# --- the seat row: the one place where counting happens ----------------------------

def _claim_seat(seat_id: int) -> bool:
    result = db.session.execute(
        update(RoundtableSeat)
        .where(RoundtableSeat.id == seat_id, RoundtableSeat.taken < RoundtableSeat.seats)
        .values(taken=RoundtableSeat.taken + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _release_seat(seat_id: int) -> None:
    db.session.execute(
        update(RoundtableSeat).where(RoundtableSeat.id == seat_id, RoundtableSeat.taken > 0)
        .values(taken=RoundtableSeat.taken - 1).execution_options(synchronize_session=False))


def _lock_seat(seat_id: int) -> None:
    """Write the seat row without changing it: the row lock (PostgreSQL) or the write lock
    (SQLite) that orders every change to this category's registrations."""
    db.session.execute(
        update(RoundtableSeat).where(RoundtableSeat.id == seat_id)
        .values(taken=RoundtableSeat.taken).execution_options(synchronize_session=False))


def _join_waitlist(seat_id: int) -> int:
    db.session.execute(
        update(RoundtableSeat).where(RoundtableSeat.id == seat_id)
        .values(waitlisted=RoundtableSeat.waitlisted + 1).execution_options(synchronize_session=False))
    # Read under the lock we now hold: this number is ours.
    return db.session.scalar(select(RoundtableSeat.waitlisted).where(RoundtableSeat.id == seat_id))


def _leave_waitlist(seat: RoundtableSeat, position: int) -> None:
    """Close the gap a person leaves: everyone behind them moves up one place."""
    db.session.execute(
        update(RoundtableSeat).where(RoundtableSeat.id == seat.id, RoundtableSeat.waitlisted > 0)
        .values(waitlisted=RoundtableSeat.waitlisted - 1).execution_options(synchronize_session=False))
    db.session.execute(
        update(Registration)
        .where(Registration.roundtable_id == seat.roundtable_id, Registration.category == seat.category,
               Registration.status == RegistrationStatus.WAITLISTED.value, Registration.waitlist_position > position)
        .values(waitlist_position=Registration.waitlist_position - 1).execution_options(synchronize_session=False))


# --- signing up -------------------------------------------------------------------

def _check_may_sign_up(user: User, roundtable: Roundtable, answers: SignupAnswers, now: datetime) -> RoundtableSeat:
    if not roundtable.is_signup_open(now):
        if roundtable.is_published and now < roundtable.signup_opens_at:
            raise DomainError(_l("Aanmelden kan nog niet. De aanmelding opent op het aangegeven moment."))
        raise DomainError(_l("De aanmelding is gesloten."))
    seat = roundtable.seat_for(category_of(user))
    if seat is None or seat.seats == 0:
        raise DomainError(_l("Voor deze bijeenkomst zijn geen plaatsen voor uw categorie (%(category)s).",
                             category=category_of(user).label))
    # Every unanswered question at once, in the order of the form (templates/roundtables/signup.html).
    errors: dict[str, object] = {}
    if roundtable.is_selection and is_blank(answers.motivation):
        errors["motivation"] = _l("Schrijf kort waarom u wilt deelnemen.")
    if roundtable.is_tasting:
        if not answers.is_adult:
            errors["is_adult"] = _l("Aan een proeverij kunnen alleen volwassenen (18 jaar of ouder) deelnemen.")
        if not answers.informed_consent:
            errors["informed_consent"] = _l("Lees de informatie over de proeverij en geef uw geïnformeerde toestemming.")
        if is_blank(answers.diet):
            errors["diet"] = _l("Vul in of u allergieën of dieetwensen heeft (schrijf ‘geen’ als dat zo is).")
    if not answers.consent:
        errors["consent"] = _l("Geef toestemming voor het gebruik van uw gegevens voor deze bijeenkomst.")
    if errors:
        raise DomainError.for_fields(errors)
    return seat


def _existing(user_id: int, roundtable_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.user_id == user_id, Registration.roundtable_id == roundtable_id))


def _free_organisation_place(roundtable: Roundtable, organisation_id: int) -> int | None:
    # A hint only: the UNIQUE constraint decides when two representatives race.
    used = set(db.session.scalars(select(Registration.organisation_place).where(
        Registration.roundtable_id == roundtable.id, Registration.organisation_id == organisation_id,
        Registration.organisation_place.is_not(None))))
    return next((p for p in range(1, roundtable.max_per_organisation + 1) if p not in used), None)


def sign_up_for_roundtable(user: User, roundtable: Roundtable, answers: SignupAnswers,
                           now: datetime | None = None) -> SignupOutcome:
    """Confirmed, waitlisted (with a position) or applied (selection, until it is closed);
    else a DomainError with the reason."""
    now = now or utcnow()
    seat = _check_may_sign_up(user, roundtable, answers, now)
    seat_id, roundtable_id, user_id = seat.id, roundtable.id, user.id
    category, organisation_id = seat.category, user.organisation_id
    for _attempt in range(ATTEMPTS):
        registration = _existing(user_id, roundtable_id)
        if registration is not None and registration.is_active:
            raise DomainError(_l("U bent al aangemeld voor deze bijeenkomst. Zie ‘Mijn aanmeldingen’."))
        place = None
        if organisation_id is not None:
            place = _free_organisation_place(roundtable, organisation_id)
            if place is None:
                raise DomainError(ngettext_max(roundtable.max_per_organisation))
        token = secrets.token_urlsafe(24)
        try:
            # The first statement of the transaction writes the seat row (see the module doc).
            position = None
            if roundtable.is_selection:
                _lock_seat(seat_id)
            if roundtable.is_selection and _selection_is_open(roundtable_id):
                status = RegistrationStatus.APPLIED
            elif _claim_seat(seat_id):
                status = RegistrationStatus.CONFIRMED
            else:
                status = RegistrationStatus.WAITLISTED
                position = _join_waitlist(seat_id)
            if registration is None:
                registration = Registration(roundtable_id=roundtable_id, user_id=user_id)
                db.session.add(registration)
            _fill(registration, answers, now, status=status, position=position, category=category,
                  organisation_id=organisation_id, place=place, token=token, is_tasting=roundtable.is_tasting)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        mails.send(mails.after_signup(registration, token))
        return SignupOutcome(registration, token)
    raise DomainError(_l("Uw aanmelding kon niet worden verwerkt omdat veel mensen tegelijk aanmelden. Probeer het opnieuw."))


def _selection_is_open(roundtable_id: int) -> bool:
    """Read under the seat lock: once ``close_selection`` has committed, nobody applies
    any more. Then the event fills like a first-come one: a free seat (there is one only
    while the category's waitlist is empty) or the end of the waitlist, as a reserve."""
    return db.session.scalar(select(Roundtable.selection_closed_at).where(Roundtable.id == roundtable_id)) is None


def ngettext_max(maximum: int):
    if maximum == 1:
        return _l("Uw organisatie is al aangemeld voor deze bijeenkomst. Per organisatie kan één persoon deelnemen.")
    return _l("Uw organisatie heeft al het maximum van %(num)d deelnemers aangemeld.", num=maximum)


def _fill(registration: Registration, answers: SignupAnswers, now: datetime, *, status, position, category,
          organisation_id, place, token, is_tasting) -> None:
    registration.status = status.value
    registration.waitlist_position = position
    registration.category = category
    registration.organisation_id = organisation_id
    registration.organisation_place = place
    registration.code = new_code()
    registration.cancel_token_hash = hash_token(token)
    registration.motivation = strip_text(answers.motivation) or None
    registration.accessibility_needs = strip_text(answers.accessibility_needs) or None
    registration.diet = (strip_text(answers.diet) or None) if is_tasting else None
    registration.is_adult_confirmed = bool(answers.is_adult) if is_tasting else False
    registration.consent_at = now
    registration.informed_consent_at = now if is_tasting and answers.informed_consent else None
    registration.created_at = now
    registration.confirmed_at = now if status is RegistrationStatus.CONFIRMED else None
    registration.cancelled_at = None
    registration.reminded_at = None
    registration.attended_at = None


# --- cancelling and promotion -------------------------------------------------------

def _promote_first(seat: RoundtableSeat, now: datetime) -> tuple[Registration, str] | None:
    """Give a free seat to the first of the category's waitlist (the seat row is locked)."""
    first = db.session.scalar(select(Registration).where(
        Registration.roundtable_id == seat.roundtable_id, Registration.category == seat.category,
        Registration.status == RegistrationStatus.WAITLISTED.value).order_by(Registration.waitlist_position).limit(1))
    if first is None or not _claim_seat(seat.id):
        return None
    position = first.waitlist_position
    token = secrets.token_urlsafe(24)
    first.status = RegistrationStatus.CONFIRMED.value
    first.waitlist_position = None
    first.confirmed_at = now
    first.cancel_token_hash = hash_token(token)  # a new personal link comes with the confirmation
    db.session.flush()
    _leave_waitlist(seat, position)
    return first, token


def cancel_in_transaction(registration: Registration, now: datetime) -> list[tuple[Registration, str]]:
    """Cancel without committing; returns who was promoted (with their new link token)."""
    roundtable = registration.roundtable
    seat = roundtable.seat_for(registration.category)
    _lock_seat(seat.id)
    db.session.refresh(registration)  # its status as it is now, under the lock
    if not registration.is_active:
        raise DomainError(_l("Deze aanmelding is al afgemeld."))
    previous, position = registration.status_enum, registration.waitlist_position
    registration.status = RegistrationStatus.CANCELLED.value
    registration.cancelled_at = now
    registration.waitlist_position = None
    registration.organisation_place = None
    db.session.flush()
    promoted = []
    if previous is RegistrationStatus.CONFIRMED:
        _release_seat(seat.id)
        if now < roundtable.starts_at:
            promoted = fill_from_waitlist(seat, now)
    elif previous is RegistrationStatus.WAITLISTED:
        _leave_waitlist(seat, position)
    return promoted


def fill_from_waitlist(seat: RoundtableSeat, now: datetime) -> list[tuple[Registration, str]]:
    promoted = []
    while (result := _promote_first(seat, now)) is not None:
        promoted.append(result)
    return promoted


def cancel_registration(actor: User, registration: Registration, now: datetime | None = None) -> list[Registration]:
    """The participant cancels (from "Mijn aanmeldingen"); the first on the waitlist moves up."""
    if registration.user_id != actor.id:
        raise DomainError(_l("Dit is niet uw aanmelding."))
    return _cancel_and_commit(registration, now or utcnow())


def registration_for_cancel_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Registration).where(Registration.cancel_token_hash == hash_token(token)))


def cancel_with_token(token: str, now: datetime | None = None) -> Registration:
    """The personal link in the confirmation mail: no sign-in needed."""
    registration = registration_for_cancel_token(token)
    if registration is None:
        raise DomainError(_l("Deze afmeldlink is niet (meer) geldig."))
    _cancel_and_commit(registration, now or utcnow())
    return registration


def _cancel_and_commit(registration: Registration, now: datetime) -> list[Registration]:
    if registration.roundtable.has_started(now):
        raise DomainError(_l("De bijeenkomst is al begonnen; afmelden kan niet meer."))
    promoted = cancel_in_transaction(registration, now)
    db.session.commit()
    mails.send([mails.cancelled(registration)] + [mails.promoted(r, token) for r, token in promoted])
    return [r for r, _token in promoted]


# --- selection mode ------------------------------------------------------------------

def select_participant(actor: User, registration: Registration, now: datetime | None = None) -> None:
    """The officer seats one applicant (or a reserve) in their category, if a seat is free."""
    now = now or utcnow()
    roundtable = registration.roundtable
    if not roundtable.is_selection:
        raise DomainError(_l("Bij deze bijeenkomst geldt: wie het eerst komt. Er valt niets te selecteren."))
    seat = roundtable.seat_for(registration.category)
    if not _claim_seat(seat.id):
        db.session.rollback()
        raise DomainError(_l("Alle plaatsen in de categorie %(category)s zijn bezet.", category=seat.category_label))
    db.session.refresh(registration)
    if registration.status_enum not in (RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED):
        db.session.rollback()
        raise DomainError(_l("Alleen aanmeldingen die wachten op selectie of reserves kunnen worden geselecteerd."))
    position = registration.waitlist_position
    token = secrets.token_urlsafe(24)
    registration.status = RegistrationStatus.CONFIRMED.value
    registration.waitlist_position = None
    registration.confirmed_at = now
    registration.cancel_token_hash = hash_token(token)
    db.session.flush()
    if position is not None:
        _leave_waitlist(seat, position)
    db.session.commit()
    mails.send([mails.selected(registration, token)])


def _applicants(roundtable_id: int, category: str) -> list[Registration]:
    """Who waits for selection in a category, in the order they applied: the order in which
    closing the selection hands out free seats and reserve places."""
    return list(db.session.scalars(select(Registration).where(
        Registration.roundtable_id == roundtable_id, Registration.category == category,
        Registration.status == RegistrationStatus.APPLIED.value).order_by(Registration.id)))


@dataclass(frozen=True)
class ClosingPlan:
    """What closing the selection would do in one category, for the warning beside the button."""

    seat: RoundtableSeat
    seated: list[Registration]     # get one of the free seats (in the order they applied)
    reserves: list[Registration]   # go on the waitlist behind them


def closing_plan(roundtable: Roundtable, now: datetime | None = None) -> list[ClosingPlan]:
    """Per category with applicants: who ``close_selection`` would seat and who would become a reserve."""
    now = now or utcnow()
    plans = []
    for seat in roundtable.seats:
        applicants = _applicants(roundtable.id, seat.category)
        if applicants:
            free = seat.seats_left if now < roundtable.starts_at else 0
            plans.append(ClosingPlan(seat, applicants[:free], applicants[free:]))
    return plans


@dataclass(frozen=True)
class SelectionClosed:
    seated: list[Registration]
    reserves: list[Registration]
    declined: list[Registration] = field(default_factory=list)  # closed after the start: no seat can come


def close_selection(actor: User, roundtable: Roundtable, now: datetime | None = None) -> SelectionClosed:
    """Close the selection. Seats still free go to the applicants of their category in the
    order they applied, as a cancelled seat goes to the first reserve; everyone else becomes
    a reserve (waitlisted, in that order). Each is told which it is. Closed after the event
    has begun, no seat can come any more: the applicants are told there is no place.

    From now on the event fills like a first-come event: new sign-ups take a free seat or
    join the end of the waitlist (``sign_up_for_roundtable``), and a cancelled seat goes to
    the first reserve."""
    now = now or utcnow()
    if not roundtable.is_selection:
        raise DomainError(_l("Bij deze bijeenkomst geldt: wie het eerst komt. Er valt niets te selecteren."))
    # One conditional UPDATE: a double click or a second officer closes nothing twice.
    closing = db.session.execute(
        update(Roundtable).where(Roundtable.id == roundtable.id, Roundtable.selection_closed_at.is_(None))
        .values(selection_closed_at=now).execution_options(synchronize_session=False))
    if closing.rowcount != 1:
        db.session.rollback()
        raise DomainError(_l("De selectie is al afgerond."))
    seated, reserves, declined = [], [], []
    started = now >= roundtable.starts_at
    for seat in roundtable.seats:
        _lock_seat(seat.id)
        for applicant in _applicants(roundtable.id, seat.category):
            if started:
                # No seats are handed out once the event has begun (as after a cancellation),
                # so nobody is told they will get one: they are told there is no place.
                applicant.status = RegistrationStatus.REJECTED.value
                applicant.organisation_place = None
                declined.append(applicant)
            elif _claim_seat(seat.id):
                token = secrets.token_urlsafe(24)
                applicant.status = RegistrationStatus.CONFIRMED.value
                applicant.confirmed_at = now
                applicant.cancel_token_hash = hash_token(token)
                seated.append((applicant, token))
            else:
                position = _join_waitlist(seat.id)  # before the status changes: autoflush
                applicant.status = RegistrationStatus.WAITLISTED.value
                applicant.waitlist_position = position
                reserves.append(applicant)
            db.session.flush()
    db.session.commit()
    mails.send([mails.selected(r, token) for r, token in seated] + [mails.reserve(r) for r in reserves]
               + [mails.rejected(r) for r in declined])
    return SelectionClosed([r for r, _token in seated], reserves, declined)


def reject_application(actor: User, registration: Registration, now: datetime | None = None) -> None:
    """The officer declines an applicant or reserve (e.g. not eligible); they are told politely."""
    roundtable = registration.roundtable
    if not roundtable.is_selection:
        raise DomainError(_l("Bij deze bijeenkomst geldt: wie het eerst komt. Er valt niets te selecteren."))
    seat = roundtable.seat_for(registration.category)
    _lock_seat(seat.id)
    db.session.refresh(registration)
    if registration.status_enum not in (RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED):
        db.session.rollback()
        raise DomainError(_l("Alleen aanmeldingen die wachten op selectie of reserves kunnen worden afgewezen."))
    position = registration.waitlist_position
    registration.status = RegistrationStatus.REJECTED.value
    registration.waitlist_position = None
    registration.organisation_place = None
    db.session.flush()
    if position is not None:
        _leave_waitlist(seat, position)
    db.session.commit()
    mails.send([mails.rejected(registration)])


def active_statuses() -> list[str]:
    return [s.value for s in ACTIVE_STATUSES]
