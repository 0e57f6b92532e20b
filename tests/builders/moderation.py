"""Moderation: a consultation questionnaire with an open question, answered; assignments."""
from __future__ import annotations

from inspraak.accounts.models import Role, User
from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from inspraak.extensions import db
from moderation import services
from moderation.models import ModerationItem
from tests.builders.accounts import user
from tests.builders.consultations import consultation as make_consultation
from tests.builders.surveys import imported_response, question, survey

__all__ = ["questionnaire", "open_answer", "moderator", "item_of_response"]


def questionnaire(consultation: Consultation | None = None, *, questions: tuple[str, ...] = ("long_text",)):
    """An open consultation with an open questionnaire; returns (consultation, survey, [questions])."""
    consultation = consultation or make_consultation(status="open")
    result = survey(consultation=consultation, status="draft")
    asked = [question(result, kind, f"Vraag {n}: wat vindt u?") for n, kind in enumerate(questions, 1)]
    from surveys import builder

    builder.open_survey(result.owner, result)
    return consultation, result, asked


def open_answer(survey, question, text: str, *, publication: str = "anonymous", category: str = "citizen",
                organisation: str | None = None, name: str | None = None):
    """A sent response with ``text`` as its answer to ``question`` (screened at once: inline jobs)."""
    response = imported_response(survey, {question.id: text}, category=category, organisation=organisation,
                                 publication=publication)
    if name is not None:
        response.respondent_name = name
        db.session.commit()
    return response


def item_of_response(response, question) -> ModerationItem | None:
    answer = next(a for a in response.answers if a.question_id == question.id)
    return db.session.scalar(db.select(ModerationItem).where(ModerationItem.answer_id == answer.id))


def moderator(consultation: Consultation | None = None, *, email: str | None = None) -> User:
    """A moderator, assigned to ``consultation`` (by its owner) when given."""
    person = user(Role.MODERATOR, email=email, name="Mo de Rator")
    if consultation is not None:
        services.assign_moderator(consultation.owner, consultation, person, utcnow())
    return person
