"""What makes two e-mail addresses or names the same person's, and what may not be in them.

Look-alike addresses must not become separate accounts side by side in the admin list:
full-width letters, decomposed accents (NFD) and a domain written in Unicode or in
punycode all normalise to one stored form (NFKC, lower case, the domain in its ASCII
IDNA form). An address that mixes scripts inside one part (a Cyrillic ``е`` among Latin
letters) is refused: no honest address does that. Names lose the invisible characters
that reorder text around them (bidi controls) and other control characters.
"""
from __future__ import annotations

import re
import unicodedata

import idna

MAX_LOCAL_PART = 64  # RFC 5321
MAX_ADDRESS = 254

# Bidi embedding, override and isolate controls, marks, and other invisible formatters.
_BIDI_AND_FORMAT = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class AddressRefused(ValueError):
    """The address cannot be used; ``reason`` is one of 'format', 'length', 'scripts'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _split(value: str) -> tuple[str, str]:
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise AddressRefused("format")
    return local, domain


def _ascii_domain(domain: str) -> str:
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise AddressRefused("format") from None


def _scripts(text: str) -> set[str]:
    scripts = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts.add(name.split(" ")[0] if name else "UNKNOWN")
    return scripts


def canonical_email(value: str) -> str:
    """The one stored form of an address, or ``AddressRefused``."""
    text = unicodedata.normalize("NFKC", value.strip()).lower()
    local, domain = _split(text)
    if len(local) > MAX_LOCAL_PART:
        raise AddressRefused("length")
    ascii_domain = _ascii_domain(domain)
    if len(_scripts(local)) > 1:
        raise AddressRefused("scripts")
    for label in ascii_domain.split("."):
        unicode_label = idna.decode(label) if label.startswith("xn--") else label
        if len(_scripts(unicode_label)) > 1:
            raise AddressRefused("scripts")
    address = f"{local}@{ascii_domain}"
    if len(address) > MAX_ADDRESS:
        raise AddressRefused("length")
    return address


def lookup_email(value: str) -> str:
    """The stored form for a look-up (sign-in, reset): never raises; an impossible
    address simply matches nobody."""
    try:
        return canonical_email(value)
    except AddressRefused:
        return unicodedata.normalize("NFKC", value.strip()).lower()


def isolate(value: str) -> str:
    """User text inside an application sentence (a flash message, a label): wrapped in
    first-strong isolate and pop-isolate, the plain-text twin of ``<bdi>``, so whatever
    direction it has cannot flip the words around it."""
    return f"\u2068{value}\u2069"


def clean_name(value: str) -> str:
    """A person's or organisation's name without bidi controls, invisible formatters or
    control characters, with runs of white space folded."""
    text = _CONTROL.sub(" ", _BIDI_AND_FORMAT.sub("", unicodedata.normalize("NFC", value)))
    return " ".join(text.split())
