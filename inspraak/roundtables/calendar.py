"""The .ics invitation (RFC 5545) of a confirmed registration, made with ``icalendar``.

Times are written in Europe/Amsterdam with a VTIMEZONE component, so every calendar shows
the event at the Dutch wall-clock time it was announced with, summer or winter time.
The place or online link is included: the invitation goes to confirmed participants only.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

import icalendar

from inspraak.database import utcnow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def invitation(*, uid: str, title: str, description: str, starts_at, ends_at, place: str | None,
               online_url: str | None, url: str, sequence: int = 0) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Inspraak//Rondetafels//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow())
    event.add("sequence", sequence)
    event.add("summary", title)
    event.add("dtstart", starts_at.astimezone(AMSTERDAM))
    event.add("dtend", ends_at.astimezone(AMSTERDAM))
    location = " / ".join(part for part in (place, online_url) if part)
    if location:
        event.add("location", location)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
