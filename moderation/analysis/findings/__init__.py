"""Automatic findings on open answers (issue 9, item 2): pure functions, text in,
``Finding`` dataclasses out. They are shown to a moderator and never act alone.

Every finding names its kind and its span in the original string, so that
``text[f.start:f.end] == f.text`` and redaction can start from it. Detectors search a
same-length folded copy (full-width digits, no-break spaces, typographic dashes made
plain) and never normalise the text itself, so accents, emoji, NFD input and CRLF keep
their offsets.

Decisions on ambiguous cases (each one has a test):
- Overlaps (``resolve_overlaps``): personal-data findings rank
  email > iban > link > phone > bsn > postcode > name, and one that overlaps a
  higher-ranked finding is dropped: digits inside an IBAN are not a BSN, an e-mail
  domain is not a link, a phone number inside a URL is the link. ``abuse`` and
  ``repeat`` findings say something else about the text and stay beside the others.
- Phone or BSN: a number in a complete Dutch phone format (0 + nine digits, +31 or 0031
  + nine digits, 0800/0900 numbers) is a phone number, even when its last nine digits
  pass the 11-check (+31 612345671); a bare nine-digit number that passes it is a BSN,
  even when it starts with 6 (612345671). Ten digits are never a BSN. Numbers from
  other countries count when written with + and their country code (+32 470 12 34 56).
- BSN with eight digits (a leading zero dropped) only next to the word BSN,
  burgerservicenummer or sofinummer: eight digits alone are mostly KvK numbers and dates.
  Amounts (EUR 111.222.333) are not BSNs.
- Postcode: reported only with a house number or a street, never alone ("1234 AB"
  points at a street, not a person); the city after it is not part of the span.
  A street with a house number but no postcode counts when the street name ends in a
  street word (-straat, -weg, -laan, -gracht, ...).
- Names: only after "mijn naam is", "ik heet", "ik ben", "naam:" or a sign-off
  ("Met vriendelijke groet,", "Groet,", "Mvg"), and only capitalised words, initials
  and surname particles, so "ik ben tegen" is no name; titles (Dr., Dhr.) stay outside
  the span. Names written all in capitals or all in lower case are missed.
- Abuse: see ``abuse.py`` and its word list for disease words used as curses.
"""
from __future__ import annotations

from ._base import Finding, FindingKind, fold, resolve_overlaps
from .abuse import find_abuse
from .duplicates import find_campaign_candidates, find_near_duplicates, find_similar
from .links import find_links
from .personal import (
    elfproef,
    find_addresses,
    find_bsns,
    find_emails,
    find_ibans,
    find_names,
    find_personal_data,
    find_phones,
    iban_checks,
)
from .repetition import MAX_LENGTH, find_repetition

__all__ = [
    "Finding", "FindingKind", "MAX_LENGTH", "elfproef", "iban_checks", "find_all", "find_abuse",
    "find_addresses", "find_bsns", "find_campaign_candidates", "find_emails", "find_ibans",
    "find_links", "find_names", "find_near_duplicates", "find_similar", "find_personal_data", "find_phones",
    "find_repetition", "fold", "resolve_overlaps",
]

def find_all(text: str, max_length: int = MAX_LENGTH) -> list[Finding]:
    """Every finding on one answer, sorted by start. Campaigns need all the answers of a
    question at once: see ``find_near_duplicates`` and ``find_campaign_candidates``."""
    found = find_personal_data(text) + find_links(text) + find_abuse(text) + find_repetition(text, max_length)
    return resolve_overlaps(found)
