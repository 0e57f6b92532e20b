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
