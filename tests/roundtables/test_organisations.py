"""Organisation identity: representatives share one organisation by KvK number; admins
merge duplicates (members and registrations move), so the per-organisation maximum holds."""
from __future__ import annotations

import pytest

from inspraak.accounts import organisations
from inspraak.accounts import services as account_services
from inspraak.accounts.models import Organisation, OrganisationCategory, Role, User
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration
from tests.helpers import PASSWORD, sign_in


def _representative(email: str, name: str, kvk: str | None = None) -> User:
    details = account_services.OrganisationDetails(name, OrganisationCategory.NGO, kvk_number=kvk)
    return account_services.create_user(email=email, name="Vertegenwoordiger", password=PASSWORD,
                                        role=Role.ORGANISATION, organisation=details, verified=True)


def test_representatives_with_the_same_kvk_number_share_one_organisation(client):
    first = _representative("a@zaad.example", "Stichting Zaadvrij", "12345678")
    second = _representative("b@zaad.example", "Stg. Zaadvrij", "12345678")
    third = _representative("c@anders.example", "Stichting Zaadvrij")  # no KvK: a new one
    assert first.organisation_id == second.organisation_id != third.organisation_id
    assert db.session.get(Organisation, first.organisation_id).name == "Stichting Zaadvrij"
    # Through the registration form too.
    client.post("/account/registreren", data={
        "account_type": "organisation", "name": "Derde", "email": "d@zaad.example", "password": PASSWORD,
        "password_confirm": PASSWORD, "organisation_name": "Zaadvrij", "organisation_category": "ngo",
        "kvk_number": "12345678"})
    user = db.session.scalar(db.select(User).where(User.email == "d@zaad.example"))
    assert user.organisation_id == first.organisation_id


def test_the_shared_organisation_limits_sign_ups(build):
    event = build.roundtable(seats={C.NGO: 4})
    first = _representative("a@zaad.example", "Stichting Zaadvrij", "12345678")
    second = _representative("b@zaad.example", "Stichting Zaadvrij", "12345678")
    build.sign_up(first, event)
    with pytest.raises(DomainError, match="organisatie is al aangemeld"):
        build.sign_up(second, event)


def test_an_admin_merges_duplicates_and_their_registrations_follow(app, build):
    event = build.roundtable(seats={C.NGO: 4})
    keep_user = _representative("a@zaad.example", "Stichting Zaadvrij", "12345678")
    duplicate_user = _representative("b@zaad.example", "Zaadvrij (dubbel)")
    keep_id, duplicate_id = keep_user.organisation_id, duplicate_user.organisation_id
    registration_id = build.sign_up(duplicate_user, event).registration.id
    admin = build.user(Role.ADMIN)
    client = app.test_client()
    sign_in(client, build.fresh(admin))
    page = client.get("/account/beheer/organisaties").get_data(as_text=True)
    assert "Zaadvrij (dubbel)" in page and "Samenvoegen" in page
    same = client.post("/account/beheer/organisaties", data={"keep": str(keep_id), "duplicate": str(keep_id)})
    assert "Kies twee verschillende organisaties" in same.get_data(as_text=True)
    response = client.post("/account/beheer/organisaties", data={"keep": str(keep_id), "duplicate": str(duplicate_id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, duplicate_id) is None
    assert {u.organisation_id for u in db.session.scalars(db.select(User).where(User.email.like("%zaad.example")))} == {keep_id}
    assert db.session.get(Registration, registration_id).organisation_id == keep_id
    # Now the kept organisation is present: its other representative is refused.
    with pytest.raises(DomainError, match="organisatie is al aangemeld"):
        build.sign_up(db.session.scalar(db.select(User).where(User.email == "a@zaad.example")), event)


def test_merging_two_organisations_seated_at_the_same_event_is_refused(build):
    event = build.roundtable(seats={C.NGO: 4})
    a = _representative("a@x.example", "Stichting A")
    b = _representative("b@y.example", "Stichting B")
    a_org, b_org = a.organisation_id, b.organisation_id
    build.sign_up(a, event)
    build.sign_up(b, event)
    with pytest.raises(DomainError, match="Samenvoegen kan niet"):
        organisations.merge_organisations(build.user(Role.ADMIN), db.session.get(Organisation, a_org),
                                          db.session.get(Organisation, b_org))
    assert db.session.get(Organisation, b_org) is not None


def test_only_admins_merge(app, build):
    client = app.test_client()
    sign_in(client, build.fresh(build.user(Role.POLICY_OFFICER)))
    assert client.get("/account/beheer/organisaties").status_code == 403


def test_mail_in_english_for_an_english_speaking_participant(build, outbox):
    person = build.user(locale="en")
    build.sign_up(person, build.roundtable(title="NGT table"))
    message = outbox.last_to(build.fresh(person).email)
    assert message["Subject"] == "Confirmation: you are registered for NGT table"
    body = message.get_body(("plain",)).get_content()
    assert "Your registration code" in body and "Dutch time" in body
