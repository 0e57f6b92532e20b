"""Moderation's part of the privacy self-service and of inspraak purge."""
from __future__ import annotations

from datetime import timedelta

from inspraak.accounts.models import Role
from inspraak.database import utcnow
from inspraak.extensions import db
from moderation import services
from moderation.models import ModerationDecision, ModeratorAssignment, Report
from moderation.personal_data import export_moderation_data
from tests.helpers import PASSWORD, sign_in


def _published(build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    item = build.item_of_response(build.open_answer(survey, question, "Een gepubliceerde reactie."), question)
    services.approve(moderator, item, utcnow())
    return consultation, moderator, item


def test_download_my_data_holds_reports_assignments_and_decisions(app, build, client):
    consultation, moderator, item = _published(build)
    reader = build.user(Role.PARTICIPANT, email="lezer@example.org")
    sign_in(client, reader)
    client.post(f"/consultaties/{consultation.slug}/reacties/{item.id}/melden", data={"reason": "spam", "note": "reclame"})
    assert export_moderation_data(reader)["reports"][0]["note"] == "reclame"
    mine = export_moderation_data(moderator)
    assert mine["moderator_of"] == [consultation.title] and mine["decisions"][0]["action"] == "approve"


def test_erasure_removes_reports_and_assignments_but_keeps_the_log_anonymous(app, build, client):
    consultation, moderator, item = _published(build)
    # The reports of a signed-in person are found by their account.
    db.session.add(Report(item=item, reporter_hash=services.reporter_hash(moderator, None), reason="other"))
    db.session.commit()
    sign_in(client, moderator)
    assert client.post("/account/verwijderen", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    erased = db.session.get(type(moderator), moderator.id)
    assert erased.deleted_at is not None
    assert db.session.scalar(db.select(db.func.count(ModeratorAssignment.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 0
    decision = db.session.scalar(db.select(ModerationDecision))
    assert decision.actor_id == moderator.id and decision.actor_name == erased.name != "Mo de Rator"


def test_purge_removes_resolved_reports_after_180_days(app, build):
    consultation, moderator, item = _published(build)
    now = utcnow()
    db.session.add_all([
        Report(item=item, reporter_hash="a", reason="spam", created_at=now - timedelta(days=200),
               resolved_at=now - timedelta(days=181)),
        Report(item=item, reporter_hash="b", reason="spam", created_at=now - timedelta(days=200)),
        Report(item=item, reporter_hash="c", reason="spam", resolved_at=now - timedelta(days=3)),
    ])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "1  resolved public reports older than 180 days" in result.output, result.output
    assert sorted(db.session.scalars(db.select(Report.reporter_hash))) == ["b", "c"]


def test_a_respondent_finds_what_moderation_did_with_their_answers(app, build, client):
    """They could not see whether an answer was published, made partly unreadable or hidden, and why."""
    consultation, survey, questions = build.questionnaire(questions=("long_text",) * 4)
    moderator = build.moderator(consultation)
    person = build.user(Role.PARTICIPANT, email="schrijver@example.org")
    texts = ["Gewoon gepubliceerd.", "Bel mij op 06-12345678 voor meer.", "Dit is reclame voor mijn winkel.",
             "Nog niet bekeken."]
    response = build.imported_response(survey, {q.id: text for q, text in zip(questions, texts)})
    response.user_id = person.id
    db.session.commit()
    items = [build.item_of_response(response, q) for q in questions]
    services.approve(moderator, items[0], utcnow())
    phone = next(f for f in items[1].findings if f.kind == "phone")
    services.redact(moderator, items[1], [[phone.start, phone.end]], utcnow())
    services.approve(moderator, items[1], utcnow())
    services.hide(moderator, items[2], "spam", utcnow(), note="interne notitie")
    sign_in(client, person)
    mine = client.get("/account/mijn-gegevens.json").get_json()["moderation"]["my_answers"]
    assert [m["status"] for m in mine] == ["approved", "approved", "hidden", "pending"]
    assert mine[0]["published_text"] == texts[0] and mine[0]["passages_made_unreadable"] == 0
    assert "06-12345678" not in mine[1]["published_text"] and mine[1]["passages_made_unreadable"] == 1
    assert mine[2]["hidden_because"] == "Reclame of spam" and "interne notitie" not in str(mine)
    assert mine[3]["status_label"] == "Wacht op moderatie"
    assert [m["question"] for m in mine] == [q.text for q in questions]
    assert export_moderation_data(build.user(Role.PARTICIPANT))["my_answers"] == []
