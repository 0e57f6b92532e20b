"""Signing up, the waitlist, promotion, the per-organisation maximum, selection, windows,
tasting rules and cancellation: through the services, on a real (SQLite) database."""
from __future__ import annotations

from datetime import timedelta

import pytest

from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.roundtables import signup
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, RoundtableKind, RoundtableMode, RoundtableSeat


def _seat(build, event, category=C.CITIZEN) -> RoundtableSeat:
    return build.fresh(event).seat_for(category)


def _reg(build, outcome) -> Registration:
    return build.fresh(outcome.registration)


def test_first_come_confirms_until_full_then_waitlists_with_positions(build, outbox):
    event = build.roundtable(seats={C.CITIZEN: 2})
    people = [build.user() for _ in range(5)]
    outcomes = [build.sign_up(p, event) for p in people]
    assert [o.registration.status for o in outcomes] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [o.registration.waitlist_position for o in outcomes] == [None, None, 1, 2, 3]
    seat = _seat(build, event)
    assert (seat.taken, seat.waitlisted, seat.seats_left) == (2, 3, 0)
    confirmation = outbox.last_to(build.fresh(people[0]).email)
    assert confirmation["Subject"].startswith("Bevestiging: u bent aangemeld")
    assert "Rijnstraat 50" in confirmation.get_body(("plain",)).get_content()
    waitlisted = outbox.last_to(build.fresh(people[3]).email)
    assert "op plaats 2" in waitlisted.get_body(("plain",)).get_content()
    assert "Rijnstraat 50" not in waitlisted.get_body(("plain",)).get_content()  # the place is for confirmed people only
    assert not [p for p in waitlisted.iter_attachments()]


def test_cancelling_a_confirmed_seat_promotes_the_first_of_that_categorys_waitlist(build, outbox):
    event = build.roundtable(seats={C.CITIZEN: 1, C.NGO: 1})
    first, second, third = build.user(), build.user(), build.user()
    ngo_waiting = build.user(Role.ORGANISATION, organisation="Stichting A")
    build.sign_up(build.user(Role.ORGANISATION, organisation="Stichting B"), event)
    build.sign_up(ngo_waiting, event)
    a, b, c = build.sign_up(first, event), build.sign_up(second, event), build.sign_up(third, event)
    promoted = signup.cancel_registration(build.fresh(first), _reg(build, a))
    assert [r.id for r in promoted] == [b.registration.id]
    assert _reg(build, a).status == "cancelled"
    assert _reg(build, b).status == "confirmed" and _reg(build, b).waitlist_position is None
    assert _reg(build, c).status == "waitlisted" and _reg(build, c).waitlist_position == 1  # moved up, no gap
    assert (_seat(build, event).taken, _seat(build, event).waitlisted) == (1, 1)
    # The NGO waitlist is another category: untouched.
    assert build.fresh(ngo_waiting) and db.session.scalar(db.select(Registration.status).where(
        Registration.user_id == build.fresh(ngo_waiting).id)) == "waitlisted"
    mail = outbox.last_to(build.fresh(second).email)
    assert mail["Subject"].startswith("Er is een plaats vrijgekomen")
    assert [part.get_filename() for part in mail.iter_attachments()] == ["uitnodiging.ics"]


def test_leaving_the_waitlist_closes_the_gap(build):
    event = build.roundtable(seats={C.CITIZEN: 1})
    outcomes = [build.sign_up(build.user(), event) for _ in range(4)]
    signup.cancel_with_token(outcomes[2].cancel_token)  # position 2 leaves
    assert [_reg(build, o).waitlist_position for o in outcomes] == [None, 1, None, 2]
    assert _seat(build, event).waitlisted == 2


def test_cancelling_twice_releases_only_one_seat(build):
    event = build.roundtable(seats={C.CITIZEN: 1})
    a = build.sign_up(build.user(), event)
    signup.cancel_with_token(a.cancel_token)
    with pytest.raises(DomainError, match="al afgemeld"):
        signup.cancel_with_token(a.cancel_token)
    assert _seat(build, event).taken == 0


def test_a_wrong_cancel_token_is_refused(build):
    with pytest.raises(DomainError, match="niet \\(meer\\) geldig"):
        signup.cancel_with_token("not-a-token")


def test_nobody_cancels_someone_elses_registration(build):
    event = build.roundtable()
    outcome = build.sign_up(build.user(), event)
    with pytest.raises(DomainError, match="niet uw aanmelding"):
        signup.cancel_registration(build.user(), _reg(build, outcome))


def test_signing_up_twice_is_refused_but_after_cancelling_one_may_sign_up_again(build):
    event = build.roundtable(seats={C.CITIZEN: 3})
    person = build.user()
    outcome = build.sign_up(person, event)
    with pytest.raises(DomainError, match="al aangemeld"):
        build.sign_up(person, event)
    signup.cancel_with_token(outcome.cancel_token)
    again = build.sign_up(person, event)
    assert again.registration.id == outcome.registration.id and again.registration.status == "confirmed"
    assert _seat(build, event).taken == 1


def test_the_per_organisation_maximum(build):
    event = build.roundtable(seats={C.NGO: 5}, max_per_organisation=1)
    first = build.user(Role.ORGANISATION, organisation="Stichting Zaad", category=OrganisationCategory.NGO)
    colleague = build.user(Role.ORGANISATION, category=OrganisationCategory.NGO)
    colleague = build.fresh(colleague)
    colleague.organisation = build.fresh(first).organisation
    db.session.commit()
    build.sign_up(first, event)
    with pytest.raises(DomainError, match="organisatie is al aangemeld"):
        build.sign_up(colleague, event)
    # When the first cancels, the organisation's place is free again.
    signup.cancel_registration(build.fresh(first), db.session.scalar(db.select(Registration)))
    assert build.sign_up(colleague, event).registration.status == "confirmed"


def test_a_maximum_of_two_per_organisation(build):
    event = build.roundtable(seats={C.COMPANY: 5}, max_per_organisation=2)
    reps = [build.user(Role.ORGANISATION, organisation="Zaad BV", category=OrganisationCategory.COMPANY)]
    for _ in range(2):
        rep = build.fresh(build.user(Role.ORGANISATION, category=OrganisationCategory.COMPANY))
        rep.organisation = build.fresh(reps[0]).organisation
        db.session.commit()
        reps.append(rep)
    assert [build.sign_up(r, event).registration.organisation_place for r in reps[:2]] == [1, 2]
    with pytest.raises(DomainError, match="maximum van 2"):
        build.sign_up(reps[2], event)


def test_the_database_refuses_a_second_holder_of_an_organisation_place(build):
    """The constraint the service relies on when two representatives race."""
    from sqlalchemy.exc import IntegrityError

    event = build.roundtable(seats={C.NGO: 5})
    first = build.sign_up(build.user(Role.ORGANISATION, organisation="Stichting X"), event)
    other = build.fresh(build.sign_up(build.user(Role.ORGANISATION, organisation="Stichting Y"), event).registration)
    other.organisation_id = _reg(build, first).organisation_id
    other.organisation_place = 1
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_more_taken_than_seats(build):
    from sqlalchemy.exc import IntegrityError

    seat = _seat(build, build.roundtable(seats={C.CITIZEN: 1}))
    seat.taken = 2
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_no_seats_for_a_category_means_not_eligible(build):
    event = build.roundtable(seats={C.NGO: 3, C.CITIZEN: 0})
    with pytest.raises(DomainError, match="geen plaatsen voor uw categorie"):
        build.sign_up(build.user(), event)


@pytest.mark.parametrize("opens, closes, message", [
    (timedelta(days=1), timedelta(days=3), "nog niet"),
    (timedelta(days=-5), timedelta(days=-1), "gesloten"),
])
def test_sign_up_outside_the_window_is_refused(build, opens, closes, message):
    now = utcnow()
    event = build.roundtable(signup_opens_at=now + opens, signup_closes_at=now + closes)
    with pytest.raises(DomainError, match=message):
        build.sign_up(build.user(), event)


def test_an_unpublished_event_takes_no_sign_ups(build):
    with pytest.raises(DomainError, match="gesloten"):
        build.sign_up(build.user(), build.roundtable(published=False))


def test_consent_is_required(build):
    with pytest.raises(DomainError) as error:
        build.sign_up(build.user(), build.roundtable(), consent=False)
    assert error.value.field == "consent"


@pytest.mark.parametrize("answers, field", [
    ({"is_adult": False}, "is_adult"),
    ({"informed_consent": False}, "informed_consent"),
    ({"diet": "  "}, "diet"),
])
def test_tasting_rules(build, answers, field):
    event = build.roundtable(kind=RoundtableKind.TASTING, seats={C.CITIZEN: 4})
    with pytest.raises(DomainError) as error:
        build.sign_up(build.user(), event, **answers)
    assert error.value.field == field
    ok = build.sign_up(build.user(), event)
    registration = _reg(build, ok)
    assert registration.diet == "geen" and registration.is_adult_confirmed and registration.informed_consent_at is not None


def test_a_diet_answer_is_only_stored_for_a_tasting(build):
    outcome = build.sign_up(build.user(), build.roundtable(), diet="vegetarisch")
    assert _reg(build, outcome).diet is None


def test_selection_mode_applies_then_the_officer_selects_and_the_rest_become_reserves(build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 1, C.CITIZEN: 1})
    with pytest.raises(DomainError) as error:
        build.sign_up(build.user(), event, motivation="")
    assert error.value.field == "motivation"
    ngos = [build.user(Role.ORGANISATION, organisation=f"Stichting {n}") for n in "ABC"]
    outcomes = [build.sign_up(p, event, motivation=f"Motivatie {i}") for i, p in enumerate(ngos)]
    assert {o.registration.status for o in outcomes} == {"applied"}
    assert _seat(build, event, C.NGO).taken == 0
    assert outbox.last_to(build.fresh(ngos[0]).email)["Subject"].startswith("Uw aanmelding voor")

    signup.select_participant(build.fresh(officer), _reg(build, outcomes[1]))
    assert _reg(build, outcomes[1]).status == "confirmed"
    mail = outbox.last_to(build.fresh(ngos[1]).email)
    assert mail["Subject"].startswith("Bevestiging") and [p.get_filename() for p in mail.iter_attachments()] == ["uitnodiging.ics"]
    with pytest.raises(DomainError, match="zijn bezet"):
        signup.select_participant(build.fresh(officer), _reg(build, outcomes[0]))

    closed = signup.close_selection(build.fresh(officer), build.fresh(event))
    assert (len(closed.seated), len(closed.reserves)) == (0, 2)
    assert [(_reg(build, o).status, _reg(build, o).waitlist_position) for o in outcomes] == [
        ("waitlisted", 1), ("confirmed", None), ("waitlisted", 2)]
    reserve = outbox.last_to(build.fresh(ngos[2]).email)
    assert "niet kunnen selecteren" in reserve.get_body(("plain",)).get_content()
    assert "plaats 2" in reserve.get_body(("plain",)).get_content()
    # A reserve moves up when a selected participant cancels.
    signup.cancel_registration(build.fresh(ngos[1]), _reg(build, outcomes[1]))
    assert _reg(build, outcomes[0]).status == "confirmed"
    assert _reg(build, outcomes[2]).waitlist_position == 1


def test_more_seats_move_the_waitlist_up(build):
    from inspraak.roundtables import services

    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, seats={C.CITIZEN: 1})
    outcomes = [build.sign_up(build.user(), event) for _ in range(3)]
    event = build.fresh(event)
    fields = _fields_of(event, seats={c: (3 if c is C.CITIZEN else 0) for c in C})
    services.update_roundtable(build.fresh(officer), event, fields)
    assert [_reg(build, o).status for o in outcomes] == ["confirmed"] * 3
    with pytest.raises(DomainError, match="al meer plaatsen bezet"):
        services.update_roundtable(build.fresh(officer), build.fresh(event),
                                   _fields_of(build.fresh(event), seats={c: (2 if c is C.CITIZEN else 0) for c in C}))


def _fields_of(event, *, seats):
    from inspraak.roundtables.services import RoundtableFields
    from inspraak.roundtables.models import RoundtableKind, RoundtableMode

    return RoundtableFields(
        kind=RoundtableKind(event.kind), mode=RoundtableMode(event.mode), title=event.title,
        description_markdown=event.description_markdown, agenda_markdown=event.agenda_markdown,
        consultation=event.consultation, topic=event.topic, starts_at=event.starts_at, ends_at=event.ends_at,
        place=event.place, online_url=event.online_url, signup_opens_at=event.signup_opens_at,
        signup_closes_at=event.signup_closes_at, max_per_organisation=event.max_per_organisation, seats=seats)


def test_an_officer_rejects_an_applicant_or_a_reserve_politely(build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.CITIZEN: 1})
    people = [build.user() for _ in range(4)]
    outcomes = [build.sign_up(p, event) for p in people]
    signup.reject_application(build.fresh(officer), _reg(build, outcomes[0]))
    assert _reg(build, outcomes[0]).status == "rejected"
    mail = outbox.last_to(build.fresh(people[0]).email)
    assert "geen plaats aanbieden" in mail.get_body(("plain",)).get_content()
    signup.close_selection(build.fresh(officer), build.fresh(event))  # the free seat goes to the next applicant
    assert _reg(build, outcomes[1]).status == "confirmed"
    assert [_reg(build, o).waitlist_position for o in outcomes[2:]] == [1, 2]
    signup.reject_application(build.fresh(officer), _reg(build, outcomes[2]))   # a reserve: the list closes up
    assert _reg(build, outcomes[3]).waitlist_position == 1 and _seat(build, event).waitlisted == 1
    with pytest.raises(DomainError, match="kunnen worden afgewezen"):
        signup.reject_application(build.fresh(officer), _reg(build, outcomes[0]))
