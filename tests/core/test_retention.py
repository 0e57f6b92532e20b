"""inspraak purge: what has been kept long enough goes; what is still needed stays."""
from __future__ import annotations

from datetime import timedelta

from inspraak.accounts.models import Organisation, OrganisationCategory, User
from inspraak.accounts.security_log import SecurityEvent
from inspraak.areas import Area, RetentionTask, register_area
from inspraak.database import utcnow
from inspraak.extensions import db
from tests.builders import builders
from tests.helpers import make_app


def test_purge_removes_stale_unverified_accounts_and_old_log_entries(app, build):
    old = build.user(verified=False, email="oud@example.org", organisation="Stichting Oud",
                     category=OrganisationCategory.NGO)
    old.created_at = utcnow() - timedelta(days=8)
    fresh = build.user(verified=False, email="nieuw@example.org")
    verified = build.user(email="bevestigd@example.org")
    verified.created_at = utcnow() - timedelta(days=400)
    db.session.add_all([SecurityEvent(kind="sign_in", at=utcnow() - timedelta(days=181), detail="oud"),
                        SecurityEvent(kind="sign_in", at=utcnow() - timedelta(days=10), detail="recent")])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "1  unverified accounts older than 7 days" in result.output
    assert "1  security log entries older than 180 days" in result.output
    emails = set(db.session.scalars(db.select(User.email)))
    assert emails == {"nieuw@example.org", "bevestigd@example.org"}
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0  # its organisation went too
    assert list(db.session.scalars(db.select(SecurityEvent.detail))) == ["recent"]


def test_an_area_adds_its_own_retention_task(tmp_path):
    ran = []
    app = make_app(tmp_path)
    register_area(app, Area(name="retention-probe", retention=(
        RetentionTask("probe data", lambda now: ran.append(now) or 3),)))
    with app.app_context():
        builders()
        output = app.test_cli_runner().invoke(args=["purge"]).output
    assert "3  probe data" in output and len(ran) == 1
