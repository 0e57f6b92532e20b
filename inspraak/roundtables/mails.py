"""The mails of the roundtables area, built as plain data before the commit and sent after it.

A ``Mail`` holds only strings, datetimes and bytes, so it can be sent after the session
has committed (or, for the privacy erasure, from the session's ``after_commit``).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app, has_request_context, url_for

from inspraak.mail import send_mail
from inspraak.roundtables.calendar import invitation
from inspraak.roundtables.models import Registration


@dataclass(frozen=True)
class Mail:
    to: str
    template: str
    locale: str
    context: dict
    attachments: tuple = field(default=())


@contextmanager
def links():
    """URLs can be built outside a request too (cron commands, jobs): from PUBLIC_URL."""
    if has_request_context():
        yield
        return
    base = current_app.config.get("PUBLIC_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        yield


def external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def ics_for(registration: Registration) -> bytes:
    roundtable = registration.roundtable
    with links():
        url = external_url("roundtables.show_roundtable", roundtable_id=roundtable.id)
    return invitation(
        uid=f"roundtable-{roundtable.id}-registration-{registration.id}@inspraak",
        title=roundtable.title, description=f"{roundtable.kind_label}. {url}\nCode: {registration.code}",
        starts_at=roundtable.starts_at, ends_at=roundtable.ends_at, place=roundtable.place,
        online_url=roundtable.online_url, url=url)


def _context(registration: Registration, token: str | None) -> dict:
    roundtable = registration.roundtable
    with links():
        context = {
            "name": registration.user.name,
            "title": roundtable.title,
            "kind": roundtable.kind_label,
            "starts_at": roundtable.starts_at,
            "ends_at": roundtable.ends_at,
            "code": registration.code,
            "position": registration.waitlist_position,
            "category": registration.category_label,
            "is_selection": roundtable.is_selection,
            "event_url": external_url("roundtables.show_roundtable", roundtable_id=roundtable.id),
            "mine_url": external_url("roundtables.list_my_registrations"),
            "cancel_url": external_url("roundtables.confirm_cancel", token=token) if token else None,
            # Only confirmed participants get the place and the online link.
            "place": roundtable.place if registration.is_confirmed else None,
            "online_url": roundtable.online_url if registration.is_confirmed else None,
        }
    return context


def _mail(registration: Registration, template: str, token: str | None = None, *, with_invitation: bool = False) -> Mail:
    attachments = (("uitnodiging.ics", "text/calendar", ics_for(registration)),) if with_invitation else ()
    user = registration.user
    return Mail(user.email, template, user.locale, _context(registration, token), attachments)


def after_signup(registration: Registration, token: str) -> list[Mail]:
    template = {"confirmed": "roundtable_confirmed", "waitlisted": "roundtable_waitlisted",
                "applied": "roundtable_applied"}[registration.status]
    return [_mail(registration, template, token, with_invitation=registration.is_confirmed)]


def promoted(registration: Registration, token: str) -> Mail:
    return _mail(registration, "roundtable_promoted", token, with_invitation=True)


def selected(registration: Registration, token: str) -> Mail:
    return _mail(registration, "roundtable_confirmed", token, with_invitation=True)


def reserve(registration: Registration) -> Mail:
    return _mail(registration, "roundtable_reserve")


def rejected(registration: Registration) -> Mail:
    return _mail(registration, "roundtable_rejected")


def cancelled(registration: Registration) -> Mail:
    return _mail(registration, "roundtable_cancelled")


def reminder(registration: Registration) -> Mail:
    return _mail(registration, "roundtable_reminder", with_invitation=True)


def send(mails: list[Mail]) -> None:
    """Send after the commit. Each message is rendered in its recipient's language."""
    with links():
        for mail in mails:
            send_mail(mail.to, mail.template, mail.locale, attachments=mail.attachments, **mail.context)
