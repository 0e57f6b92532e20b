"""Log lines that user input cannot forge or colour.

A name with CR/LF would start a new, forged log line; raw ANSI escapes would recolour or
rewrite an operator's terminal. Every record passing through the platform's handlers has
its message rendered and its control characters escaped (``\\n`` becomes the two
characters ``\\`` ``n``), tracebacks excepted (they are the server's own text).
"""
from __future__ import annotations

import logging
import re

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class EscapeControlCharacters(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "_inspraak_escaped", False):
            record.msg = escape_controls(record.getMessage())
            record.args = None
            record._inspraak_escaped = True
        return True


def install(app) -> None:
    """Escape control characters on every handler that logs for this process."""
    handlers = {*logging.getLogger().handlers, *app.logger.handlers, *logging.getLogger("inspraak").handlers}
    for handler in handlers:
        if not any(isinstance(f, EscapeControlCharacters) for f in handler.filters):
            handler.addFilter(EscapeControlCharacters())
