"""After the sign-up: the .ics invitation, reminders, erasure of answers, attendance,
the summary, and the privacy self-service (export and erasure of a person)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from inspraak.accounts.models import Role
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.roundtables import services
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, RoundtableKind
from tests.helpers import PASSWORD

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _ics_event(message):
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("local", [datetime(2027, 1, 14, 14, 0), datetime(2027, 6, 10, 9, 30)],
                         ids=["winter", "summer"])
def test_the_ics_names_the_dutch_wall_clock_time(build, outbox, local):
    starts_at = local.replace(tzinfo=AMSTERDAM).astimezone(timezone.utc)
    event = build.roundtable(starts_at=starts_at, hours=2, title="NGT-rondetafel")
    person = build.user()
    build.sign_up(person, event)
    calendar, vevent = _ics_event(outbox.last_to(build.fresh(person).email))
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert str(vevent["summary"]) == "NGT-rondetafel"
    assert vevent["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    assert start.astimezone(AMSTERDAM).replace(tzinfo=None) == local
    assert end.astimezone(AMSTERDAM).replace(tzinfo=None) == local + timedelta(hours=2)
    assert start == starts_at  # the same moment
    assert "Rijnstraat 50" in str(vevent["location"])


def test_the_online_link_goes_to_confirmed_participants_only(build, outbox, client, signed_in):
    event = build.roundtable(seats={C.CITIZEN: 1}, place=None, online_url="https://vergader.example/ngt-geheim")
    confirmed, waiting = build.user(), build.user()
    build.sign_up(confirmed, event)
    build.sign_up(waiting, event)
    assert "ngt-geheim" in outbox.last_to(build.fresh(confirmed).email).get_body(("plain",)).get_content()
    assert "ngt-geheim" in str(_ics_event(outbox.last_to(build.fresh(confirmed).email))[1]["location"])
    assert "ngt-geheim" not in outbox.last_to(build.fresh(waiting).email).as_string()
    page = signed_in(build.fresh(waiting)).get(f"/rondetafels/{event.id}").get_data(as_text=True)
    assert "ngt-geheim" not in page
    assert "ngt-geheim" not in client.get("/rondetafels/").get_data(as_text=True)


def test_reminders_go_the_day_before_and_only_once(build, outbox):
    soon = build.roundtable(starts_at=utcnow() + timedelta(hours=20), signup_closes_at=utcnow() + timedelta(hours=10))
    later = build.roundtable(starts_at=utcnow() + timedelta(days=5))
    a, b = build.user(), build.user()
    build.sign_up(a, soon)
    build.sign_up(b, later)
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    reminder = outbox.last_to(build.fresh(a).email)
    assert reminder["Subject"].startswith("Herinnering: morgen")
    assert [m["Subject"] for m in outbox.to(build.fresh(b).email)] == [f"Bevestiging: u bent aangemeld voor {build.fresh(later).title}"]
    assert db.session.scalar(db.select(Registration.reminded_at).where(Registration.user_id == build.fresh(a).id)) is not None


def test_the_commands_run(app, build):
    runner = app.test_cli_runner()
    assert "0 reminder(s) sent." in runner.invoke(args=["send-reminders"]).output
    assert "0 diet answer(s) and 0 accessibility answer(s) erased." in runner.invoke(args=["purge-event-data"]).output


def test_diet_is_erased_after_the_event_and_needs_a_week_later(build):
    event = build.roundtable(kind=RoundtableKind.TASTING, seats={C.CITIZEN: 3})
    outcome = build.sign_up(build.user(), event, diet="notenallergie", accessibility_needs="rolstoel")
    registration_id = outcome.registration.id
    ends_at = build.fresh(event).ends_at
    assert services.purge_event_data(now=ends_at - timedelta(minutes=1)) == (0, 0)
    assert services.purge_event_data(now=ends_at + timedelta(minutes=1)) == (1, 0)
    registration = db.session.get(Registration, registration_id)
    assert registration.diet is None and registration.accessibility_needs == "rolstoel"
    assert services.purge_event_data(now=ends_at + timedelta(days=7, minutes=1)) == (0, 1)
    assert db.session.get(Registration, registration_id).accessibility_needs is None


def test_the_purge_also_runs_as_a_job(build):
    from inspraak.jobs import enqueue

    event = build.roundtable(kind=RoundtableKind.TASTING, starts_at=utcnow() + timedelta(hours=3),
                             signup_closes_at=utcnow() + timedelta(hours=1))
    outcome = build.sign_up(build.user(), event)
    registration = build.fresh(outcome.registration)
    registration.roundtable.starts_at = utcnow() - timedelta(days=9)
    registration.roundtable.ends_at = utcnow() - timedelta(days=8)
    registration.roundtable.signup_opens_at = utcnow() - timedelta(days=20)
    registration.roundtable.signup_closes_at = utcnow() - timedelta(days=10)
    db.session.commit()
    enqueue(services.purge_event_data_job)
    registration = db.session.get(Registration, outcome.registration.id)
    assert registration.diet is None


def test_attendance_by_code(build):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, seats={C.CITIZEN: 1})
    confirmed = build.sign_up(build.user(), event)
    waiting = build.sign_up(build.user(), event)
    code = confirmed.registration.code
    registration = services.mark_attendance(build.fresh(officer), build.fresh(event), code.lower().replace("-", " "))
    assert registration.attended_at is not None
    with pytest.raises(DomainError, match="niet bevestigd"):
        services.mark_attendance(build.fresh(officer), build.fresh(event), waiting.registration.code)
    with pytest.raises(DomainError, match="hoort niet bij"):
        services.mark_attendance(build.fresh(officer), build.fresh(event), "ZZZZ-9999")


def test_the_summary_only_after_the_event_and_cleaned(build):
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer)
    with pytest.raises(DomainError, match="pas na afloop"):
        services.publish_summary(build.fresh(officer), build.fresh(event), "Verslag", "")
    event = build.fresh(event)
    services.publish_summary(build.fresh(officer), event, "## Verslag\n\n<script>alert(1)</script>Goed gesprek.",
                             "- Etikettering", now=event.ends_at + timedelta(hours=1))
    event = build.fresh(event)
    assert "<script>" not in event.minutes_html and "Goed gesprek." in event.minutes_html
    assert "<li>Etikettering</li>" in event.key_points_html and event.has_summary


def test_personal_data_export_and_erasure_cancel_future_registrations_and_promote(app, build, outbox):
    event = build.roundtable(seats={C.CITIZEN: 1})
    leaving, waiting = build.user(), build.user()
    build.sign_up(leaving, event, accessibility_needs="doventolk")
    build.sign_up(waiting, event)
    client = app.test_client()
    client.post("/account/inloggen", data={"email": build.fresh(leaving).email, "password": PASSWORD})
    with client.get("/account/mijn-gegevens.json") as response:
        exported = response.get_json()["roundtable_registrations"]
    assert exported[0]["accessibility_needs"] == "doventolk" and exported[0]["status"] == "confirmed"
    response = client.post("/account/verwijderen", data={"password": PASSWORD})
    assert response.status_code == 302
    rows = {r.user_id: r for r in db.session.scalars(db.select(Registration))}
    gone = rows[build.fresh(leaving).id]
    assert gone.status == "cancelled" and gone.accessibility_needs is None and gone.motivation is None
    assert rows[build.fresh(waiting).id].status == "confirmed"
    assert outbox.last_to(build.fresh(waiting).email)["Subject"].startswith("Er is een plaats vrijgekomen")
    assert build.fresh(event).seat_for(C.CITIZEN).taken == 1
