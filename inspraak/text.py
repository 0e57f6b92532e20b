"""Markdown to safe HTML: rendered first, then cleaned with bleach.

Cleaning must come after rendering: Markdown turns ``[x](javascript:...)`` into a
link, so only the rendered HTML can be checked. The result is stored, so it is
cleaned once, when written, not at every page view.

The renderer is markdown-it-py (CommonMark, plus tables and strikethrough), whose
parser runs in linear time: Python-Markdown needed minutes for a body of ``"[" * 100000``,
which under gunicorn means killed workers. Raw HTML in the source is shown as text, not
interpreted; input is capped at ``MAX_MARKDOWN_CHARS``.
"""
from __future__ import annotations

import unicodedata
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

MAX_MARKDOWN_CHARS = 100_000

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["scope"], "td": [], "code": []}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

def _external_links(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "noopener noreferrer"
    return attrs


# Linkifying runs as a filter of the cleaner, after sanitising, in one pass: a second
# pass over cleaned HTML would escape the text inside <code> and <pre> twice.
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_external_links], skip_tags={"pre", "code"}, parse_email=False)],
)


def is_blank(value: str | None) -> bool:
    """True when a person typed nothing one can see: only white space and invisible format
    characters (Unicode category Cf: zero-width space and joiners, word joiner, byte order
    mark, ...). Every check of a required free text asks this, not ``str.strip``, which
    keeps the zero-width characters."""
    if not value:
        return True
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in value)


def strip_text(value: str) -> str:
    """Free text without its surrounding white space; ``""`` when it is blank (see
    ``is_blank``). Invisible characters inside visible text stay: a zero-width joiner is
    part of an emoji."""
    return "" if is_blank(value) else value.strip()


def markdown_to_html(source: str | None) -> str:
    """Render Markdown and return HTML that is safe to show as-is."""
    if not source:
        return ""
    if len(source) > MAX_MARKDOWN_CHARS:
        raise ValueError(f"Markdown source longer than {MAX_MARKDOWN_CHARS} characters")
    # Headings start at h2: the page title is the only h1.
    rendered = _shift_headings(_renderer.render(source))
    return _cleaner.clean(rendered)


def _shift_headings(html: str) -> str:
    # Markdown "# Kop" becomes h1; inside a page it must sit under the page's h1.
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>").replace(
            f"</h{level}>", f"</h{min(level + 1, 4)}>"
        )
    return html
