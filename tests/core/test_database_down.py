"""A database that is down gives a friendly 503 (page and API), and the app recovers by
itself when the database returns."""
from __future__ import annotations

import os
import socket
import threading

import pytest

from inspraak.extensions import db
from tests.helpers import make_app, reset_postgres_schema


def test_an_unreachable_sqlite_database_gives_a_friendly_503(tmp_path):
    app = make_app(tmp_path, create_schema=False,
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/bestaat/niet/db.sqlite3", SQLALCHEMY_ENGINE_OPTIONS={})
    client = app.test_client()
    page = client.get("/consultaties/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    text = page.get_data(as_text=True)
    assert "Even niet beschikbaar" in text and "Traceback" not in text
    api = client.get("/api/v1/consultations")
    assert api.status_code == 503 and api.get_json()["error"]["title"] == "Temporarily unavailable"  # the API answers in English


class Proxy:
    """A TCP forwarder on 127.0.0.1 to PostgreSQL that can be stopped and started: the outage."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = None
        self.server = None
        self.connections: list[socket.socket] = []

    def start(self) -> None:
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port or 0))
        self.port = self.server.getsockname()[1]
        self.server.listen()
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def _accept(self, server) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def stop(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; the port stops answering
        except OSError:
            pass
        self.server.close()
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        self.connections.clear()


@pytest.mark.postgres
def test_postgresql_going_away_and_coming_back(tmp_path):
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    real = make_url(normalise_database_url(os.environ["INSPRAAK_TEST_DATABASE_URL"]))
    proxy = Proxy((real.host or "127.0.0.1", real.port or 5432))
    proxy.start()
    url = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = make_app(tmp_path, create_schema=False, SQLALCHEMY_DATABASE_URI=url,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"connect_timeout": 3}})
    reset_postgres_schema(app)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    try:
        assert client.get("/consultaties/").status_code == 200
        proxy.stop()
        # A public page already in the page cache is still served (inspraak.caching);
        # anything that needs the database gets the friendly 503.
        assert client.get("/consultaties/").headers["X-Inspraak-Cache"] == "hit"
        down = client.get("/consultaties/?onderwerp=ngt")
        assert down.status_code == 503 and "Even niet beschikbaar" in down.get_data(as_text=True)
        assert client.get("/api/v1/consultations").status_code == 503
        proxy.start()  # the database is back, on the same address
        assert client.get("/consultaties/").status_code == 200
        assert client.get("/api/v1/consultations").status_code == 200
    finally:
        proxy.stop()
        with app.app_context():
            db.engine.dispose()
