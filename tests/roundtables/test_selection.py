"""Closing the selection: free seats are not left empty beside a waitlist, every mail tells
the truth, the officer is warned first, and a late applicant is treated like a reserve."""
from __future__ import annotations

import pytest

from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.roundtables import services, signup
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, RoundtableMode
from tests.helpers import sign_in


def _reg(build, outcome) -> Registration:
    return build.fresh(outcome.registration)


def _ngo(build, name):
    return build.user(Role.ORGANISATION, organisation=f"Stichting {name}", category=OrganisationCategory.NGO)


def _body(outbox, build, person) -> tuple[str, str]:
    mail = outbox.last_to(build.fresh(person).email)
    return mail["Subject"], mail.get_body(("plain",)).get_content()


def test_closing_gives_free_seats_to_the_applicants_in_order_and_nobody_is_told_the_table_was_full(build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 3, C.CITIZEN: 1})
    ngos = [_ngo(build, n) for n in "ABC"]
    outcomes = [build.sign_up(p, event) for p in ngos]
    signup.select_participant(build.fresh(officer), _reg(build, outcomes[0]))
    closed = signup.close_selection(build.fresh(officer), build.fresh(event))
    assert [r.id for r in closed.seated] == [outcomes[1].registration.id, outcomes[2].registration.id]
    assert closed.reserves == []
    assert [_reg(build, o).status for o in outcomes] == ["confirmed"] * 3
    seat = build.fresh(event).seat_for(C.NGO)
    assert (seat.taken, seat.waitlisted) == (3, 0)
    subject, body = _body(outbox, build, ngos[2])
    assert subject.startswith("Bevestiging") and "meer aanmeldingen dan plaatsen" not in body
    assert "/rondetafels/afmelden/" in body  # a personal cancellation link that works
    assert signup.registration_for_cancel_token(outbox.link(
        outbox.last_to(build.fresh(ngos[2]).email).get_body(("plain",)), "/rondetafels/afmelden/").rsplit("/", 1)[1]
    ).id == outcomes[2].registration.id
    with pytest.raises(DomainError, match="al afgerond"):
        signup.close_selection(build.fresh(officer), build.fresh(event))


def test_when_a_category_is_full_the_rest_become_reserves_in_the_order_they_applied(build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 2})
    ngos = [_ngo(build, n) for n in "ABCD"]
    outcomes = [build.sign_up(p, event) for p in ngos]
    signup.select_participant(build.fresh(officer), _reg(build, outcomes[2]))
    signup.close_selection(build.fresh(officer), build.fresh(event))
    assert [(_reg(build, o).status, _reg(build, o).waitlist_position) for o in outcomes] == [
        ("confirmed", None), ("waitlisted", 1), ("confirmed", None), ("waitlisted", 2)]
    counts = services.counts(build.fresh(event))["ngo"]
    assert (counts["left"], counts["waitlisted"]) == (0, 2)
    _subject, body = _body(outbox, build, ngos[3])
    assert "meer aanmeldingen dan plaatsen" in body and "plaats 2" in body


def test_closed_after_the_event_began_nobody_is_promised_a_seat(build, outbox):
    """After the start no seat is handed out; the applicants were told they would get one
    automatically as reserves, which could not happen."""
    from datetime import timedelta

    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 3})
    ngos = [_ngo(build, n) for n in "AB"]
    outcomes = [build.sign_up(p, event) for p in ngos]
    closed = signup.close_selection(build.fresh(officer), build.fresh(event),
                                    now=build.fresh(event).starts_at + timedelta(minutes=30))
    assert (closed.seated, closed.reserves) == ([], []) and len(closed.declined) == 2
    assert [_reg(build, o).status for o in outcomes] == ["rejected", "rejected"]
    assert build.fresh(event).seat_for(C.NGO).waitlisted == 0
    _subject, body = _body(outbox, build, ngos[1])
    assert "geen plaats aanbieden" in body and "wachtlijst" not in body


def test_the_participants_page_warns_before_closing_while_seats_are_free(app, build):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 2, C.CITIZEN: 1})
    for name in "ABC":
        build.sign_up(build.user(Role.ORGANISATION, name=f"Persoon {name}", organisation=f"Stichting {name}"), event)
    client = app.test_client()
    sign_in(client, build.fresh(officer))
    page = client.get(f"/rondetafels/{event.id}/deelnemers").get_data(as_text=True)
    warning = page[page.index("Let op: er zijn nog plaatsen vrij."):page.index("Selectie afronden")]
    assert "2 plaatsen vrij" in warning
    assert "Krijgen een plaats: Persoon A (Stichting A), Persoon B (Stichting B)." in warning
    assert "Worden reserve: Persoon C (Stichting C)." in warning
    # Once every seat is taken there is nothing to warn about.
    for registration in db.session.scalars(db.select(Registration).order_by(Registration.id).limit(2)).all():
        signup.select_participant(build.fresh(officer), registration)
    page = client.get(f"/rondetafels/{event.id}/deelnemers").get_data(as_text=True)
    assert "Let op: er zijn nog plaatsen vrij." not in page and "Selectie afronden" in page


def test_after_closing_a_late_applicant_joins_the_end_of_the_reserves_and_moves_up_like_them(app, build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.NGO: 1})
    first, reserve, late = _ngo(build, "A"), _ngo(build, "B"), _ngo(build, "C")
    seated = build.sign_up(first, event)
    waiting = build.sign_up(reserve, event)
    signup.select_participant(build.fresh(officer), _reg(build, seated))
    signup.close_selection(build.fresh(officer), build.fresh(event))
    assert (_reg(build, waiting).status, _reg(build, waiting).waitlist_position) == ("waitlisted", 1)

    client = app.test_client()
    sign_in(client, build.fresh(late))
    form_page = client.get(f"/rondetafels/{event.id}/aanmelden").get_data(as_text=True)
    assert "De organisator heeft de deelnemers al gekozen." in form_page
    response = client.post(f"/rondetafels/{event.id}/aanmelden", data={"consent": "y", "motivation": "Graag"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "U bent reserve" in page and "op plaats 2" in page and "evenwichtige tafel" not in page
    late_registration = db.session.scalar(db.select(Registration).where(Registration.user_id == build.fresh(late).id))
    assert (late_registration.status, late_registration.waitlist_position) == ("waitlisted", 2)
    subject, body = _body(outbox, build, late)
    assert "al gekozen" in body and "op plaats 2" in body and "/rondetafels/afmelden/" in body
    # The officer sees a reserve, not an applicant to select ahead of the others.
    officer_client = app.test_client()
    sign_in(officer_client, build.fresh(officer))
    participants = officer_client.get(f"/rondetafels/{event.id}/deelnemers").get_data(as_text=True)
    assert f"Selecteer {build.fresh(late).name}" not in participants and "0 wachten op selectie" in participants
    # A free seat goes to the first reserve, then to the late applicant.
    signup.cancel_registration(build.fresh(first), _reg(build, seated))
    assert _reg(build, waiting).status == "confirmed"
    db.session.expire_all()
    assert db.session.get(Registration, late_registration.id).waitlist_position == 1
    signup.cancel_registration(build.fresh(reserve), _reg(build, waiting))
    db.session.expire_all()
    assert db.session.get(Registration, late_registration.id).status == "confirmed"


def test_after_closing_a_free_seat_with_nobody_waiting_goes_to_whoever_signs_up(build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.CITIZEN: 1})
    signup.close_selection(build.fresh(officer), build.fresh(event))
    person = build.user()
    outcome = build.sign_up(person, event)
    assert _reg(build, outcome).status == "confirmed"
    assert _body(outbox, build, person)[0].startswith("Bevestiging")
