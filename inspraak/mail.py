"""Outgoing mail: SMTP when configured, otherwise the console and an outbox folder.

Services call ``send_mail`` only after their transaction has committed. SMTP delivery
runs on a background thread: a slow or failing mail server neither delays the answer
(which would reveal, by timing, which addresses have an account) nor turns it into an
error. Failures are logged. The outbox (development, tests) is written at once.
"""
from __future__ import annotations

import logging
import smtplib
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from inspraak.database import utcnow

log = logging.getLogger(__name__)
_smtp_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="inspraak-mail")


def render_mail(template: str, locale: str, **context) -> tuple[str, str]:
    """Render ``templates/mail/<template>.txt``; its first line is the subject."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.lstrip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_mail(to: str, template: str, locale: str, **context) -> EmailMessage:
    subject, body = render_mail(template, locale, **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="inspraak")
    message.set_content(body)

    config = current_app.config
    if config.get("MAIL_SERVER"):
        settings = {key: config.get(key) for key in
                    ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD")}
        _smtp_pool.submit(_deliver_smtp, message, settings)
    else:
        _write_outbox(message, config)
    return message


def _deliver_smtp(message: EmailMessage, settings: dict) -> None:
    try:
        with smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=20) as smtp:
            if settings["MAIL_USE_TLS"]:
                smtp.starttls()
            if settings["MAIL_USERNAME"]:
                smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s (%s) could not be delivered", message["To"], message["Subject"])


def _write_outbox(message: EmailMessage, config) -> None:
    outbox = config["MAIL_OUTBOX"]
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(bytes(message))
    if not config.get("TESTING"):
        print(f"--- mail to {message['To']} (saved as {outbox / name}) ---\n"
              f"Subject: {message['Subject']}\n\n{message.get_content()}---", file=sys.stderr)
