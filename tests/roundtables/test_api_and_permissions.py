"""The API against its OpenAPI document, and the permission matrix (role x action)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource

from inspraak.accounts.models import Role
from inspraak.accounts.services import create_api_token
from inspraak.roundtables import permissions as rp
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import RoundtableMode


def _check(spec: dict, path: str, body) -> None:
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    validator = Draft202012Validator({"$ref": "urn:openapi" + schema["$ref"]}, registry=registry, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_api_lists_seats_confirmed_left_and_waitlisted_per_category(client, build):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate_spec(spec)
    assert {"/roundtables", "/roundtables/{roundtable_id}"} <= set(spec["paths"])
    officer = build.user(Role.POLICY_OFFICER)
    event = build.roundtable(officer, seats={C.CITIZEN: 1, C.NGO: 2}, online_url="https://vergader.example/geheim")
    build.roundtable(officer, mode=RoundtableMode.SELECTION)
    draft = build.roundtable(officer, published=False)
    event_id, draft_id = event.id, draft.id
    for _ in range(3):
        build.sign_up(build.user(), event)
    listing = client.get("/api/v1/roundtables").get_json()
    _check(spec, "/roundtables", listing)
    assert listing["total"] == 2
    detail = client.get(f"/api/v1/roundtables/{event_id}").get_json()
    _check(spec, "/roundtables/{roundtable_id}", detail)
    by_category = {c["category"]: c for c in detail["categories"]}
    assert by_category["citizen"] == {"category": "citizen", "seats": 1, "confirmed": 1, "left": 0, "waitlisted": 2}
    assert by_category["ngo"] == {"category": "ngo", "seats": 2, "confirmed": 0, "left": 2, "waitlisted": 0}
    assert "geheim" not in str(detail) and detail["is_online"] is True
    assert client.get(f"/api/v1/roundtables/{draft_id}").status_code == 404
    _token, secret = create_api_token(build.fresh(officer), "script")
    assert client.get(f"/api/v1/roundtables/{draft_id}", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


ROLES = ["anonymous", "participant", "organisation", "moderator", "policy_officer", "admin"]


def _user(role: str, user_id: int = 2):
    if role == "anonymous":
        return AnonymousUserMixin()
    return SimpleNamespace(id=user_id, is_authenticated=True, is_verified=True, role=role,
                           has_role=lambda *roles: Role(role) in roles)


def _event(published: bool):
    return SimpleNamespace(owner_id=1, is_published=published)


#   role:                 anon part  org  mod  officer admin     (officer = not the owner)
MATRIX = {
    "view published":     (1,   1,   1,   1,   1,   1),
    "view draft":         (0,   0,   0,   0,   0,   1),
    "create":             (0,   0,   0,   0,   1,   1),
    "edit":               (0,   0,   0,   0,   0,   1),
    "see participants":   (0,   0,   0,   0,   0,   1),
    "export":             (0,   0,   0,   0,   0,   1),
    "sign up published":  (0,   1,   1,   1,   1,   1),
    "sign up draft":      (0,   0,   0,   0,   0,   0),
}

ACTIONS = {
    "view published": lambda u: rp.can_view_roundtable(u, _event(True)),
    "view draft": lambda u: rp.can_view_roundtable(u, _event(False)),
    "create": rp.can_create_roundtable,
    "edit": lambda u: rp.can_edit_roundtable(u, _event(True)),
    "see participants": lambda u: rp.can_view_participants(u, _event(True)),
    "export": lambda u: rp.can_export_participants(u, _event(True)),
    "sign up published": lambda u: rp.can_sign_up(u, _event(True)),
    "sign up draft": lambda u: rp.can_sign_up(u, _event(False)),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(action, role):
    assert ACTIONS[action](_user(role)) is bool(MATRIX[action][ROLES.index(role)])


@pytest.mark.parametrize("action", ["view draft", "edit", "see participants", "export"])
def test_the_owning_officer_may_manage_their_event(action):
    assert ACTIONS[action](_user("policy_officer", user_id=1)) is True


def test_the_server_checks_permissions_on_every_officer_page(app, build):
    from tests.helpers import sign_in

    owner, other = build.user(Role.POLICY_OFFICER), build.user(Role.POLICY_OFFICER)
    event = build.roundtable(owner)
    event_id = event.id
    registration_id = build.sign_up(build.user(), event).registration.id
    pages = [f"/rondetafels/{event_id}/bewerken", f"/rondetafels/{event_id}/deelnemers",
             f"/rondetafels/{event_id}/deelnemers.csv", f"/rondetafels/{event_id}/deelnemers.xlsx",
             f"/rondetafels/{event_id}/verslag"]
    posts = [f"/rondetafels/{event_id}/publiceren", f"/rondetafels/{event_id}/aanwezigheid",
             f"/rondetafels/{event_id}/selectie-afronden",
             f"/rondetafels/{event_id}/deelnemers/{registration_id}/selecteren"]
    for person, expected in ((build.fresh(other), 403), (build.user(), 403)):
        client = app.test_client()
        sign_in(client, person)
        for path in pages:
            with client.get(path) as response:
                assert response.status_code == expected, path
        for path in posts:
            assert client.post(path).status_code == expected, path
    anonymous = app.test_client()
    assert anonymous.get(pages[1]).status_code == 302  # to sign-in
    owner_client = app.test_client()
    sign_in(owner_client, build.fresh(owner))
    for path in pages:
        with owner_client.get(path) as response:
            assert response.status_code == 200, path
