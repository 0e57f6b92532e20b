"""Answering a survey: the respondent profile, pages with conditions, save and resume,
exactly-once submission, imports through the API, and personal data.

The web form and the API share one validation path: ``clean_profile`` and
``clean_answers`` (which uses the question-type registry).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation
from inspraak.database import commit_keeping_loaded, paginate, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.security import has_unstorable_character
from inspraak.text import strip_text
from surveys.conditions import visible_layout
from surveys.models import (
    Answer, AnswerModerationStatus, Question, Response, ResponsePublication, ResponseSource, Section, Survey,
    SurveyStatus, respondent_categories,
)
from surveys.questions import AnswerError, KeptFile, PendingFile, kind_of

PROVINCES = ("Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
             "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland")
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AlreadySubmitted(DomainError):
    def __init__(self) -> None:
        super().__init__(_l("Deze reactie is al verzonden."))


class AnswerErrors(DomainError):
    """One message per question id (or profile field name) that needs attention."""

    def __init__(self, errors: dict[str, object]) -> None:
        super().__init__(_l("Niet alle antwoorden konden worden opgeslagen. Kijk de gemarkeerde vragen na."))
        self.errors = errors


@dataclass(frozen=True)
class RespondentProfile:
    category: str | None
    organisation: str | None = None
    name: str | None = None
    province: str | None = None
    publication: str | None = None


# --- after a response is sent ----------------------------------------------------

AFTER_SUBMIT_KEY = "surveys.after_submit"


def register_after_submit(app, callback: Callable[[int], None]) -> None:
    """Call ``callback(response_id)`` after each response is stored as sent (on the
    website or imported), once, after the commit. How moderation learns of new answers
    without surveys importing it; registered explicitly per application."""
    callbacks = app.extensions.setdefault(AFTER_SUBMIT_KEY, [])
    if callback not in callbacks:
        callbacks.append(callback)


def _after_submit(response_id: int) -> None:
    for callback in current_app.extensions.get(AFTER_SUBMIT_KEY, []):
        callback(response_id)


# --- lookups ------------------------------------------------------------------

def survey_by_slug(slug: str) -> Survey | None:
    return db.session.scalar(db.select(Survey).where(Survey.slug == slug))


def survey_for_answering(slug: str) -> Survey | None:
    """The survey with its consultation, pages and questions in one statement: the
    answering pages read all of them (layout, conditions, validation) on every request."""
    return db.session.scalars(db.select(Survey).where(Survey.slug == slug).options(
        joinedload(Survey.consultation), joinedload(Survey.sections).joinedload(Section.questions))).unique().first()


def survey_for_consultation(consultation: Consultation) -> Survey | None:
    return db.session.scalar(db.select(Survey).where(Survey.consultation_id == consultation.id,
                                                     Survey.status != SurveyStatus.DRAFT.value))


def public_surveys(page: int = 1, per_page: int = 20):
    """One page (Flask-SQLAlchemy ``Pagination``) of the opened surveys, newest first,
    except questionnaires of a consultation that is not public (yet). Mirrors
    ``permissions.can_view_survey`` for anonymous visitors in SQL, so pages are exact."""
    from inspraak.consultations.models import PUBLIC_STATUSES

    public_consultation = db.or_(Survey.consultation_id.is_(None), Survey.consultation.has(
        Consultation.status.in_([status.value for status in PUBLIC_STATUSES])))
    stmt = (db.select(Survey).where(Survey.status != SurveyStatus.DRAFT.value, public_consultation)
            .order_by(Survey.created_at.desc(), Survey.id.desc())
            .options(joinedload(Survey.consultation), joinedload(Survey.topic)))
    return paginate(stmt, page=page, per_page=per_page)


def response_count(survey: Survey) -> int:
    return db.session.scalar(db.select(db.func.count(Response.id)).where(
        Response.survey_id == survey.id, Response.submitted_at.is_not(None))) or 0


def response_by_submission_token(token: str) -> Response | None:
    if not isinstance(token, str) or has_unstorable_character(token):
        return None  # never stored, and the database could not even compare it
    return db.session.scalar(db.select(Response).where(Response.submission_token == token))


def response_of_user(survey: Survey, user) -> Response | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(db.select(Response).where(Response.survey_id == survey.id, Response.user_id == user.id))


def hash_resume_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def draft_by_resume_token(survey: Survey, secret: str | None) -> Response | None:
    """The draft (or sent response) behind a private resume link, with its answers."""
    if not secret:
        return None
    return db.session.scalars(db.select(Response).where(
        Response.survey_id == survey.id, Response.resume_token_hash == hash_resume_token(secret))
        .options(selectinload(Response.answers))).first()


def client_fingerprint(survey: Survey, address: str | None) -> str | None:
    """A salted hash of the client's address (per survey): equal addresses are recognisable,
    the address itself is not kept and cannot be recovered."""
    if not address:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"survey:{survey.id}:{address}".encode(), hashlib.sha256).hexdigest()


def bulk_suspects(survey: Survey, threshold: int = 10) -> int:
    """How many submitted responses share their client hash with at least ``threshold`` - 1 others."""
    counts = db.session.execute(
        db.select(Response.client_hash, db.func.count()).where(
            Response.survey_id == survey.id, Response.submitted_at.is_not(None), Response.client_hash.is_not(None))
        .group_by(Response.client_hash).having(db.func.count() >= threshold)).all()
    return sum(count for _hash, count in counts)


# --- validation (shared by the web form and the API) ----------------------------

def clean_profile(survey: Survey, profile: RespondentProfile) -> tuple[dict, dict[str, object]]:
    errors: dict[str, object] = {}
    # A stand-alone survey publishes nothing (``Survey.publishes_responses``): it does not
    # ask, a choice sent anyway must still be a valid one, and it keeps no name.
    publishes = survey.publishes_responses
    categories = {value for value, _label in respondent_categories()}
    if profile.category not in categories:
        errors["category"] = _l("Kies of u reageert als burger of namens een organisatie.")
    organisation = _profile_text(profile.organisation, "organisation", errors)
    if profile.category in categories and profile.category != "citizen" and not organisation:
        errors.setdefault("organisation", _l("Vul de naam van uw organisatie in."))
    if organisation and len(organisation) > 200:
        errors["organisation"] = _l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=200, count=len(organisation))
    name = _profile_text(profile.name, "name", errors) if publishes else None
    if name and len(name) > 200:
        errors["name"] = _l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=200, count=len(name))
    province = profile.province or None
    if province and province not in PROVINCES:
        errors["province"] = _l("Kies een provincie uit de lijst.")
    if profile.publication not in ResponsePublication.values() and (publishes or profile.publication is not None):
        errors["publication"] = _l("Kies of en hoe uw reactie openbaar mag worden.")
    elif publishes and profile.publication == ResponsePublication.WITH_NAME.value and not name and not organisation:
        errors.setdefault("name", _l("Vul uw naam in, of kies ‘Openbaar, maar zonder naam’."))
    publication = profile.publication if publishes else ResponsePublication.NOT_PUBLISHED.value
    return {"respondent_category": profile.category, "organisation_name": organisation if profile.category != "citizen" else None,
            "respondent_name": name, "province": province, "publication": publication}, errors


def _profile_text(value, field: str, errors: dict[str, object]) -> str | None:
    """A free-text field of the profile, stripped; None (and an error) if it cannot be stored."""
    if value is not None and not isinstance(value, str):
        errors[field] = _l("Vul tekst in.")
        return None
    if value and has_unstorable_character(value):
        errors[field] = _l("De tekst bevat een ongeldig teken.")
        return None
    return strip_text(value or "") or None


def check_submission_token(token) -> None:
    """The one-time token of a response (made by the form, or by an importing client)."""
    if not isinstance(token, str) or not 8 <= len(token) <= 64:
        raise AnswerErrors({"submission_token": _l("Geef een submission_token van 8 tot 64 tekens.")})
    if has_unstorable_character(token):
        raise AnswerErrors({"submission_token": _l("De tekst bevat een ongeldig teken.")})


def clean_answers(questions: list[Question], raw: dict[int, object]) -> tuple[dict[int, object], dict[str, object]]:
    """Check the answers to ``questions`` (all of them visible); hidden ones are never passed in."""
    cleaned: dict[int, object] = {}
    errors: dict[str, object] = {}
    for question in questions:
        try:
            value = kind_of(question).clean(question, raw.get(question.id))
        except AnswerError as error:
            errors[str(question.id)] = error.message
            continue
        if value is None and question.is_required:
            errors[str(question.id)] = _l("Deze vraag is verplicht.")
        elif value is not None:
            cleaned[question.id] = value
    return cleaned, errors


def moderated_kind(question: Question) -> str | None:
    """What a moderator reviews of an answer to this question before it is published:
    ``"text"`` (open text), ``"file"`` (a position paper) or ``None`` (nothing to review)."""
    kind = kind_of(question)
    if kind.is_open_text:
        return "text"
    return "file" if kind.kind == "file" else None


def _moderation_status(question: Question, publication: str) -> str:
    """Open text and position papers wait for a moderator when their respondent chose publication."""
    if moderated_kind(question) is not None and publication != ResponsePublication.NOT_PUBLISHED.value:
        return AnswerModerationStatus.PENDING.value
    return AnswerModerationStatus.NOT_APPLICABLE.value


def _stored(value):
    """Write a checked PDF to the upload folder; other values are stored as they are."""
    if not isinstance(value, PendingFile):
        return value
    folder = current_app.config["UPLOAD_FOLDER"] / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + ".pdf"
    (folder / stored_name).write_bytes(value.content)
    return {"filename": value.filename, "stored_name": stored_name, "size_bytes": len(value.content),
            "page_count": value.page_count, "sha256": hashlib.sha256(value.content).hexdigest()}


_STORED_PAPER = re.compile(r"[0-9a-f]{32}\.pdf")


def paper_path(value) -> Path | None:
    """Where the position paper of an answer ``value`` lies (written by ``_stored``), or
    None: no paper, or a stored name that is not one ``_stored`` makes (never a path
    outside the upload folder, whatever a database row holds)."""
    stored = value.get("stored_name") if isinstance(value, dict) else None
    if not isinstance(stored, str) or not _STORED_PAPER.fullmatch(stored):
        return None
    path = current_app.config["UPLOAD_FOLDER"] / "surveys" / stored
    return path if path.is_file() else None


def _new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"ENQ-{code[:4]}-{code[4:]}"


def check_accepting(survey: Survey, now: datetime) -> None:
    if not survey.is_accepting_responses(now):
        raise DomainError(_l("Deze enquête is gesloten: er kunnen geen antwoorden meer worden gegeven."))


# --- answering on the website ---------------------------------------------------

def save_profile(survey: Survey, *, submission_token: str, profile: RespondentProfile, user,
                 client_address: str | None, now: datetime) -> tuple[Response, str | None]:
    """The first page: create the draft (or update it). Returns it and, when it was just
    created, the secret of its private resume link (stored only as a hash)."""
    check_accepting(survey, now)
    signed_in = getattr(user, "is_authenticated", False)
    if not signed_in and not survey.allows_anonymous:
        raise DomainError(_l("Log in om deze enquête in te vullen."))
    check_submission_token(submission_token)
    fields, errors = clean_profile(survey, profile)
    if errors:
        raise AnswerErrors(errors)
    response = response_of_user(survey, user) if signed_in else response_by_submission_token(submission_token)
    secret = None
    if response is None:
        secret = secrets.token_urlsafe(24)
        response = Response(survey=survey, user=user if signed_in else None, submission_token=submission_token,
                            reference=_new_reference(), resume_token_hash=hash_resume_token(secret),
                            client_hash=None if signed_in else client_fingerprint(survey, client_address),
                            source=ResponseSource.WEB.value, page_reached=0)
        db.session.add(response)
    elif response.is_submitted:
        return response, None
    elif response.survey_id != survey.id:
        raise DomainError(_l("Deze pagina hoort niet bij deze enquête."))
    for name, value in fields.items():
        setattr(response, name, value)
    for answer in response.answers:
        answer.moderation_status = _moderation_status(answer.question, response.publication)
    response.page_reached = max(response.page_reached, 1)
    try:
        commit_keeping_loaded(db.session)
    except IntegrityError:
        # The same form sent twice at once: the other request created the draft.
        db.session.rollback()
        existing = response_of_user(survey, user) if signed_in else response_by_submission_token(submission_token)
        if existing is None:
            raise
        return existing, None
    return response, secret


def page_layout(response: Response) -> list[tuple[object, list]]:
    return visible_layout(response.survey, response.answers_by_question())


def layout_before_answers(survey: Survey) -> list[tuple[object, list]]:
    """The pages of a response without answers yet (the first page, before a draft exists):
    counted as ``page_layout`` counts them for an empty draft, so a page whose condition
    needs an answer is not counted until that answer is given."""
    return visible_layout(survey, {})


def save_page(response: Response, section_id: int, raw: dict[int, object], now: datetime) -> None:
    """Check and store the answers on one page; all or nothing. Answers of questions that
    are hidden now (their condition no longer holds) are removed, never kept."""
    _store_page(response, section_id, raw, now)
    commit_keeping_loaded(db.session)


def _store_page(response: Response, section_id: int, raw: dict[int, object], now: datetime) -> None:
    """``save_page`` up to the commit: checks, then claims the draft (its lock is held until
    the caller commits) and writes the page's answers."""
    check_accepting(response.survey, now)
    if response.is_submitted:
        raise AlreadySubmitted()
    layout = page_layout(response)
    page = next(((section, shown) for section, shown in layout if section.id == section_id), None)
    if page is None:
        raise DomainError(_l("Deze pagina hoort niet (meer) bij uw antwoorden."))
    section, shown = page
    existing = {answer.question_id: answer for answer in response.answers}
    for question in shown:
        if kind_of(question).kind == "file" and raw.get(question.id) is None and question.id in existing:
            raw[question.id] = KeptFile(existing[question.id].value)  # keep the paper uploaded earlier
    cleaned, errors = clean_answers(shown, raw)
    if errors:
        raise AnswerErrors(errors)
    _claim_draft(response, now)
    # Read the answers again under the draft's lock: another request may have stored some.
    _reload_answers(response)
    existing = {answer.question_id: answer for answer in response.answers}
    for question in section.questions:
        answer = existing.get(question.id)
        value = cleaned.get(question.id)
        if value is None:
            if answer is not None:
                response.answers.remove(answer)
            continue
        if answer is None:
            # The id as well as the object: the layout below reads question_id before the flush.
            answer = Answer(question=question, question_id=question.id)
            response.answers.append(answer)
        answer.value = _stored(value)
        answer.moderation_status = _moderation_status(question, response.publication)
    _drop_hidden_answers(response)
    index = [s.id for s, _ in page_layout(response)].index(section.id) + 2
    response.page_reached = max(response.page_reached, index)


def _reload_answers(response: Response) -> None:
    """The draft's answers as committed now (one SELECT)."""
    db.session.expire(response, ["answers"])
    response.answers  # noqa: B018 - loads the collection


def _claim_draft(response: Response, now: datetime) -> None:
    """Lock the draft row for this transaction, or learn that it was sent meanwhile
    (one conditional UPDATE: atomic on SQLite and PostgreSQL)."""
    result = db.session.execute(update(Response).where(Response.id == response.id, Response.submitted_at.is_(None))
                                .values(updated_at=now).execution_options(synchronize_session=False))
    if result.rowcount == 0:
        db.session.rollback()
        raise AlreadySubmitted()


def save_and_submit(response: Response, section_id: int, raw: dict[int, object], now: datetime) -> Response:
    """The last page: store its answers and send the response, exactly once, in one
    transaction. When an answer elsewhere is missing, this page's answers are kept (the
    respondent does not lose them) and the missing ones are named."""
    try:
        _store_page(response, section_id, raw, now)
    except AlreadySubmitted:
        return db.session.get(Response, response.id, populate_existing=True)
    return _send_claimed(response, now)


def _drop_hidden_answers(response: Response) -> None:
    """Remove answers to questions the current answers hide (from the loaded collection)."""
    visible = {q.id for _section, shown in page_layout(response) for q in shown}
    for answer in list(response.answers):
        if answer.question_id not in visible:
            response.answers.remove(answer)


def submit(response: Response, now: datetime) -> Response:
    """Send a draft, exactly once: a second request (a double click, a resent POST,
    a concurrent one) finds it sent and gets the same receipt."""
    if response.is_submitted:
        return response
    check_accepting(response.survey, now)
    try:
        _claim_draft(response, now)
    except AlreadySubmitted:
        return db.session.get(Response, response.id, populate_existing=True)
    _reload_answers(response)
    _drop_hidden_answers(response)
    return _send_claimed(response, now)


def _send_claimed(response: Response, now: datetime) -> Response:
    """Send a draft whose row this transaction has claimed (``_claim_draft``): no other
    request can send it until this one commits, and a later one finds it sent."""
    answers = response.answers_by_question()
    missing = {str(q.id): _l("Deze vraag is verplicht.") for _section, shown in page_layout(response)
               for q in shown if q.is_required and q.id not in answers}
    if response.respondent_category is None:
        missing["category"] = _l("Vul eerst de vragen over uzelf in.")
    if missing:
        commit_keeping_loaded(db.session)  # what was saved on this page stays saved
        raise AnswerErrors(missing)
    response.submitted_at = now
    response.resume_token_hash = None
    commit_keeping_loaded(db.session)
    _after_submit(response.id)
    return response


# --- imports through the API ------------------------------------------------------

def import_response(survey: Survey, actor: User, *, submission_token: str, profile: RespondentProfile,
                    raw: dict[int, object], now: datetime) -> tuple[Response, bool]:
    """Store a response collected on paper or at a partner's stand. Returns (response,
    created); the same ``submission_token`` again returns the stored one and stores nothing."""
    check_submission_token(submission_token)
    existing = response_by_submission_token(submission_token)
    if existing is not None:
        if existing.survey_id != survey.id:
            raise AnswerErrors({"submission_token": _l("Dit submission_token is al gebruikt voor een andere enquête.")})
        return existing, False
    fields, errors = clean_profile(survey, profile)
    known = {q.id for q in survey.ordered_questions()}
    unknown = [qid for qid in raw if qid not in known]
    errors.update({str(qid): _l("Deze vraag hoort niet bij deze enquête.") for qid in unknown})
    layout = visible_layout(survey, raw)
    shown = [q for _section, questions in layout for q in questions]
    cleaned, answer_errors = clean_answers(shown, raw)
    errors.update(answer_errors)
    if errors:
        raise AnswerErrors(errors)
    # Conditions are checked again on the cleaned values: an invalid answer never shows a question.
    visible = {q.id for _section, questions in visible_layout(survey, cleaned) for q in questions}
    response = Response(survey=survey, submission_token=submission_token, reference=_new_reference(),
                        source=ResponseSource.IMPORT.value, submitted_at=now, page_reached=0, **fields)
    for question in shown:
        if question.id in cleaned and question.id in visible:
            response.answers.append(Answer(question=question, value=_stored(cleaned[question.id]),
                                           moderation_status=_moderation_status(question, response.publication)))
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = response_by_submission_token(submission_token)
        if existing is None:
            raise
        return existing, False
    response_id = response.id
    _after_submit(response_id)
    return db.session.get(Response, response_id, populate_existing=True), True


# --- personal data (the privacy self-service) --------------------------------------

def export_responses_of(user: User) -> list[dict]:
    """The privacy self-service's part: this person's responses, their answers as the survey's
    export writes them (numbered questions, labels rather than stored values)."""
    from surveys.exports import readable_answers

    responses = db.session.scalars(db.select(Response).where(Response.user_id == user.id).order_by(Response.id))
    result = []
    for response in responses:
        result.append({
            "survey": response.survey.title, "reference": response.reference if response.is_submitted else None,
            "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
            "respondent_category": response.respondent_category, "organisation": response.organisation_name,
            "name": response.respondent_name, "province": response.province, "publication": response.publication,
            "answers": readable_answers(response.survey, response.answers_by_question()),
        })
    return result


def erase_responses_of(user: User) -> None:
    """Keep the answers for the consultation, remove the link to the person: the account,
    their name and organisation. Unsent drafts are deleted. Does not commit."""
    for response in db.session.scalars(db.select(Response).where(Response.user_id == user.id)).all():
        if not response.is_submitted:
            db.session.delete(response)
            continue
        response.user_id = None
        response.respondent_name = None
        response.organisation_name = None
        response.client_hash = None
        response.resume_token_hash = None
    db.session.flush()
