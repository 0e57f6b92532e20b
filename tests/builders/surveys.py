"""Surveys, questions and responses, made through the surveys services."""
from __future__ import annotations

import itertools
import secrets
from datetime import timedelta

from inspraak.accounts.models import Role, User
from inspraak.consultations import services as consultation_services
from inspraak.database import utcnow
from surveys import builder, services
from surveys.models import Question, Response, Survey
from tests.builders.accounts import user

__all__ = ["survey", "question", "section", "imported_response", "open_questionnaire"]

_counter = itertools.count(1)


def survey(owner: User | None = None, *, status: str = "open", consultation=None, title: str | None = None,
           allows_anonymous: bool = True, shows_live_results: bool = False, questions: bool = False) -> Survey:
    """A stand-alone survey open from yesterday for 30 days (or a consultation's questionnaire)."""
    owner = owner or (consultation.owner if consultation is not None else user(Role.POLICY_OFFICER))
    now = utcnow()
    fields = builder.SurveyFields(
        title=title or f"Enquête {next(_counter)}", intro_markdown="Wat vindt u ervan?", consultation=consultation,
        topic=None if consultation is not None else consultation_services.topic_by_slug("kweekvlees"),
        opens_at=None if consultation is not None else now - timedelta(days=1),
        closes_at=None if consultation is not None else now + timedelta(days=30),
        allows_anonymous=allows_anonymous, shows_live_results=shows_live_results)
    result = builder.create_survey(owner, fields)
    if questions:
        question(result, "short_text", "Wat is uw eerste gedachte?", required=True)
    if status in ("open", "closed"):
        if not result.ordered_questions():
            question(result, "short_text", "Wat is uw eerste gedachte?")
        builder.open_survey(owner, result)
    if status == "closed":
        builder.close_survey(owner, result)
    return result


def open_questionnaire(kind: str = "long_text", text: str = "Licht uw antwoord toe", *,
                       options: list[str] | None = None) -> tuple[Survey, Question]:
    """An open consultation's questionnaire of one question, open for answers."""
    from tests.builders.consultations import consultation

    officer = user(Role.POLICY_OFFICER)
    result = survey(consultation=consultation(officer, status="open"), status="draft")
    asked = question(result, kind, text, options=options, page=result.sections[0])
    builder.open_survey(officer, result)
    return result, asked


def section(survey: Survey, title: str = "Nog een pagina", condition: dict | None = None):
    return builder.add_section(survey.owner, survey, title, condition=condition)


def question(survey: Survey, kind: str, text: str | None = None, *, options: list[str] | None = None,
             required: bool = False, settings: dict | None = None, condition: dict | None = None,
             page=None) -> Question:
    """Adds a question to the last page (or ``page``); reopen nothing: call before opening, or on a draft."""
    page = page or survey.sections[-1]
    return builder.add_question(survey.owner, page, builder.QuestionFields(
        kind=kind, text=text or f"Vraag {next(_counter)}", is_required=required, option_labels=options or [],
        settings=settings or {}, condition=condition))


def imported_response(survey: Survey, answers: dict | None = None, *, category: str = "citizen",
                      organisation: str | None = None, publication: str = "anonymous",
                      token: str | None = None) -> Response:
    response, _created = services.import_response(
        survey, survey.owner, submission_token=token or secrets.token_hex(12),
        profile=services.RespondentProfile(category=category, organisation=organisation, publication=publication),
        raw=answers or {}, now=utcnow())
    return response
