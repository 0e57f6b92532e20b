"""Moderation through HTTP: the 'Done when' case of the issue, the queue, the public
"Reacties" page, the API, reports and the CSV export of the decision log."""
from __future__ import annotations

import re

from inspraak.accounts.models import Role
from inspraak.extensions import db
from moderation.models import ModerationDecision, ModerationItem
from tests.helpers import sign_in

EMAIL, BSN, PHONE = "piet.jansen@example.org", "111222333", "06-12345678"
TEXT = f"Ik ben tegen. Mail mij op {EMAIL} of bel {PHONE}; mijn BSN is {BSN}. Groene groet."


def _submit_on_the_website(client, survey, question, text: str, publication: str = "anonymous") -> None:
    page = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/enquetes/{survey.slug}/invullen", data={
        "category": "citizen", "publication": publication, "submission_token": token, "action": "next"})
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={
        "submission_token": token, f"q{question.id}": text, "action": "submit"})
    assert response.status_code == 302


def _public(client, consultation) -> tuple[str, dict]:
    page = client.get(f"/consultaties/{consultation.slug}/reacties")
    api = client.get(f"/api/v1/consultations/{consultation.slug}/responses")
    assert page.status_code == 200 and api.status_code == 200
    return page.get_data(as_text=True), api.get_json()


def test_personal_data_is_flagged_and_published_only_redacted_after_approval(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation, email="mod@example.org")
    visitor = app.test_client()
    _submit_on_the_website(visitor, survey, question, TEXT)

    item = db.session.scalar(db.select(ModerationItem))
    assert {"email", "bsn", "phone"} <= {f.kind for f in item.findings}

    html, data = _public(visitor, consultation)
    assert data["total"] == 0 and data["items"] == []
    for secret in (EMAIL, BSN, PHONE, "Ik ben tegen"):
        assert secret not in html and secret not in str(data)

    staff = app.test_client()
    sign_in(staff, moderator)
    queue = staff.get(f"/moderatie/{consultation.slug}/").get_data(as_text=True)
    assert "E-mailadres" in queue and "Telefoonnummer" in queue and "Burgerservicenummer (BSN)" in queue
    page = staff.get(f"/moderatie/{consultation.slug}/reacties/{item.id}").get_data(as_text=True)
    assert EMAIL in page and BSN in page            # the original, for staff only
    spans = [f"{f.start}-{f.end}" for f in item.findings if f.kind in ("email", "bsn", "phone")]
    redacted = staff.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/onleesbaar-maken",
                          data={"spans": spans, "passages": "Groene groet", "note": ""})
    assert redacted.status_code == 302
    html, data = _public(visitor, consultation)
    assert data["total"] == 0                       # redacted, but not yet approved
    approved = staff.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/goedkeuren", data={"approve-note": ""})
    assert approved.status_code == 302

    html, data = _public(visitor, consultation)
    expected = f"Ik ben tegen. Mail mij op [verwijderd] of bel [verwijderd]; mijn BSN is [verwijderd]. [verwijderd]."
    assert data["total"] == 1 and data["items"][0]["text"] == expected
    assert data["items"][0]["author"] is None and data["items"][0]["category_label"] == "Burger"
    assert expected in html
    for secret in (EMAIL, BSN, PHONE, "Groene groet"):
        assert secret not in html and secret not in str(data)
    # Search does not find the blanked passages.
    assert visitor.get(f"/api/v1/consultations/{consultation.slug}/responses?q={BSN}").get_json()["total"] == 0
    assert "Ik ben tegen" not in visitor.get(f"/consultaties/{consultation.slug}/reacties?zoek={BSN}").get_data(as_text=True)
    assert "Ik ben tegen" in visitor.get(f"/consultaties/{consultation.slug}/reacties?zoek=TEGEN").get_data(as_text=True)
    # The log has both decisions, and the detail page still shows the original to staff.
    assert [d.action for d in db.session.scalars(db.select(ModerationDecision))] == ["redact", "approve"]
    assert EMAIL in staff.get(f"/moderatie/{consultation.slug}/reacties/{item.id}").get_data(as_text=True)


def test_not_published_and_unapproved_answers_never_reach_the_public(app, build, client):
    consultation, survey, (question,) = build.questionnaire()
    build.open_answer(survey, question, "Alleen voor de beleidsmakers bedoeld.", publication="not_published")
    build.open_answer(survey, question, "Nog niet beoordeeld door iemand.")
    html, data = _public(client, consultation)
    assert data["total"] == 0 and "beleidsmakers bedoeld" not in html and "Nog niet beoordeeld" not in html


def test_a_moderator_who_is_not_assigned_cannot_see_or_act(app, build):
    consultation, survey, (question,) = build.questionnaire()
    build.moderator(consultation)
    stranger = build.moderator(email="other@example.org")
    item = build.item_of_response(build.open_answer(survey, question, "Een gewone reactie."), question)
    client = app.test_client()
    sign_in(client, stranger)
    assert client.get(f"/moderatie/{consultation.slug}/").status_code == 403
    assert client.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/goedkeuren").status_code == 403
    assert client.post(f"/moderatie/{consultation.slug}/goedkeuren", data={"items": [item.id]}).status_code == 403
    db.session.refresh(item)
    assert item.status == "pending"
    assert consultation.title not in client.get("/moderatie/").get_data(as_text=True)


def test_bulk_approval_publishes_only_clean_items(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    clean = build.item_of_response(build.open_answer(survey, question, "Een nette reactie zonder gegevens."), question)
    flagged = build.item_of_response(build.open_answer(survey, question, "Bel 06-12345678."), question)
    client = app.test_client()
    sign_in(client, moderator)
    queue = client.get(f"/moderatie/{consultation.slug}/").get_data(as_text=True)
    assert f'value="{clean.id}"' in queue and f'value="{flagged.id}"' not in queue
    assert queue.index("Een nette reactie") < queue.index("Bel 06")        # oldest first
    client.post(f"/moderatie/{consultation.slug}/goedkeuren", data={"items": [clean.id, flagged.id]})
    db.session.expire_all()
    assert (db.session.get(ModerationItem, clean.id).status, db.session.get(ModerationItem, flagged.id).status) == (
        "approved", "pending")
    only_flagged = client.get(f"/moderatie/{consultation.slug}/?bevinding=phone").get_data(as_text=True)
    assert "Bel 06" in only_flagged and "Een nette reactie" not in only_flagged


def test_hiding_needs_a_reason_from_the_list(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    item = build.item_of_response(build.open_answer(survey, question, "Koop nu goedkope horloges!"), question)
    client = app.test_client()
    sign_in(client, moderator)
    refused = client.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/verbergen", data={"reason": "other"})
    assert refused.status_code == 400 and "Licht de reden" in refused.get_data(as_text=True)
    done = client.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/verbergen",
                       data={"reason": "spam", "note": "reclame"})
    assert done.status_code == 302
    db.session.refresh(item)
    assert item.status == "hidden" and item.hide_reason == "spam"
    csv = client.get(f"/moderatie/{consultation.slug}/besluiten.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "hide,spam,reclame" in csv.get_data(as_text=True) and "Mo de Rator" in csv.get_data(as_text=True)


def _seen(page: str, form: str) -> str:
    return re.search(rf'name="{form}seen" type="hidden" value="(\d+)"', page).group(1)


def test_a_decision_taken_meanwhile_by_another_moderator_is_not_overruled(app, build):
    """Two moderators open the same answer; one hides it for personal data; the other's
    approval, sent from the page as it was before, is refused instead of publishing it."""
    consultation, survey, (question,) = build.questionnaire()
    first, second = build.moderator(consultation), build.moderator(consultation, email="tweede@example.org")
    item = build.item_of_response(build.open_answer(survey, question, "Mijn buurman Jan de Vries vindt het goed."),
                                  question)
    url = f"/moderatie/{consultation.slug}/reacties/{item.id}"
    hider, approver = app.test_client(), app.test_client()
    sign_in(hider, first)
    sign_in(approver, second)
    stale = approver.get(url).get_data(as_text=True)
    assert _seen(stale, "approve-") == "0"
    page = hider.get(url).get_data(as_text=True)
    assert hider.post(f"{url}/verbergen", data={"reason": "personal_data", "seen": _seen(page, "")}).status_code == 302

    refused = approver.post(f"{url}/goedkeuren", data={"approve-seen": _seen(stale, "approve-")})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "een ander besluit over genomen" in text
    db.session.refresh(item)
    assert item.status == "hidden" and item.published_text is None
    assert [d.action for d in db.session.scalars(db.select(ModerationDecision))] == ["hide"]
    # The refused page shows the new state; deciding again from it is a conscious choice and goes through.
    fresh = _seen(text, "approve-")
    assert fresh != "0"
    assert approver.post(f"{url}/goedkeuren", data={"approve-seen": fresh}).status_code == 302
    db.session.refresh(item)
    assert item.status == "approved"


def test_three_reports_from_different_people_hide_an_answer_until_a_moderator_decides(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    item = build.item_of_response(build.open_answer(survey, question, "Een reactie die iemand stoort."), question)
    from inspraak.database import utcnow
    from moderation import services

    services.approve(moderator, item, utcnow())
    url = f"/consultaties/{consultation.slug}/reacties/{item.id}/melden"
    anonymous = app.test_client()
    for _ in range(2):   # the same address twice counts once
        assert anonymous.post(url, data={"reason": "abuse"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 302
    signed_in = app.test_client()
    sign_in(signed_in, build.user(Role.PARTICIPANT, email="lezer@example.org"))
    signed_in.post(url, data={"reason": "spam"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    db.session.refresh(item)
    assert item.status == "approved" and len(item.reports) == 2
    app.test_client().post(url, data={"reason": "other", "note": "vervelend"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    db.session.refresh(item)
    assert item.status == "hidden" and item.is_hidden_by_reports
    assert "iemand stoort" not in anonymous.get(f"/consultaties/{consultation.slug}/reacties").get_data(as_text=True)
    assert anonymous.get(url).status_code == 404
    log = db.session.scalars(db.select(ModerationDecision).order_by(ModerationDecision.id)).all()
    assert [d.action for d in log] == ["approve", "report_hide"] and log[-1].actor_id is None
    # The moderator decides: publish again; the reports are resolved and the decision logged.
    client = app.test_client()
    sign_in(client, moderator)
    assert "Meldingen van bezoekers" in client.get(f"/moderatie/{consultation.slug}/reacties/{item.id}").get_data(as_text=True)
    client.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/goedkeuren", data={})
    db.session.refresh(item)
    assert item.status == "approved" and not item.is_hidden_by_reports
    assert all(r.resolved_at for r in item.reports)
    assert db.session.scalars(db.select(ModerationDecision.action).order_by(ModerationDecision.id.desc())).first() == "approve"


def test_reports_are_rate_limited_per_client_address(tmp_path, build):
    from tests.helpers import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, REPORT_RATE_LIMIT="2 per minute")
    with app.app_context():
        consultation, survey, (question,) = build.questionnaire()
        moderator = build.moderator(consultation)
        from inspraak.database import utcnow
        from moderation import services

        item = build.item_of_response(build.open_answer(survey, question, "Iets om te melden."), question)
        services.approve(moderator, item, utcnow())
        client = app.test_client()
        url = f"/consultaties/{consultation.slug}/reacties/{item.id}/melden"
        codes = [client.post(url, data={"reason": "spam"}).status_code for _ in range(3)]
        assert codes == [302, 302, 429]
        db.session.remove()


def test_the_consultation_page_links_to_its_responses(app, build, client):
    consultation, survey, (question,) = build.questionnaire()
    page = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert f"/consultaties/{consultation.slug}/reacties" in page


def test_owner_assigns_a_moderator_and_sees_the_dashboard(app, build):
    consultation, survey, (question,) = build.questionnaire()
    person = build.moderator(email="nieuw@example.org")
    build.open_answer(survey, question, "Mijn mail is a@example.org.")
    owner = app.test_client()
    sign_in(owner, consultation.owner)
    page = owner.get(f"/moderatie/{consultation.slug}/moderatoren").get_data(as_text=True)
    assert "nieuw@example.org" in page
    assert owner.post(f"/moderatie/{consultation.slug}/moderatoren", data={"moderator": person.id}).status_code == 302
    db.session.refresh(consultation)
    assert [a.user_id for a in consultation.moderator_assignments] == [person.id]
    dashboard = owner.get(f"/moderatie/{consultation.slug}/dashboard").get_data(as_text=True)
    assert "E-mailadres" in dashboard and "In de wachtrij" in dashboard
    # The owner reads the queue but does not decide.
    item = db.session.scalar(db.select(ModerationItem))
    assert owner.post(f"/moderatie/{consultation.slug}/reacties/{item.id}/goedkeuren").status_code == 403


def test_an_approved_position_paper_can_be_downloaded_and_an_unapproved_one_cannot(app, build, client):
    import base64

    from inspraak.database import utcnow
    from inspraak.pdf import simple_pdf
    from moderation import services

    consultation, survey, (paper,) = build.questionnaire(questions=("file",))
    moderator = build.moderator(consultation)
    pdf = simple_pdf("Standpunt", ["Wij zijn voor."])
    response = build.imported_response(survey, {paper.id: {"filename": "standpunt.pdf",
                                                           "content_base64": base64.b64encode(pdf).decode()}})
    item = build.item_of_response(response, paper)
    url = f"/consultaties/{consultation.slug}/reacties/{item.id}/bestand"
    assert client.get(url).status_code == 404
    services.approve(moderator, item, utcnow())
    with client.get(url) as download:
        assert download.status_code == 200 and download.data == pdf and download.mimetype == "application/pdf"
    listing = client.get(f"/api/v1/consultations/{consultation.slug}/responses").get_json()
    assert listing["items"][0]["text"] is None and listing["items"][0]["file"]["filename"] == "standpunt.pdf"
    assert "standpunt.pdf" in client.get(f"/consultaties/{consultation.slug}/reacties").get_data(as_text=True)


def test_every_moderation_page_renders_in_english(app, build):
    from inspraak.database import utcnow
    from moderation import services

    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    item = build.item_of_response(build.open_answer(survey, question, "Bel 06-12345678 of niet."), question)
    services.hide(moderator, item, "personal_data", utcnow())
    client = app.test_client()
    sign_in(client, moderator)
    client.get("/taal/en")
    slug = consultation.slug
    expectations = {
        "/moderatie/": "Moderation", f"/moderatie/{slug}/?status=hidden": "Queue",
        f"/moderatie/{slug}/reacties/{item.id}": "Original text (staff only)",
        f"/moderatie/{slug}/dashboard": "Findings by kind", f"/moderatie/{slug}/besluiten": "Decision log",
        f"/consultaties/{slug}/reacties": "Search the responses",
    }
    for path, text in expectations.items():
        page = client.get(path)
        assert page.status_code == 200 and text in page.get_data(as_text=True), path
    owner = app.test_client()
    sign_in(owner, consultation.owner)
    owner.get("/taal/en")
    assert "Moderators" in owner.get(f"/moderatie/{slug}/moderatoren").get_data(as_text=True)
