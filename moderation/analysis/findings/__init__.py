"""Automatic findings on open answers (issue 9, item 2): pure functions, text in,
``Finding`` dataclasses out. They are shown to a moderator and never act alone.

Every finding names its kind and its span in the original string, so that
``text[f.start:f.end] == f.text`` and redaction can start from it.

Overlaps (``resolve_overlaps``): personal-data findings are ranked
email > iban > link > phone > bsn > postcode > name, and one that overlaps a
higher-ranked finding is dropped: a BSN-shaped run of digits inside an IBAN or inside a
phone number (+31 6 12345678, whose nine digits may pass the 11-check) is not a BSN,
the domain of an e-mail address is not a link. ``abuse`` and ``repeat`` findings say
something else about the text and are kept next to personal data they overlap.
"""
from __future__ import annotations

from bisect import bisect_left

from ._base import Finding, FindingKind, fold
from .abuse import find_abuse
from .duplicates import find_campaign_candidates, find_near_duplicates
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
    "find_links", "find_names", "find_near_duplicates", "find_personal_data", "find_phones",
    "find_repetition", "fold", "resolve_overlaps",
]

_RANK = {kind.value: rank for rank, kind in enumerate((
    FindingKind.EMAIL, FindingKind.IBAN, FindingKind.LINK, FindingKind.PHONE,
    FindingKind.BSN, FindingKind.POSTCODE, FindingKind.NAME,
))}


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Drop a ranked finding that overlaps a higher-ranked one, and exact duplicates;
    sorted by start (then longest first, then kind)."""
    ranked = sorted((f for f in findings if f.kind in _RANK), key=lambda f: (_RANK[f.kind], f.start, -f.end))
    kept: list[Finding] = []
    starts: list[int] = []          # the kept spans never overlap, so their ends are sorted too
    ends: list[int] = []
    for finding in ranked:
        i = bisect_left(starts, finding.end)     # kept spans before i start before this one ends
        if i and ends[i - 1] > finding.start:
            continue
        kept.append(finding)
        starts.insert(i, finding.start)
        ends.insert(i, finding.end)
    others = {f for f in findings if f.kind not in _RANK}
    return sorted(set(kept) | others, key=lambda f: (f.start, -f.end, f.kind))


def find_all(text: str, max_length: int = MAX_LENGTH) -> list[Finding]:
    """Every finding on one answer, sorted by start. Campaigns need all the answers of a
    question at once: see ``find_near_duplicates`` and ``find_campaign_candidates``."""
    found = find_personal_data(text) + find_links(text) + find_abuse(text) + find_repetition(text, max_length)
    return resolve_overlaps(found)
