"""User input cannot forge log lines or send terminal escapes."""
from __future__ import annotations

import logging

from inspraak.logs import EscapeControlCharacters, escape_controls


def test_line_breaks_and_escapes_are_made_visible():
    assert escape_controls("Piet\r\nINFO admin signed in") == "Piet\\r\\nINFO admin signed in"
    assert escape_controls("\x1b[31mrood\x1b[0m") == "\\x1b[31mrood\\x1b[0m"
    assert escape_controls("Zoë\tBakker") == "Zoë\tBakker"  # a tab is harmless


def test_a_handler_of_the_app_writes_one_line_per_record(app, tmp_path):
    path = tmp_path / "app.log"
    handler = logging.FileHandler(path)
    handler.addFilter(EscapeControlCharacters())
    logger = logging.getLogger("inspraak.test")
    logger.addHandler(handler)
    try:
        logger.warning("sign-in failed for %s", "x@example.org\nCRITICAL forged")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert path.read_text().splitlines() == ["sign-in failed for x@example.org\\nCRITICAL forged"]


def test_the_app_installs_the_filter_on_its_handlers(app):
    assert all(any(isinstance(f, EscapeControlCharacters) for f in h.filters) for h in app.logger.handlers)


def test_the_console_mail_log_escapes_what_a_name_carries(tmp_path, capsys):
    from types import SimpleNamespace

    from inspraak.mail import send_mail
    from tests.helpers import make_app

    app = make_app(tmp_path, create_schema=False, TESTING=False)
    with app.app_context():
        send_mail("x@example.org", "verify_email", "nl", user=SimpleNamespace(name="Eve\x1b[2J\rINFO nep"),
                  verify_url="https://inspraak.example/b/1", hours=24)
    console = capsys.readouterr().err
    assert "\x1b" not in console and "\r" not in console
    assert not any(line.startswith("INFO nep") for line in console.splitlines())  # no forged line
    assert "Beste Eve [2J INFO nep," in console


def test_the_console_mail_log_shows_mail_with_an_attachment(tmp_path, capsys):
    from types import SimpleNamespace

    from inspraak.mail import send_mail
    from tests.helpers import make_app

    app = make_app(tmp_path, create_schema=False, TESTING=False)
    with app.app_context():
        send_mail("x@example.org", "verify_email", "nl", user=SimpleNamespace(name="Eve"),
                  verify_url="https://inspraak.example/b/1", hours=24,
                  attachments=[("uitnodiging.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    console = capsys.readouterr().err
    assert "Beste Eve," in console and "[attachment: uitnodiging.ics]" in console
