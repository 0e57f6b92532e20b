"""The test suite itself is sealed: no network beyond this machine, no settings from the
environment. These tests prove the guards work (they would fail if a guard were gone)."""
from __future__ import annotations

import socket

import pytest

import config as config_module


@pytest.mark.parametrize("address", [("192.0.2.1", 80), ("2001:db8::1", 443), ("example.org", 443)])
def test_a_connection_to_another_host_is_refused_before_any_packet(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="only connect to this machine"):
        sock.connect(address)
    with pytest.raises(OSError, match="only connect to this machine"):
        socket.create_connection(address, timeout=1)


def test_connections_to_this_machine_still_work():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            connection, _ = server.accept()
            connection.close()


def test_the_test_config_ignores_the_environment(monkeypatch):
    for name, value in {"INSPRAAK_MAIL_SERVER": "smtp.example.org", "DATABASE_URL": "postgresql://x@y/z",
                        "REDIS_URL": "redis://y", "INSPRAAK_PUBLIC_URL": "https://x.example",
                        "INSPRAAK_JOBS_BACKEND": "rq"}.items():
        monkeypatch.setenv(name, value)
    config = config_module.TestConfig()
    assert config.MAIL_SERVER is None and config.REDIS_URL is None and config.PUBLIC_URL is None
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite://" and config.JOBS_BACKEND == "inline"
    assert config.ARGON2_PROFILE == "CHEAPEST"


def test_production_hashes_with_rfc_9106_parameters(monkeypatch):
    from argon2 import profiles

    from config import ProductionConfig

    profile = getattr(profiles, ProductionConfig().ARGON2_PROFILE)
    assert profile == profiles.RFC_9106_LOW_MEMORY and profile.memory_cost >= 65536
