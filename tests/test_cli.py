"""The inspraak command: init-db, seed-demo, create-user."""
from __future__ import annotations

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation
from inspraak.extensions import db


def test_create_user_with_organisation(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--email", "Beheer@Example.org", "--name", "Eerste Beheerder",
                                 "--role", "admin", "--password", "een heel lang wachtwoord"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "beheer@example.org"))
    assert user.role == "admin" and user.is_verified

    result = runner.invoke(args=["create-user", "--email", "org@example.org", "--name", "Org", "--role", "organisation",
                                 "--organisation", "Kennisinstituut X", "--category", "knowledge_institution",
                                 "--generate-password"])
    assert result.exit_code == 0 and "Password: " in result.output
    assert db.session.scalar(db.select(User).where(User.email == "org@example.org")).organisation.category == "knowledge_institution"


def test_create_user_refuses_duplicates_and_weak_passwords(app):
    runner = app.test_cli_runner()
    args = ["create-user", "--email", "a@example.org", "--name", "A", "--password", "een heel lang wachtwoord"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "bestaat al" in again.output
    weak = runner.invoke(args=["create-user", "--email", "b@example.org", "--name", "B", "--password", "kort"])
    assert weak.exit_code != 0 and "minstens" in weak.output
    assert runner.invoke(args=["create-user", "--email", "c@example.org", "--name", "C", "--organisation", "X",
                               "--password", "een heel lang wachtwoord"]).exit_code != 0


def test_seed_demo_loads_once_with_consultations_in_every_public_state(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "Demo content loaded." in first.output
    assert "beheer@inspraak.example" in first.output and "inspraak-demo-2026" in first.output
    count = db.session.scalar(db.select(db.func.count(Consultation.id)))
    statuses = set(db.session.scalars(db.select(Consultation.status)))
    assert count >= 4 and statuses == {"draft", "open", "closed", "reported"}
    roles = set(db.session.scalars(db.select(User.role)))
    assert roles == {"participant", "organisation", "moderator", "policy_officer", "admin"}
    second = runner.invoke(args=["seed-demo", "--no-print-accounts"])
    assert "already loaded" in second.output
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == count


def test_console_script_help_lists_the_commands():
    import subprocess
    import sys
    from pathlib import Path

    inspraak = Path(sys.executable).parent / "inspraak"
    result = subprocess.run([str(inspraak), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("init-db", "seed-demo", "create-user", "run", "shell", "db"):
        assert command in result.stdout


def test_close_expired_closes_only_open_consultations_past_their_period(app, build):
    from datetime import timedelta

    from inspraak.database import utcnow

    expired = build.consultation(status="open", title="Verlopen")
    running = build.consultation(status="open", title="Loopt nog")
    draft = build.consultation(title="Concept verlopen")
    for c in (expired, draft):
        c.opens_at = utcnow() - timedelta(days=10)
        c.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert expired.is_overdue(utcnow()) and not running.is_overdue(utcnow())

    result = app.test_cli_runner().invoke(args=["close-expired"])
    assert result.exit_code == 0 and f"closed {expired.slug}" in result.output and "1 consultation(s)" in result.output
    db.session.expire_all()
    assert [db.session.get(Consultation, c.id).status for c in (expired, running, draft)] == ["closed", "open", "draft"]
