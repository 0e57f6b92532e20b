"""Timing of registration for a known address against a new one (no account enumeration).

The ratio should be close to 1: both answers hash the password with Argon2 first.
"""
from __future__ import annotations

import tempfile
from itertools import count
from pathlib import Path

from bench.timing import median_seconds
from inspraak.accounts.services import create_user
from tests.helpers import make_app


def run(*, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # Production's password-hashing cost: the comparison is about what a real server does.
        app = make_app(Path(tmp), RATELIMIT_ENABLED=False, ARGON2_PROFILE="RFC_9106_LOW_MEMORY")
        with app.app_context():
            create_user(email="bekend@example.org", name="Bekend", password="een lange wachtzin")
        client = app.test_client()
        form = {"account_type": "citizen", "name": "X", "password": "een lange wachtzin",
                "password_confirm": "een lange wachtzin"}
        fresh = count()
        known = median_seconds(lambda: client.post("/account/registreren", data={**form, "email": "bekend@example.org"}),
                               repeat=repeat, number=3)
        new = median_seconds(lambda: client.post("/account/registreren", data={**form, "email": f"n{next(fresh)}@example.org"}),
                             repeat=repeat, number=3)
    print(f"enumeration: registration time known address / new address = {known / new:.2f}x (1.00 = indistinguishable)")


def run_reset(*, repeat: int) -> None:
    """Password reset for a known address against an unknown one, measured as an attacker
    would (the issue's method): interleaved requests, the median of each. Jobs run on a
    thread, as on a server without Redis: the request only queues; the job looks up."""
    import statistics
    import time

    # Jobs may still be writing to the outbox when the folder goes.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        app = make_app(Path(tmp), RATELIMIT_ENABLED=False, JOBS_BACKEND="thread")
        with app.app_context():
            create_user(email="bekend@example.org", name="Bekend", password="een lange wachtzin")
        client = app.test_client()
        samples = {"bekend@example.org": [], "onbekend@example.org": []}
        for _ in range(max(repeat, 1) * 20):
            for address, times in samples.items():
                start = time.perf_counter()
                client.post("/account/wachtwoord-vergeten", data={"email": address})
                times.append(time.perf_counter() - start)
        known, unknown = (statistics.median(times) for times in samples.values())
    print(f"enumeration: reset request time known address / unknown address = {known / unknown:.2f}x "
          f"(medians of {len(samples['bekend@example.org'])} interleaved requests each; 1.00 = indistinguishable)")
