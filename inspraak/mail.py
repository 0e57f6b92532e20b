"""Outgoing mail: SMTP when configured, otherwise the console and an outbox folder.

Services call ``send_mail`` only after their transaction has committed. The message is
rendered in the request (its language, its links) and delivered as a background job
(``inspraak.jobs``): a slow or failing mail server neither delays the answer (which
would reveal, by timing, which addresses have an account) nor turns it into an error.
On RQ a failed delivery is retried; failures are logged.
"""
from __future__ import annotations

import logging
import re
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
from inspraak.logs import escape_controls

log = logging.getLogger(__name__)
_MAIL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def render_mail(template: str, locale: str, **context) -> tuple[str, str]:
    """Render ``templates/mail/<template>.txt``; its first line is the subject."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    # User text inside a mail (a name, a title) cannot add lines or terminal escapes: every
    # control character but the template's own line breaks and tabs becomes a space.
    text = _MAIL_CONTROL.sub(" ", text)
    subject, _, body = text.lstrip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_mail(to: str, template: str, locale: str, *, attachments=(), **context) -> EmailMessage:
    """``attachments``: (filename, "maintype/subtype", bytes) tuples, e.g. an .ics invitation."""
    return render_and_send(to, template, locale, deliver=True, attachments=attachments, **context)


def render_and_send(to: str, template: str, locale: str, *, deliver: bool, attachments=(), **context) -> EmailMessage:
    """Render the message; queue its delivery only when ``deliver`` (a stand-in for an
    unknown address is rendered, so both cases cost the same, and then dropped)."""
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

    raw = bytes(message)
    if deliver:
        from inspraak.jobs import enqueue

        enqueue(deliver_mail, raw, retries=3)
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
        # Line by line, each line's control characters escaped: a name in the mail cannot
        # send ANSI escapes or fake lines to the developer's console.
        body = message.get_body(preferencelist=("plain",))  # the text part, also beside an attachment
        attachments = [part.get_filename() for part in message.iter_attachments()]
        lines = [f"--- mail to {message['To']} (saved as {outbox / name}) ---", f"Subject: {message['Subject']}", "",
                 *(body.get_content().splitlines() if body is not None else []),
                 *(f"[attachment: {filename}]" for filename in attachments), "---"]
        print("\n".join(escape_controls(line) for line in lines), file=sys.stderr)
