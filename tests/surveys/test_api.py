"""Surveys in the API: reads, and imports that store one response per submission token,
validated by the same service as the web form; responses match the OpenAPI document."""
from __future__ import annotations

import base64
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource

from inspraak.accounts.models import Role
from inspraak.accounts.services import create_api_token
from inspraak.extensions import db
from inspraak.pdf import simple_pdf
from surveys.models import Response


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _check(spec, path, method, status, body):
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    validator = Draft202012Validator({"$ref": "urn:openapi" + schema["$ref"]}, registry=registry, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.fixture
def setup(build):
    # A consultation's questionnaire: paper responses to a consultation, with names.
    survey = build.survey(status="draft", consultation=build.consultation(status="open"))
    questions = {
        "kind": build.question(survey, "single_choice", "Wat vindt u?", options=["Voor", "Tegen"], required=True,
                               settings={"has_other": True}),
        "why": build.question(survey, "long_text", "Waarom?"),
    }
    page = build.section(survey, "Details", condition={"question": questions["kind"].id, "operator": "equals", "value": "tegen"})
    questions["score"] = build.question(survey, "likert", "Hoe zeker bent u?", required=True, page=page)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    _token, secret = create_api_token(survey.owner, "import")
    return survey, questions, {"Authorization": f"Bearer {secret}"}


def _body(questions, token="papier-0001", **answers):
    return {"submission_token": token,
            "respondent": {"category": "ngo", "organisation": "Stichting Bodem", "publication": "with_name"},
            "answers": {str(questions[k].id): v for k, v in answers.items()}}


def test_document_describes_the_survey_paths(spec):
    validate_spec(spec)
    assert {"/surveys", "/surveys/{slug}", "/surveys/{slug}/responses"} <= set(spec["paths"])


def test_list_and_detail_match_the_document(client, spec, setup):
    survey, questions, _headers = setup
    listing = client.get("/api/v1/surveys").get_json()
    _check(spec, "/surveys", "get", "200", listing)
    assert [item["slug"] for item in listing["items"]] == [survey.slug]
    detail = client.get(f"/api/v1/surveys/{survey.slug}").get_json()
    _check(spec, "/surveys/{slug}", "get", "200", detail)
    first = detail["sections"][0]["questions"][0]
    assert first["options"] == [{"value": "voor", "label": "Voor"}, {"value": "tegen", "label": "Tegen"}]
    assert detail["sections"][1]["show_if"] == {"question": questions["kind"].id, "operator": "equals", "value": "tegen"}
    assert client.get("/api/v1/surveys/bestaat-niet").status_code == 404


def test_the_list_comes_in_pages_with_links(client, spec, build):
    officer = build.user(Role.POLICY_OFFICER)
    slugs = [build.survey(officer, status="open", title=f"Enquête {n}").slug for n in range(5)]
    build.survey(officer, status="draft", title="Nog niet open")
    draft_consultation = build.consultation(officer, status="draft")
    build.survey(officer, status="open", consultation=draft_consultation)  # its consultation is not public yet
    first = client.get("/api/v1/surveys?per_page=2")
    _check(spec, "/surveys", "get", "200", first.get_json())
    body = first.get_json()
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 2, 5, 3)
    assert [item["slug"] for item in body["items"]] == slugs[::-1][:2]  # newest first
    assert first.headers["Link"] == '<http://localhost/api/v1/surveys?page=2&per_page=2>; rel="next"'
    middle = client.get("/api/v1/surveys?page=2&per_page=2")
    assert middle.headers["Link"] == ('<http://localhost/api/v1/surveys?page=1&per_page=2>; rel="prev", '
                                      '<http://localhost/api/v1/surveys?page=3&per_page=2>; rel="next"')
    last = client.get("/api/v1/surveys?page=3&per_page=2")
    assert [item["slug"] for item in last.get_json()["items"]] == slugs[:1]
    assert last.headers["Link"] == '<http://localhost/api/v1/surveys?page=2&per_page=2>; rel="prev"'
    seen = [item["slug"] for page in (first, middle, last) for item in page.get_json()["items"]]
    assert sorted(seen) == sorted(slugs)
    assert client.get("/api/v1/surveys").get_json()["per_page"] == 20
    for bad in ("per_page=0", "per_page=101", "page=0", "page=x", "page=10001"):
        response = client.get(f"/api/v1/surveys?{bad}")
        assert response.status_code == 400, bad
        _check(spec, "/surveys", "get", "400", response.get_json())


def test_the_survey_list_page_has_a_pager(client, build):
    officer = build.user(Role.POLICY_OFFICER)
    titles = [build.survey(officer, status="open", title=f"Enquête nummer {n:02d}").title for n in range(23)]
    first = client.get("/enquetes/").get_data(as_text=True)
    assert titles[-1] in first and titles[2] not in first and titles[3] in first  # 20 per page, newest first
    assert "Pagina 1 van 2" in first and 'href="/enquetes/?pagina=2" rel="next"' in first
    second = client.get("/enquetes/?pagina=2").get_data(as_text=True)
    assert all(title in second for title in titles[:3]) and titles[3] not in second
    assert 'href="/enquetes/?pagina=1" rel="prev"' in second
    assert client.get("/enquetes/?pagina=nee").status_code == 200  # not a number: the first page


def test_import_stores_one_response_per_submission_token(client, spec, setup):
    survey, questions, headers = setup
    body = _body(questions, kind="tegen", why="=HYPERLINK(\"x\")", score=4)
    first = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=headers)
    assert first.status_code == 201, first.get_json()
    _check(spec, "/surveys/{slug}/responses", "post", "201", first.get_json())
    again = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=headers)
    assert again.status_code == 200 and again.get_json()["reference"] == first.get_json()["reference"]
    _check(spec, "/surveys/{slug}/responses", "post", "200", again.get_json())
    stored = db.session.scalars(db.select(Response)).all()
    assert len(stored) == 1 and stored[0].source == "import" and stored[0].organisation_name == "Stichting Bodem"
    assert stored[0].answers_by_question()[questions["why"].id] == "=HYPERLINK(\"x\")"  # stored as typed


def test_import_gives_an_error_per_question(client, spec, setup):
    survey, questions, headers = setup
    body = _body(questions, kind="misschien", score=9)
    body["answers"]["999999"] = "x"
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=headers)
    assert response.status_code == 422
    _check(spec, "/surveys/{slug}/responses", "post", "422", response.get_json())
    errors = response.get_json()["errors"]
    assert set(errors) == {str(questions["kind"].id), "999999"}  # the hidden page's question is not checked
    missing = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=_body(questions, kind="tegen"), headers=headers)
    assert str(questions["score"].id) in missing.get_json()["errors"]  # shown by the condition, required
    bad_profile = _body(questions, kind="voor")
    bad_profile["respondent"] = {"category": "alien", "publication": "loud"}
    assert set(client.post(f"/api/v1/surveys/{survey.slug}/responses", json=bad_profile, headers=headers)
               .get_json()["errors"]) == {"category", "publication"}
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_hidden_answers_sent_through_the_api_are_not_stored(client, setup):
    survey, questions, headers = setup
    body = _body(questions, kind={"other": "Hangt ervan af"}, score=2)
    assert client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=headers).status_code == 201
    stored = db.session.scalar(db.select(Response))
    assert stored.answers_by_question() == {questions["kind"].id: {"other": "Hangt ervan af"}}


def test_import_needs_an_officer_token(client, build, setup):
    survey, questions, _headers = setup
    body = _body(questions, kind="voor")
    assert client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body).status_code == 401
    citizen = build.user(Role.PARTICIPANT)
    _token, secret = create_api_token(citizen, "x")
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 403
    assert client.post(f"/api/v1/surveys/{survey.slug}/responses", data="nee", headers=_headers,
                       content_type="application/json").status_code == 400


def test_only_the_surveys_officer_and_admins_import(client, spec, build, setup):
    """Another policy officer's token may not add responses to a survey they cannot edit or
    export (a consultation's questionnaire, or a stand-alone survey): 403, nothing stored."""
    questionnaire, questions, owner_headers = setup
    stand_alone = build.survey()  # open, owned by yet another officer
    other_officer = build.user(Role.POLICY_OFFICER)
    _token, other_secret = create_api_token(other_officer, "import")
    other_headers = {"Authorization": f"Bearer {other_secret}"}
    for survey in (questionnaire, stand_alone):
        answers = {str(survey.ordered_questions()[0].id): "voor"}
        body = {"submission_token": f"ander-{survey.id}-0001", "answers": answers,
                "respondent": {"category": "ngo", "organisation": "Stichting Nep", "name": "Nep", "publication": "with_name"}}
        refused = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=other_headers)
        assert refused.status_code == 403, refused.get_json()
        _check(spec, "/surveys/{slug}/responses", "post", "403", refused.get_json())
        assert "policy officer" in refused.get_json()["error"]["detail"]
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    # The owner's token works, and so does an admin's (who owns neither).
    response = client.post(f"/api/v1/surveys/{questionnaire.slug}/responses", json=_body(questions, kind="voor"),
                           headers=owner_headers)
    assert response.status_code == 201, response.get_json()
    admin = build.user(Role.ADMIN)
    _token, admin_secret = create_api_token(admin, "import")
    for survey in (questionnaire, stand_alone):
        answers = {str(survey.ordered_questions()[0].id): "voor"}
        body = {"submission_token": f"admin-{survey.id}-0001", "answers": answers,
                "respondent": {"category": "ngo", "organisation": "Stichting Bodem", "publication": "anonymous"}}
        response = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body,
                               headers={"Authorization": f"Bearer {admin_secret}"})
        assert response.status_code == 201, response.get_json()
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 3


def test_a_position_paper_is_checked_by_content(client, build):
    survey = build.survey(status="draft")
    paper = build.question(survey, "file", "Position paper")
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    _token, secret = create_api_token(survey.owner, "import")
    headers = {"Authorization": f"Bearer {secret}"}

    def send(token, content):
        return client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, json={
            "submission_token": token, "respondent": {"category": "company", "organisation": "BV", "publication": "anonymous"},
            "answers": {str(paper.id): {"filename": "visie.pdf", "content_base64": base64.b64encode(content).decode()}}})

    fake = send("papier-fake-01", b"MZ this is not a pdf")
    assert fake.status_code == 422 and "not a PDF" in json.dumps(fake.get_json())  # the API answers in English
    real = send("papier-real-01", simple_pdf("Visie", ["Onze visie op kweekvlees."]))
    assert real.status_code == 201
    value = db.session.scalar(db.select(Response)).answers_by_question()[paper.id]
    assert value["filename"] == "visie.pdf" and value["page_count"] == 1 and len(value["sha256"]) == 64
    # A client cannot point an answer at a file on disk: only an upload becomes a paper.
    for stored in ("../../../../etc/passwd", value["stored_name"]):
        pointed = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, json={
            "submission_token": f"papier-{len(stored):04d}-x", "answers": {str(paper.id): {
                "filename": "visie.pdf", "stored_name": stored, "size_bytes": 10, "page_count": 1}},
            "respondent": {"category": "company", "organisation": "BV", "publication": "anonymous"}})
        assert pointed.status_code == 422 and str(paper.id) in pointed.get_json()["errors"]
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_a_paper_is_only_read_from_a_name_the_platform_made(app):
    from surveys.services import paper_path

    folder = app.config["UPLOAD_FOLDER"] / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("a" * 32 + ".pdf")).write_bytes(b"%PDF-1.4")
    (app.config["UPLOAD_FOLDER"] / "elsewhere.pdf").write_bytes(b"%PDF-1.4")
    assert paper_path({"stored_name": "a" * 32 + ".pdf"}) == folder / ("a" * 32 + ".pdf")
    for stored in ("../elsewhere.pdf", "/etc/passwd", "b" * 32 + ".pdf", None, 7, ["x"]):
        assert paper_path({"stored_name": stored}) is None, stored
    assert paper_path("tekst") is None and paper_path(None) is None


def test_create_token_command_prints_a_working_token(app, client, build, setup):
    survey, questions, _headers = setup
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-token", "--email", survey.owner.email, "--name", "papier"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", json=_body(questions, kind="voor"),
                           headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 201
    citizen = build.user(Role.PARTICIPANT)
    refused = runner.invoke(args=["create-token", "--email", citizen.email, "--name", "x"])
    assert refused.exit_code != 0 and "beleidsmedewerkers" in refused.output


# A lone surrogate (half of a UTF-16 pair) cannot be encoded as UTF-8: stored, it broke
# every page and export that shows it. JSON can carry one ("\ud800"), and Python's JSON
# decoder also lets raw bytes ED A0 80 through as one; each is refused next to its field.
@pytest.mark.parametrize("where", ["answer", "other", "organisation", "name", "submission_token", "key", "raw bytes"])
def test_a_lone_surrogate_anywhere_in_an_import_is_refused_per_field(client, spec, setup, where):
    survey, questions, headers = setup
    body = _body(questions, kind="voor")
    why, kind = str(questions["why"].id), str(questions["kind"].id)
    field = {"answer": why, "other": kind, "organisation": "organisation", "name": "name",
             "submission_token": "submission_token", "key": "1\\ud800", "raw bytes": why}[where]
    if where == "answer":
        body["answers"][why] = "a\ud800b"
    elif where == "other":
        body["answers"][kind] = {"other": "Soms\udc00"}
    elif where in ("organisation", "name"):
        body["respondent"][where] = "Stichting \ud800"
    elif where == "submission_token":
        body["submission_token"] = "papier-\ud800-0001"
    elif where == "key":
        body["answers"]["1\ud800"] = "x"
    kwargs = {"json": body}
    if where == "raw bytes":
        body["answers"][why] = "SURROGATE"
        kwargs = {"data": json.dumps(body).replace("SURROGATE", "a\ud800b", 1).encode("utf-8", "surrogatepass"),
                  "content_type": "application/json"}
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, **kwargs)
    assert response.status_code == 422, response.get_data(as_text=True)
    _check(spec, "/surveys/{slug}/responses", "post", "422", response.get_json())
    errors = response.get_json()["errors"]
    assert field in errors, errors
    if where not in ("key", "submission_token"):
        assert errors[field] == "The text contains an invalid character."
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_a_nul_in_an_imported_token_or_name_is_refused_per_field(client, setup):
    survey, questions, headers = setup
    bad_token = _body(questions, kind="voor", token="papier-\x00-0001")
    bad_name = _body(questions, kind="voor")
    bad_name["respondent"]["organisation"] = "Stichting\x00"
    for body, field in ((bad_token, "submission_token"), (bad_name, "organisation")):
        response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, json=body)
        assert response.status_code == 422
        assert response.get_json()["errors"][field] == "The text contains an invalid character."
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_too_deeply_is_refused_as_invalid(client, spec, setup, depth):
    """A thousand nested arrays ran the decoder out of recursion: a 500."""
    survey, questions, headers = setup
    body = json.dumps(_body(questions, kind="tegen", score=3))[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, data=body,
                           content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    _check(spec, "/surveys/{slug}/responses", "post", "400", response.get_json())
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_json_nested_as_deep_as_allowed_is_read(client, setup):
    survey, questions, headers = setup
    body = json.dumps(_body(questions, kind="tegen", score=3))[:-1] + ', "extra": ' + "[" * 31 + "]" * 31 + "}"
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, data=body,
                           content_type="application/json")
    assert response.status_code == 201, response.get_data(as_text=True)  # unknown keys are ignored


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(client, spec, setup, constant):
    """Standard JSON has no NaN or Infinity (RFC 8259); Python's decoder accepts them."""
    survey, questions, headers = setup
    text = json.dumps(_body(questions, kind="tegen", score="CONSTANT")).replace('"CONSTANT"', constant)
    response = client.post(f"/api/v1/surveys/{survey.slug}/responses", headers=headers, data=text,
                           content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    _check(spec, "/surveys/{slug}/responses", "post", "400", response.get_json())
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
