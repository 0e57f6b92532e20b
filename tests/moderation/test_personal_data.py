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
