"""Links: http(s) URLs, www. addresses and bare domains such as example.nl/pad.

An e-mail address is not a link (it is an ``email`` finding), nor is a file name such
as rapport.pdf: bare domains count only with a common top-level domain, or with any
two-letter country domain when a path follows (voorbeeld.be/pagina).
"""
from __future__ import annotations

import re

from ._base import Finding, FindingKind, fold, make
from .personal import find_emails

_TLDS = ("nl|com|org|net|eu|info|io|biz|gov|edu|frl|amsterdam|online|site|app|dev|shop"
         "|xyz|website|nieuws|news|blog|tv|me|co\\.uk|org\\.uk")
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_REST = r"[^\s<>\"'`]*"
LINK_RE = re.compile(
    rf"(?<![\w@.\-/])(?:"
    rf"(?:https?|ftp)://[^\s<>\"'`]+"
    rf"|www\d{{0,3}}\.{_LABEL}(?:\.{_LABEL})+(?::[0-9]{{2,5}})?(?:[/?#]{_REST})?"
    rf"|(?:{_LABEL}\.)+(?:{_TLDS})(?![\w\-@])(?::[0-9]{{2,5}})?(?:[/?#]{_REST})?"
    rf"|(?:{_LABEL}\.)+[a-z]{{2}}/{_REST}"
    rf")",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"»›)]}*"


def _trim(url: str) -> str:
    """Drop sentence punctuation after a URL, keeping a ')' that closes one inside it."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        if url[-1] == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url


def find_links(text: str) -> list[Finding]:
    """http(s) and ftp URLs, www. addresses and bare domains, without an e-mail address's
    domain and without the punctuation that ends the sentence around them."""
    emails = [(f.start, f.end) for f in find_emails(text)]
    found = []
    for m in LINK_RE.finditer(fold(text)):
        end = m.start() + len(_trim(m.group()))
        if end <= m.start() or any(s < end and m.start() < e for s, e in emails):
            continue
        raw = fold(text)[m.start():end]
        detail = "url" if "://" in raw else ("www" if raw.lower().startswith("www") else "domain")
        host = re.split(r"[/?#:]", raw, maxsplit=1)[0]
        if detail == "domain" and not host.rsplit(".", 1)[-1].islower() and not host.isupper():
            continue                # "geld.Nl moet" and "landen.EU beleid" are a missing space
        found.append(make(FindingKind.LINK, text, m.start(), end, detail))
    return found
