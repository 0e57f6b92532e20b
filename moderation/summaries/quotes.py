"""What of an answer may be quoted: the respondent's publication choice and moderators'
redactions decide. ``moderation.publication`` (the moderation area) is the one place that
knows; until it is present, only answers whose respondent chose publication are quoted
(and none that moderators hid)."""
from __future__ import annotations

from surveys.models import AnswerModerationStatus, ResponsePublication, category_label

try:  # the moderation area's rule, once it is there
    from moderation.publication import public_author as _public_author, public_text as _public_text
except ImportError:  # pragma: no cover - depends on the moderation area's progress
    _public_text = _public_author = None


def public_text(answer) -> str | None:
    if _public_text is not None:
        return _public_text(answer)
    response = answer.response
    if response.publication == ResponsePublication.NOT_PUBLISHED.value:
        return None
    if answer.moderation_status == AnswerModerationStatus.HIDDEN.value:
        return None
    return answer.value if isinstance(answer.value, str) and answer.value.strip() else None


def public_author(answer) -> str:
    if _public_author is not None:
        return _public_author(answer) or str(category_label(answer.response.respondent_category))
    response = answer.response
    if response.publication == ResponsePublication.WITH_NAME.value:
        name = response.organisation_name or response.respondent_name
        if name:
            return name
    return str(category_label(response.respondent_category))
