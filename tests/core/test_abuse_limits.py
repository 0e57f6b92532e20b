"""Scripted floods meet rate limits (per client address; shared through Redis when set);
a person who hits one gets a clear page, and what they saved is kept."""
from __future__ import annotations

from tests.helpers import make_app


def test_anonymous_answer_pages_are_rate_limited_per_client(tmp_path):
    from tests.builders import builders

    app = make_app(tmp_path, ANSWER_RATE_LIMIT="3 per minute")
    with app.app_context():
        survey = builders().survey()
        client = app.test_client()
        url = f"/enquetes/{survey.slug}/invullen"
        statuses = [client.post(url, data={}, environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code for _ in range(4)]
        assert statuses[:3] != [429, 429, 429] and statuses[3] == 429
        assert "Te veel pogingen" in client.post(url, data={}, environ_base={"REMOTE_ADDR": "192.0.2.10"}).get_data(as_text=True)
        # Another client is not affected.
        assert client.post(url, data={}, environ_base={"REMOTE_ADDR": "198.51.100.20"}).status_code != 429


def test_event_sign_ups_are_rate_limited_per_client(tmp_path):
    from tests.builders import builders
    from tests.helpers import sign_in

    app = make_app(tmp_path, SIGN_UP_RATE_LIMIT="2 per minute")
    with app.app_context():
        build = builders()
        roundtable = build.roundtable()
        user = build.user()
        client = app.test_client()
        sign_in(client, user)
        url = f"/rondetafels/{roundtable.id}/aanmelden"
        statuses = [client.post(url, data={}).status_code for _ in range(3)]
        assert statuses[2] == 429 and 429 not in statuses[:2]
