"""Forms say everything that is wrong at once, and a closed sign-up says so before anyone fills it in."""
from __future__ import annotations

import re
from datetime import timedelta

from inspraak.accounts.models import Role
from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, Roundtable, RoundtableKind, RoundtableMode
from tests.helpers import sign_in


def _summary(page: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_an_empty_tasting_sign_up_lists_every_problem_at_once(app, build):
    event = build.roundtable(kind=RoundtableKind.TASTING, mode=RoundtableMode.SELECTION, seats={C.CITIZEN: 4})
    client = app.test_client()
    sign_in(client, build.fresh(build.user()))
    page = client.post(f"/rondetafels/{event.id}/aanmelden", data={"accessibility_needs": ""}).get_data(as_text=True)
    summary = _summary(page)
    for field, message in (("motivation", "Schrijf kort waarom u wilt deelnemen."),
                           ("is_adult", "alleen volwassenen"),
                           ("informed_consent", "geïnformeerde toestemming"),
                           ("diet", "allergieën of dieetwensen"),
                           ("consent", "Geef toestemming")):
        assert f'href="#{field}"' in summary and message in summary, field
        assert re.search(rf'<[^>]* id="{field}"[^>]*aria-invalid="true"|<[^>]*aria-invalid="true"[^>]* id="{field}"', page), field
    # In the order of the page.
    assert [m for m in re.findall(r'href="#(\w+)"', summary)] == [
        "motivation", "is_adult", "informed_consent", "diet", "consent"]
    assert db.session.scalar(db.select(Registration)) is None


def test_the_new_event_form_lists_every_problem_at_once(app, build):
    officer = build.user(Role.POLICY_OFFICER)
    client = app.test_client()
    sign_in(client, build.fresh(officer))
    form = {
        "title": "Rondetafel NGT", "kind": "roundtable", "mode": "first_come", "consultation": "", "topic": "ngt",
        "description": "", "agenda": "", "starts_at": "2030-03-05T14:00", "ends_at": "2030-03-05T13:00",
        "place": "", "online_url": "", "signup_opens_at": "2026-01-01T09:00", "signup_closes_at": "2030-03-01T17:00",
        "max_per_organisation": "1", **{f"seats_{c.value}": "0" for c in C},
    }
    page = client.post("/rondetafels/nieuw", data=form).get_data(as_text=True)
    summary = _summary(page)
    assert "Het einde moet na het begin liggen." in summary and 'href="#ends_at"' in summary
    assert "Vul een adres of een online link in." in summary and 'href="#place"' in summary
    assert "Geef ten minste één categorie plaatsen." in summary and 'href="#seats_citizen"' in summary
    assert db.session.scalar(db.select(Roundtable)) is None


def test_an_edit_refuses_a_new_mode_together_with_the_other_problems(build):
    import pytest

    from inspraak.errors import DomainError
    from inspraak.roundtables import services
    from tests.roundtables.test_signup import _fields_of

    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, seats={C.CITIZEN: 2})
    build.sign_up(build.user(), event)
    event = build.fresh(event)
    fields = _fields_of(event, seats={c: 0 for c in C})
    fields = services.RoundtableFields(**{**fields.__dict__, "mode": RoundtableMode.SELECTION,
                                          "ends_at": event.starts_at - timedelta(hours=1)})
    with pytest.raises(DomainError) as error:
        services.update_roundtable(build.fresh(officer), event, fields)
    assert set(error.value.field_errors) == {"mode", "ends_at", "seats_citizen"}
    assert build.fresh(event).mode == "first_come"


def _signup_page(app, build, event, method="get"):
    client = app.test_client()
    sign_in(client, build.fresh(build.user()))
    if method == "get":
        return client.get(f"/rondetafels/{event.id}/aanmelden")
    return client.post(f"/rondetafels/{event.id}/aanmelden", data={"consent": "y", "motivation": "Graag"})


def test_the_sign_up_page_of_a_closed_event_says_why_without_a_form(app, build):
    now = utcnow()
    not_yet = build.roundtable(signup_opens_at=now + timedelta(days=2), signup_closes_at=now + timedelta(days=5))
    closed = build.roundtable(signup_opens_at=now - timedelta(days=5), signup_closes_at=now - timedelta(days=1))
    taken_place = build.roundtable(starts_at=now - timedelta(hours=3), signup_opens_at=now - timedelta(days=5),
                                   signup_closes_at=now - timedelta(days=1))
    for event, reason in ((not_yet, "Aanmelden kan vanaf"), (closed, "De aanmelding is gesloten."),
                          (taken_place, "Deze bijeenkomst heeft plaatsgevonden.")):
        for method in ("get", "post"):
            response = _signup_page(app, build, event, method)
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and reason in page, (event.title, method)
            assert f'action="/rondetafels/{event.id}/aanmelden"' not in page and 'name="consent"' not in page
            assert f'href="/rondetafels/{event.id}"' in page and "Terug naar de bijeenkomst" in page
    assert "Aanmelden kon tot" in _signup_page(app, build, closed).get_data(as_text=True)
    assert db.session.scalar(db.select(Registration)) is None
    # The event page gives the same reasons.
    assert "Deze bijeenkomst heeft plaatsgevonden." in app.test_client().get(f"/rondetafels/{taken_place.id}").get_data(as_text=True)
    assert "Aanmelden kon tot" in app.test_client().get(f"/rondetafels/{closed.id}").get_data(as_text=True)
    # An open event still shows the form.
    open_page = _signup_page(app, build, build.roundtable()).get_data(as_text=True)
    assert 'name="consent"' in open_page and "Terug naar de bijeenkomst" not in open_page
