"""Background jobs on a real RQ worker (``inspraak worker --burst``, run through the real
command in this process) against the Redis on 127.0.0.1:6379; skipped, with the reason,
where no Redis answers."""
from __future__ import annotations

import os
import socket
import uuid
from types import SimpleNamespace

import pytest

from inspraak.mail import send_mail
from tests.helpers import Outbox, make_app

REDIS_URL = os.environ.get("INSPRAAK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379 (CI has one)")


def test_mail_is_delivered_by_a_real_rq_worker(tmp_path):
    queue = f"inspraak-test-{uuid.uuid4().hex[:8]}"
    outbox = tmp_path / "worker-outbox"
    app = make_app(tmp_path, create_schema=False, JOBS_BACKEND="rq", REDIS_URL=REDIS_URL, JOBS_QUEUE=queue,
                   MAIL_OUTBOX=outbox)
    with app.app_context():
        send_mail("iemand@example.org", "verify_email", "en", user=SimpleNamespace(name="Iemand"),
                  verify_url="https://inspraak.example/bevestigen/abc", hours=24)
    assert Outbox(outbox).messages() == []  # queued, not delivered by the web process

    # The worker's own app: the same settings, so it reads the same queue and outbox.
    worker_app = make_app(tmp_path / "worker", create_schema=False, JOBS_BACKEND="rq", REDIS_URL=REDIS_URL,
                          JOBS_QUEUE=queue, MAIL_OUTBOX=outbox)
    result = worker_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert f"Worker for queue {queue!r}" in result.output
    mails = Outbox(outbox).to("iemand@example.org")
    assert len(mails) == 1
    assert "Confirm your e-mail address" in mails[0]["Subject"] or "confirm" in mails[0].get_content().lower()
    assert "https://inspraak.example/bevestigen/abc" in mails[0].get_content()


def test_the_worker_command_refuses_to_run_without_redis(tmp_path):
    app = make_app(tmp_path, create_schema=False, JOBS_BACKEND="thread")
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
