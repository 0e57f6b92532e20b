"""Events and sign-ups, made through the roundtables services."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import inspect

from inspraak.accounts.models import Role, User
from inspraak.consultations import services as consultation_services
from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.roundtables import services as roundtable_services
from inspraak.roundtables import signup as signup_services
from inspraak.roundtables.models import ParticipantCategory, Roundtable, RoundtableKind, RoundtableMode
from tests.builders.accounts import user

__all__ = ["roundtable", "sign_up", "fresh"]

_counter = itertools.count(1)


def roundtable(owner: User | None = None, *, kind: RoundtableKind = RoundtableKind.ROUNDTABLE,
               mode: RoundtableMode = RoundtableMode.FIRST_COME, seats: dict | None = None,
               max_per_organisation: int = 1, published: bool = True, consultation: Consultation | None = None,
               starts_at: datetime | None = None, signup_opens_at: datetime | None = None,
               signup_closes_at: datetime | None = None, hours: int = 2, title: str | None = None,
               place: str | None = "Rijnstraat 50, Den Haag", online_url: str | None = None) -> Roundtable:
    owner = owner or user(Role.POLICY_OFFICER)
    now = utcnow()
    starts_at = starts_at or (now + timedelta(days=14)).replace(second=0, microsecond=0)
    seats = seats if seats is not None else {ParticipantCategory.CITIZEN: 2, ParticipantCategory.NGO: 2}
    fields = roundtable_services.RoundtableFields(
        kind=kind, mode=mode, title=title or f"Rondetafel {next(_counter)}",
        description_markdown="## Waarover\n\nEen gesprek over **NGT's**.", agenda_markdown="1. Welkom\n2. Gesprek",
        consultation=consultation, topic=None if consultation else consultation_services.topic_by_slug("ngt"),
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), place=place, online_url=online_url,
        signup_opens_at=signup_opens_at or now - timedelta(days=1),
        signup_closes_at=signup_closes_at or min(starts_at, now + timedelta(days=7)),
        max_per_organisation=max_per_organisation, seats=seats)
    result = roundtable_services.create_roundtable(owner, fields)
    if published:
        roundtable_services.publish_roundtable(owner, result)
    return result


def fresh(obj):
    """The same row in the current session. Mail is delivered inline in tests and each job
    ends by removing the session, which leaves earlier objects detached and expired."""
    return db.session.get(type(obj), inspect(obj).identity[0])


def sign_up(person: User, event: Roundtable, **answers) -> signup_services.SignupOutcome:
    # Mail is delivered inline in tests and each job ends with a fresh session: load anew.
    person, event = fresh(person), fresh(event)
    defaults = {"consent": True, "motivation": "Ik wil graag meepraten.", "accessibility_needs": "", "diet": ""}
    if event.is_tasting:
        defaults.update(is_adult=True, informed_consent=True, diet="geen")
    defaults.update(answers)
    return signup_services.sign_up_for_roundtable(person, event, signup_services.SignupAnswers(**defaults))
