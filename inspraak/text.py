"""Markdown to safe HTML: rendered first, then cleaned with bleach.

Cleaning must come after rendering: Markdown turns ``[x](javascript:...)`` into a
link, so only the rendered HTML can be checked. The result is stored, so it is
cleaned once, when written, not at every page view.
"""
from __future__ import annotations

from functools import partial

import bleach
import markdown as markdown_lib
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
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


def markdown_to_html(source: str | None) -> str:
    """Render Markdown and return HTML that is safe to show as-is."""
    if not source:
        return ""
    # Headings start at h2: the page title is the only h1.
    rendered = markdown_lib.markdown(
        source,
        extensions=["tables", "sane_lists"],
        output_format="html",
    )
    rendered = _shift_headings(rendered)
    return _cleaner.clean(rendered)


def _shift_headings(html: str) -> str:
    # Markdown "# Kop" becomes h1; inside a page it must sit under the page's h1.
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>").replace(
            f"</h{level}>", f"</h{min(level + 1, 4)}>"
        )
    return html
