"""The decision log is append-only: the database refuses UPDATE and DELETE with plain
SQL (a trigger), on SQLite and on PostgreSQL, whether the schema came from the
migrations or from create_all; the app has no way to change it either."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from config import normalise_database_url
from inspraak.database import utcnow
from inspraak.extensions import db
from moderation import services
from moderation.models import ModerationDecision
from tests.helpers import make_app, migrate_and_compare, reset_postgres_schema

INSERT = ("INSERT INTO moderation_decision (item_id, consultation_id, actor_id, at, action, note, "
          "status_before, status_after, redactions) VALUES (1, 1, NULL, :at, 'approve', 'eerste', "
          "'pending', 'approved', '[]')")
CHANGES = (
    "UPDATE moderation_decision SET note = 'vervalst'",
    "UPDATE moderation_decision SET action = 'hide' WHERE id = 1",
    "DELETE FROM moderation_decision",
    "DELETE FROM moderation_decision WHERE id = 1",
)


def _assert_append_only(app, extra_changes: tuple[str, ...] = ()) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text(INSERT), {"at": utcnow().replace(tzinfo=None)})
        for statement in CHANGES + extra_changes:
            with pytest.raises(DBAPIError, match="append-only"):
                with db.engine.begin() as connection:
                    connection.execute(text(statement))
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT note, action FROM moderation_decision")).all()
        assert [tuple(r) for r in rows] == [("eerste", "approve")]
        # Appending still works.
        with db.engine.begin() as connection:
            connection.execute(text(INSERT), {"at": utcnow().replace(tzinfo=None)})
            assert connection.execute(text("SELECT count(*) FROM moderation_decision")).scalar() == 2


def test_sqlite_from_the_migrations_refuses_update_and_delete(tmp_path):
    app = make_app(tmp_path, create_schema=False,
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'log.sqlite3'}", SQLALCHEMY_ENGINE_OPTIONS={})
    assert migrate_and_compare(app) == []
    _assert_append_only(app)


def test_sqlite_from_create_all_refuses_update_and_delete(tmp_path):
    _assert_append_only(make_app(tmp_path))


@pytest.mark.postgres
def test_postgresql_from_the_migrations_refuses_update_delete_and_truncate(tmp_path):
    url = normalise_database_url(os.environ["INSPRAAK_TEST_DATABASE_URL"])
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=url,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    reset_postgres_schema(app)
    try:
        assert migrate_and_compare(app) == []
        _assert_append_only(app, ("TRUNCATE moderation_decision",))
    finally:
        with app.app_context():
            db.engine.dispose()


def test_every_decision_is_logged_and_the_session_cannot_change_it(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    item = build.item_of_response(build.open_answer(survey, question, "Bel 06-12345678 maar."), question)
    services.redact(moderator, item, [[4, 15]], utcnow(), note="telefoon")
    services.approve(moderator, item, utcnow())
    services.hide(moderator, item, "off_topic", utcnow(), note="dwaalt af")
    services.restore(moderator, item, utcnow())
    log = db.session.scalars(db.select(ModerationDecision).where(ModerationDecision.item_id == item.id)
                             .order_by(ModerationDecision.id)).all()
    assert [d.action for d in log] == ["redact", "approve", "hide", "restore"]
    assert [d.actor_id for d in log] == [moderator.id] * 4
    redacted, approved, hidden, _restored = log
    assert redacted.redactions == [[4, 15]] and redacted.note == "telefoon"
    assert redacted.text_before is None and redacted.text_after is None      # not public yet
    assert approved.text_before is None and approved.text_after == "Bel [verwijderd] maar."
    assert hidden.text_before == "Bel [verwijderd] maar." and hidden.text_after is None
    assert hidden.reason == "off_topic" and hidden.note == "dwaalt af"
    # Through the ORM too: the database refuses, the row stays as it was.
    hidden.note = "anders"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ModerationDecision, redacted.id))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ModerationDecision, hidden.id).note == "dwaalt af"
