"""The pages as people meet them: lists, sign-up with feedback, Mijn aanmeldingen, the
officer pages, exports, the consultation link, Dutch and English."""
from __future__ import annotations

import io
from urllib.parse import urlsplit
from datetime import timedelta

from openpyxl import load_workbook

from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.extensions import db
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, Roundtable, RoundtableKind, RoundtableMode
from tests.helpers import sign_in

SIGNUP = {"consent": "y", "accessibility_needs": "", "motivation": ""}


def test_public_list_shows_seats_left_per_category_and_hides_drafts(client, build):
    event = build.roundtable(seats={C.NGO: 4, C.CITIZEN: 2}, title="Open tafel")
    build.roundtable(published=False, title="Geheim concept")
    build.sign_up(build.user(), event)
    page = client.get("/rondetafels/").get_data(as_text=True)
    assert "Open tafel" in page and "Geheim concept" not in page
    assert "Maatschappelijke organisatie (ngo)" in page and "Burger" in page
    assert client.get(f"/rondetafels/{build.fresh(event).id + 1}").status_code == 404


def test_sign_up_through_the_form_then_my_registrations_then_cancel(app, build, outbox):
    event = build.roundtable(seats={C.CITIZEN: 1})
    person = build.user()
    client = app.test_client()
    sign_in(client, build.fresh(person))
    assert "Aanmelden" in client.get(f"/rondetafels/{event.id}/aanmelden").get_data(as_text=True)
    # Without consent: an error, and what was typed is kept.
    page = client.post(f"/rondetafels/{event.id}/aanmelden", data={"accessibility_needs": "Ringleiding graag"})
    text = page.get_data(as_text=True)
    assert "Er is een probleem" in text and "Geef toestemming" in text and "Ringleiding graag" in text
    response = client.post(f"/rondetafels/{event.id}/aanmelden", data={**SIGNUP, "accessibility_needs": "Ringleiding graag"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/rondetafels/mijn-aanmeldingen")
    mine = client.get("/rondetafels/mijn-aanmeldingen").get_data(as_text=True)
    registration = db.session.scalar(db.select(Registration))
    assert "U bent aangemeld" in mine and registration.code in mine and "Rijnstraat 50" in mine
    with client.get(f"/rondetafels/aanmeldingen/{registration.id}/uitnodiging.ics") as ics:
        assert ics.status_code == 200 and ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data
    # Someone else cannot download it, nor cancel it.
    other = app.test_client()
    sign_in(other, build.fresh(build.user()))
    assert other.get(f"/rondetafels/aanmeldingen/{registration.id}/uitnodiging.ics").status_code == 404
    assert other.post(f"/rondetafels/aanmeldingen/{registration.id}/afmelden").status_code == 404
    response = client.post(f"/rondetafels/aanmeldingen/{registration.id}/afmelden")
    assert response.status_code == 302
    assert "U bent afgemeld" in client.get("/rondetafels/mijn-aanmeldingen").get_data(as_text=True)
    db.session.expire_all()  # the requests ran in sessions of their own
    assert db.session.get(Registration, registration.id).status == "cancelled"


def test_the_personal_cancellation_link_needs_no_sign_in(client, build, outbox):
    event = build.roundtable()
    person = build.user()
    build.sign_up(person, event)
    link = outbox.link(outbox.last_to(build.fresh(person).email).get_body(("plain",)), "/rondetafels/afmelden/")
    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200 and "Ja, meld mij af" in page.get_data(as_text=True)
    assert client.post(path).status_code == 302
    assert "U bent afgemeld" in client.get(path).get_data(as_text=True)
    assert client.get("/rondetafels/afmelden/onzin").status_code == 404


def test_the_cancellation_link_speaks_of_a_seat_only_to_who_has_one_and_not_after_the_start(client, build, outbox):
    from inspraak.database import utcnow

    event = build.roundtable(seats={C.CITIZEN: 1})
    seated, waiting = build.user(), build.user()
    build.sign_up(seated, event)
    build.sign_up(waiting, event)

    def path_of(person):
        mail = outbox.last_to(build.fresh(person).email).get_body(("plain",))
        return urlsplit(outbox.link(mail, "/rondetafels/afmelden/")).path

    seat_sentence = "Uw plaats gaat dan naar de eerste op de wachtlijst."
    seated_path, waiting_path = path_of(seated), path_of(waiting)
    assert seat_sentence in client.get(seated_path).get_data(as_text=True)
    page = client.get(waiting_path).get_data(as_text=True)
    assert "Ja, meld mij af" in page and seat_sentence not in page
    done = client.post(waiting_path, follow_redirects=True).get_data(as_text=True)
    assert "U bent afgemeld. Dank u voor het doorgeven." in done and "uw plaats gaat" not in done
    # Once the event has begun, the page no longer offers what the server refuses.
    held, now = build.fresh(event), utcnow()
    held.signup_opens_at, held.signup_closes_at = now - timedelta(days=2), now - timedelta(hours=1)
    held.starts_at, held.ends_at = now - timedelta(minutes=5), now + timedelta(hours=2)
    db.session.commit()
    page = client.get(seated_path).get_data(as_text=True)
    assert "afmelden kan niet meer" in page and "Ja, meld mij af" not in page
    assert db.session.scalar(db.select(Registration).where(Registration.user_id == seated.id)).is_confirmed


def test_signup_needs_sign_in_and_a_tasting_asks_its_questions(app, client, build):
    event = build.roundtable(kind=RoundtableKind.TASTING)
    assert client.get(f"/rondetafels/{event.id}/aanmelden").status_code == 302
    signed = app.test_client()
    sign_in(signed, build.fresh(build.user()))
    page = signed.get(f"/rondetafels/{event.id}/aanmelden").get_data(as_text=True)
    assert "Ik ben 18 jaar of ouder" in page and "Allergieën en dieetwensen" in page
    text = signed.post(f"/rondetafels/{event.id}/aanmelden", data={**SIGNUP, "diet": "geen"}).get_data(as_text=True)
    assert "alleen volwassenen" in text


def test_officer_creates_publishes_selects_and_marks_attendance(app, build, outbox):
    officer = build.user(Role.POLICY_OFFICER)
    slug = build.consultation(officer, status="open", title="NGT-consultatie").slug
    client = app.test_client()
    sign_in(client, build.fresh(officer))
    form = {
        "title": "Rondetafel NGT", "kind": "roundtable", "mode": "selection", "consultation": slug, "topic": "",
        "description": "Over **NGT**", "agenda": "1. Welkom", "starts_at": "2030-03-05T14:00", "ends_at": "2030-03-05T16:00",
        "place": "Den Haag", "online_url": "", "signup_opens_at": "2026-01-01T09:00", "signup_closes_at": "2030-03-01T17:00",
        "max_per_organisation": "1", **{f"seats_{c.value}": "0" for c in C}, "seats_ngo": "1",
    }
    bad = client.post("/rondetafels/nieuw", data={**form, "ends_at": "2030-03-05T13:00"})
    assert "Het einde moet na het begin liggen" in bad.get_data(as_text=True) and "Rondetafel NGT" in bad.get_data(as_text=True)
    response = client.post("/rondetafels/nieuw", data=form)
    assert response.status_code == 302
    event = db.session.scalar(db.select(Roundtable))
    event_id = event.id
    assert event.seat_for(C.NGO).seats == 1 and not event.is_published
    assert client.post(f"/rondetafels/{event_id}/publiceren").status_code == 302
    reps = [build.user(Role.ORGANISATION, organisation=f"Stichting {n}", category=OrganisationCategory.NGO) for n in "AB"]
    for i, rep in enumerate(reps):
        build.sign_up(rep, db.session.get(Roundtable, event_id), motivation=f"=HYPERLINK(\"x\") motivatie {i}")
    page = client.get(f"/rondetafels/{event_id}/deelnemers").get_data(as_text=True)
    assert "Stichting A" in page and "motivatie 0" in page and "Selecteer" in page
    first = db.session.scalar(db.select(Registration).order_by(Registration.id))
    assert client.post(f"/rondetafels/{event_id}/deelnemers/{first.id}/selecteren").status_code == 302
    assert client.post(f"/rondetafels/{event_id}/selectie-afronden").status_code == 302
    db.session.expire_all()
    statuses = [r.status for r in db.session.scalars(db.select(Registration).order_by(Registration.id))]
    assert statuses == ["confirmed", "waitlisted"]
    code = db.session.get(Registration, first.id).code
    bad = client.post(f"/rondetafels/{event_id}/aanwezigheid", data={"code": "XXXX-0000"})
    assert bad.status_code == 400 and "hoort niet bij" in bad.get_data(as_text=True)
    assert client.post(f"/rondetafels/{event_id}/aanwezigheid", data={"code": code}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, first.id).attended_at is not None

    with client.get(f"/rondetafels/{event_id}/deelnemers.csv") as csv_response:
        text = csv_response.get_data(as_text=True)
    assert "'=HYPERLINK" in text and code in text
    with client.get(f"/rondetafels/{event_id}/deelnemers.xlsx") as xlsx_response:
        sheet = load_workbook(io.BytesIO(xlsx_response.data)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"x\") motivatie 0" in values and code in values

    # The consultation page links the event; after the event, the summary.
    assert "Rondetafel NGT" in client.get(f"/consultaties/{slug}").get_data(as_text=True)


def test_summary_page_after_the_event(app, build):
    from inspraak.database import utcnow

    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer)
    event = build.fresh(event)
    event.starts_at, event.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    event.signup_opens_at, event.signup_closes_at = utcnow() - timedelta(days=3), utcnow() - timedelta(days=1)
    db.session.commit()
    client = app.test_client()
    sign_in(client, build.fresh(officer))
    response = client.post(f"/rondetafels/{event.id}/verslag", data={"minutes": "Een **goed** gesprek.", "key_points": "- Punt een"})
    assert response.status_code == 302
    page = app.test_client().get(f"/rondetafels/{event.id}").get_data(as_text=True)
    assert "<strong>goed</strong>" in page and "Punt een" in page


def test_english(app, build):
    event = build.roundtable(kind=RoundtableKind.TASTING, mode=RoundtableMode.FIRST_COME)
    client = app.test_client()
    client.get("/taal/en")
    page = client.get("/rondetafels/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Roundtables and meetings" in page and "Seats per category" in page
    detail = client.get(f"/rondetafels/{event.id}").get_data(as_text=True)
    assert "Tasting" in detail and "About this meeting" in detail


def test_navigation_and_the_officers_way_in(app, build):
    anonymous = app.test_client().get("/rondetafels/").get_data(as_text=True)
    assert 'href="/rondetafels/"' in anonymous and "Mijn aanmeldingen" not in anonymous
    assert "Beheer bijeenkomsten" not in anonymous
    citizen = app.test_client()
    sign_in(citizen, build.fresh(build.user()))
    page = citizen.get("/rondetafels/").get_data(as_text=True)
    assert "Mijn aanmeldingen" in page and "Beheer bijeenkomsten" not in page
    assert citizen.get("/rondetafels/beheer").status_code == 403
    officer = app.test_client()
    sign_in(officer, build.fresh(build.user(Role.POLICY_OFFICER)))
    officer_page = officer.get("/rondetafels/").get_data(as_text=True)
    assert 'href="/rondetafels/beheer"' in officer_page
    # Staff find their own sign-ups here, not in the (already long) main menu.
    assert 'href="/rondetafels/mijn-aanmeldingen"' in officer_page
    assert officer.get("/rondetafels/beheer").status_code == 200
    assert officer.get("/rondetafels/nieuw").status_code == 200


def test_a_required_motivation_of_only_invisible_characters_is_empty(app, build):
    """Zero-width and other invisible format characters are not a motivation (as plain spaces are not);
    text that also has visible characters is kept as typed, zero-width joiners included."""
    event = build.roundtable(mode=RoundtableMode.SELECTION, seats={C.CITIZEN: 2})
    client = app.test_client()
    sign_in(client, build.fresh(build.user()))
    for invisible in ("   \u200b\u200b ", "\u200c\u200d\u2060\ufeff", "\u00a0\u200b\n"):
        page = client.post(f"/rondetafels/{event.id}/aanmelden", data={**SIGNUP, "motivation": invisible})
        assert page.status_code == 200 and "Schrijf kort waarom u wilt deelnemen." in page.get_data(as_text=True)
    assert db.session.scalar(db.select(Registration)) is None
    family = "Voor ons gezin \U0001F468\u200d\U0001F469\u200d\U0001F467"
    response = client.post(f"/rondetafels/{event.id}/aanmelden", data={**SIGNUP, "motivation": f"  {family}\u200b "})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Registration)).motivation == f"{family}\u200b"
