"""What of an answer may be quoted: the respondent's publication choice and the moderators'
decision and redactions, as ``moderation.publication`` (the one place that decides it)
says. ``quotes_for`` asks for many answers in one query, so the dashboard's number of
queries does not grow with its themes."""
from __future__ import annotations

from dataclasses import dataclass

from inspraak.extensions import db
from moderation.models import ItemKind
from moderation.publication import approved_answers_query, author_label, public_author, public_text
from surveys.models import Answer

__all__ = ["PublicQuote", "public_author", "public_text", "quotes_for"]


@dataclass(frozen=True)
class PublicQuote:
    text: str                 # redactions applied
    author: str               # name only when the respondent chose publication with name
    reference: str
    category: str


def quotes_for(consultation, answer_ids) -> dict[int, PublicQuote]:
    """The quotable answers among ``answer_ids``: approved, published by choice, as redacted."""
    ids = set(answer_ids)
    if not ids:
        return {}
    rows = db.session.execute(approved_answers_query(consultation).where(Answer.id.in_(ids)))
    return {answer.id: PublicQuote(item.published_text, author_label(response), response.reference,
                                   response.respondent_category or "")
            for item, answer, response, _question in rows
            if item.kind == ItemKind.TEXT.value and item.published_text}
