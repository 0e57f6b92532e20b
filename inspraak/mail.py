"""Outgoing mail: SMTP when configured, otherwise the console and an outbox folder.

Services call ``send_mail`` only after their transaction has committed. The message is
rendered in the request (its language, its links) and delivered as a background job
(``inspraak.jobs``): a slow or failing mail server neither delays the answer (which
would reveal, by timing, which addresses have an account) nor turns it into an error.
On RQ a failed delivery is retried; failures are logged.
"""
from __future__ import annotations

import logging
import smtplib
import sys
import uuid
from pathlib import Path
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from inspraak.database import utcnow

log = logging.getLogger(__name__)


def render_mail(template: str, locale: str, **context) -> tuple[str, str]:
    """Render ``templates/mail/<template>.txt``; its first line is the subject."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.lstrip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_mail(to: str, template: str, locale: str, *, attachments=(), **context) -> EmailMessage:
    """``attachments``: (filename, "maintype/subtype", bytes) tuples, e.g. an .ics invitation."""
    subject, body = render_mail(template, locale, **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="inspraak")
    message.set_content(body)
    for filename, mime, data in attachments:
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)

    from inspraak.jobs import enqueue

    enqueue(deliver_mail, bytes(message), retries=3)
    return message


def deliver_mail(raw: bytes) -> None:
    """The background job: send one rendered message by SMTP, or write it to the outbox."""
    message = message_from_bytes(raw, policy=policy.default)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        _write_outbox(message, config)
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s (%s) could not be delivered", message["To"], message["Subject"])
        raise  # on RQ the job is retried


def _write_outbox(message: EmailMessage, config) -> None:
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(bytes(message))
    if not config.get("TESTING"):
        print(f"--- mail to {message['To']} (saved as {outbox / name}) ---\n"
              f"Subject: {message['Subject']}\n\n{message.get_content()}---", file=sys.stderr)
