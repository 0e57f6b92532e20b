"""Outgoing mail: SMTP when configured, otherwise the console and an outbox folder.

Services call ``send_mail`` only after their transaction has committed.
"""
from __future__ import annotations

import smtplib
import sys
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from inspraak.database import utcnow


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
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    else:
        outbox = config["MAIL_OUTBOX"]
        outbox.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(bytes(message))
        if not config.get("TESTING"):
            print(f"--- mail to {to} (saved as {outbox / name}) ---\n"
                  f"Subject: {subject}\n\n{body}---", file=sys.stderr)
    return message
