"""Never overbooked: hundreds of simultaneous sign-ups and cancellations through real HTTP.

A real threaded server (werkzeug ``make_server(..., threaded=True)`` on 127.0.0.1) serves
the real app on a file SQLite database, and the same on PostgreSQL when
INSPRAAK_TEST_DATABASE_URL is set. Every person signs in over HTTP, then all requests
are released at once by a barrier, each on its own connection and thread.
"""
from __future__ import annotations

import http.client
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from inspraak.accounts import services as account_services
from inspraak.accounts.models import OrganisationCategory, Role, User
from inspraak.extensions import db
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, Roundtable, RoundtableSeat
from tests.builders import builders
from tests.helpers import make_app, PASSWORD, reset_postgres_schema

SIGNUPS = 200
SEATS = 10


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class Server:
    def __init__(self, app):
        self.app = app
        self.httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.httpd.request_queue_size = 512
        self.port = self.httpd.server_port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def request(self, method: str, path: str, *, cookie: str | None = None, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = {"Cookie": cookie} if cookie else {}
            body = None
            if form is not None:
                body = urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()

    def sign_in(self, email: str) -> str:
        response = self.request("POST", "/account/inloggen", form={"email": email, "password": PASSWORD})
        assert response.status == 302, f"sign-in of {email} failed: {response.status}"
        cookie = response.getheader("Set-Cookie")
        return cookie.split(";", 1)[0]


def _database_url(kind: str, tmp_path) -> tuple[str, dict]:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path}/concurrency.sqlite3", {"connect_args": {"timeout": 30}}
    from config import normalise_database_url

    url = normalise_database_url(os.environ["INSPRAAK_TEST_DATABASE_URL"])
    return url, {"pool_size": 10, "max_overflow": 10, "pool_timeout": 120, "pool_pre_ping": True}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path):
    url, options = _database_url(request.param, tmp_path)
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options,
                   RATELIMIT_ENABLED=False)
    if request.param == "postgres":
        reset_postgres_schema(app)
    with app.app_context():
        from inspraak.consultations.topics import ensure_topics

        db.create_all()
        ensure_topics()
        db.session.commit()
    live = Server(app)
    live.thread.start()
    with app.app_context():
        yield live
        db.session.remove()
    live.httpd.shutdown()
    live.thread.join(timeout=30)
    live.httpd.server_close()
    with app.app_context():
        db.engine.dispose()


def _people(count: int, prefix: str = "p") -> list[tuple[int, str]]:
    build = builders()
    result = []
    for n in range(count):
        user = build.user(email=f"{prefix}{n}@example.org")
        result.append((user.id, user.email))
    return result


def _sign_in_all(server: Server, people) -> dict[int, str]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        cookies = list(pool.map(lambda person: server.sign_in(person[1]), people))
    return {person[0]: cookie for person, cookie in zip(people, cookies)}


def _all_at_once(calls) -> list:
    """Run every call on its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _registrations(event_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Registration).where(Registration.roundtable_id == event_id)
                                   .order_by(Registration.id)))


def _seat(event_id: int) -> RoundtableSeat:
    db.session.expire_all()
    return db.session.scalar(db.select(RoundtableSeat).where(RoundtableSeat.roundtable_id == event_id,
                                                             RoundtableSeat.category == C.CITIZEN.value))


def _assert_consistent(event_id: int) -> list[Registration]:
    """The seat counters agree with the rows, and the waitlist runs 1..N in commit order."""
    rows = _registrations(event_id)
    confirmed = [r for r in rows if r.status == "confirmed"]
    waitlisted = [r for r in rows if r.status == "waitlisted"]
    seat = _seat(event_id)
    assert seat.taken == len(confirmed) <= seat.seats
    assert seat.waitlisted == len(waitlisted)
    assert [r.waitlist_position for r in waitlisted] == list(range(1, len(waitlisted) + 1))
    assert len({r.user_id for r in rows}) == len(rows)
    return rows


def test_200_simultaneous_sign_ups_for_10_seats(server):
    build = builders()
    event = build.roundtable(seats={C.CITIZEN: SEATS})
    event_id = event.id
    people = _people(SIGNUPS)
    cookies = _sign_in_all(server, people)
    path = f"/rondetafels/{event_id}/aanmelden"
    form = {"consent": "y", "accessibility_needs": ""}
    # Everyone once, and 20 of them a second time (a double click): 220 requests at once.
    calls = [lambda c=cookies[uid]: server.request("POST", path, cookie=c, form=form) for uid, _ in people]
    calls += [lambda c=cookies[uid]: server.request("POST", path, cookie=c, form=form) for uid, _ in people[:20]]
    responses = _all_at_once(calls)
    statuses = [r.status for r in responses]
    assert statuses[:SIGNUPS].count(302) + statuses[:SIGNUPS].count(200) == SIGNUPS, statuses
    assert all(s in (200, 302) for s in statuses), statuses  # 200: "already signed up" shown, no error

    rows = _assert_consistent(event_id)
    assert len(rows) == SIGNUPS                                   # nobody lost, nobody twice
    assert {r.user_id for r in rows} == {uid for uid, _ in people}
    confirmed = [r for r in rows if r.status == "confirmed"]
    waitlisted = [r for r in rows if r.status == "waitlisted"]
    assert len(confirmed) == SEATS and len(waitlisted) == SIGNUPS - SEATS
    # Commit order: ids are handed out under the seat lock, so the ten seats went to the
    # first ten rows and the waitlist follows the same order.
    assert max(r.id for r in confirmed) < min(r.id for r in waitlisted)
    assert [r.waitlist_position for r in sorted(waitlisted, key=lambda r: r.id)] == list(range(1, SIGNUPS - SEATS + 1))


def test_simultaneous_cancellations_promote_the_front_of_the_waitlist(server):
    build = builders()
    event = build.roundtable(seats={C.CITIZEN: SEATS})
    event_id = event.id
    people = _people(60)
    for uid, _email in people:
        build.sign_up(db.session.get(User, uid), db.session.get(Roundtable, event_id))
    rows = _assert_consistent(event_id)
    by_user = {r.user_id: r for r in rows}
    confirmed = [r for r in rows if r.status == "confirmed"]
    waiting = sorted((r for r in rows if r.status == "waitlisted"), key=lambda r: r.waitlist_position)
    leaving_waitlist = waiting[::5][:10]                         # every fifth on the waitlist leaves too
    newcomers = _people(20, prefix="nieuw")
    cookies = _sign_in_all(server, [(r.user_id, r.user.email) for r in confirmed + leaving_waitlist] + newcomers)
    calls = [lambda r=r: server.request("POST", f"/rondetafels/aanmeldingen/{r.id}/afmelden", cookie=cookies[r.user_id])
             for r in confirmed + leaving_waitlist]
    calls += [lambda uid=uid: server.request("POST", f"/rondetafels/{event_id}/aanmelden", cookie=cookies[uid],
                                             form={"consent": "y"}) for uid, _ in newcomers]
    responses = _all_at_once(calls)
    assert all(r.status == 302 for r in responses), [r.status for r in responses]

    rows = _assert_consistent(event_id)
    assert len(rows) == 80
    cancelled = {r.user_id for r in rows if r.status == "cancelled"}
    assert cancelled == {r.user_id for r in confirmed + leaving_waitlist}
    now_confirmed = {r.user_id for r in rows if r.status == "confirmed"}
    assert len(now_confirmed) == SEATS
    # The seats went to the front of the waitlist as it was, minus those who left it.
    staying = [r.user_id for r in waiting if r.user_id not in cancelled]
    assert now_confirmed == set(staying[:SEATS])
    # Newcomers joined at the back.
    newcomer_rows = [r for r in rows if r.user_id in {uid for uid, _ in newcomers}]
    assert all(r.status == "waitlisted" for r in newcomer_rows)
    assert min(r.waitlist_position for r in newcomer_rows) > len(staying) - SEATS
    assert by_user  # rows were read


def test_two_representatives_of_one_organisation_at_once(server):
    build = builders()
    event = build.roundtable(seats={C.NGO: 30}, max_per_organisation=1)
    event_id = event.id
    pairs = []
    for n in range(20):
        first = build.user(Role.ORGANISATION, email=f"a{n}@org.example", organisation=f"Stichting {n}",
                           category=OrganisationCategory.NGO)
        organisation_id = build.fresh(first).organisation_id
        details = account_services.OrganisationDetails(f"Stichting {n}", OrganisationCategory.NGO)
        second = account_services.create_user(email=f"b{n}@org.example", name="Collega", password=PASSWORD,
                                              role=Role.ORGANISATION, organisation=details, verified=True)
        second.organisation_id = organisation_id
        db.session.commit()
        pairs += [(build.fresh(first).id, f"a{n}@org.example"), (second.id, f"b{n}@org.example")]
    cookies = _sign_in_all(server, pairs)
    responses = _all_at_once([lambda c=cookies[uid]: server.request("POST", f"/rondetafels/{event_id}/aanmelden",
                                                                     cookie=c, form={"consent": "y"}) for uid, _ in pairs])
    assert sorted(r.status for r in responses) == [200] * 20 + [302] * 20  # 20 refused with the reason
    rows = _registrations(event_id)
    assert len(rows) == 20 and len({r.organisation_id for r in rows}) == 20
    assert all(r.status == "confirmed" for r in rows) and _seat_ngo(event_id) == 20


def _seat_ngo(event_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(RoundtableSeat.taken).where(
        RoundtableSeat.roundtable_id == event_id, RoundtableSeat.category == C.NGO.value))
