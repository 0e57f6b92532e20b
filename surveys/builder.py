"""The survey builder's use cases: surveys, sections (pages), questions, options, order,
conditions, opening and closing. Questions of a survey that has responses cannot change,
so a stored answer never changes meaning."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation, Topic
from inspraak.consultations.services import slugify
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.text import is_blank, markdown_to_html
from surveys.models import ConditionOperator, Question, Response, Section, Survey, SurveyStatus
from surveys.questions import REGISTRY

RESERVED_SLUGS = frozenset({"beheer", "nieuw"})


@dataclass(frozen=True)
class SurveyFields:
    title: str
    intro_markdown: str = ""
    consultation: Consultation | None = None
    topic: Topic | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    allows_anonymous: bool = False
    shows_live_results: bool = False


@dataclass(frozen=True)
class QuestionFields:
    kind: str
    text: str
    help: str = ""
    is_required: bool = False
    option_labels: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    condition: dict | None = None


def surveys_managed_by(user: User, all_surveys: bool = False) -> list[Survey]:
    """The surveys ``user`` manages: their own and their consultations' questionnaires
    (``surveys.permissions.can_edit_survey``), or every survey (admins)."""
    query = db.select(Survey).order_by(Survey.created_at.desc())
    if not all_surveys:
        from inspraak.consultations.models import Consultation

        mine = db.select(Consultation.id).where(Consultation.owner_id == user.id)
        query = query.where(db.or_(Survey.owner_id == user.id, Survey.consultation_id.in_(mine)))
    return list(db.session.scalars(query))


def has_responses(survey: Survey) -> bool:
    return db.session.scalar(db.select(db.func.count(Response.id)).where(Response.survey_id == survey.id)) > 0


def check_questions_editable(survey: Survey) -> None:
    if has_responses(survey):
        raise DomainError(_l("Deze enquête heeft al antwoorden. Vragen, keuzes en voorwaarden kunnen niet meer "
                             "veranderen, anders zouden gegeven antwoorden iets anders gaan betekenen."))


def _apply(survey: Survey, fields: SurveyFields) -> None:
    if is_blank(fields.title):
        raise DomainError(_l("Geef de enquête een titel."), field="title")
    if fields.consultation is None:
        if fields.topic is None:
            raise DomainError(_l("Kies een consultatie, of een onderwerp voor een losse enquête."), field="topic")
        if fields.opens_at is None or fields.closes_at is None:
            raise DomainError(_l("Een losse enquête heeft een begin- en einddatum."), field="opens_at")
        if fields.closes_at <= fields.opens_at:
            raise DomainError(_l("De sluitingsdatum moet na de openingsdatum liggen."), field="closes_at")
    survey.title = fields.title.strip()
    survey.intro_markdown = fields.intro_markdown
    survey.intro_html = markdown_to_html(fields.intro_markdown)
    survey.consultation = fields.consultation
    survey.topic = None if fields.consultation is not None else fields.topic
    survey.opens_at = None if fields.consultation is not None else fields.opens_at
    survey.closes_at = None if fields.consultation is not None else fields.closes_at
    survey.allows_anonymous = fields.allows_anonymous
    survey.shows_live_results = fields.shows_live_results


def create_survey(actor: User, fields: SurveyFields) -> Survey:
    survey = Survey(owner=actor, status=SurveyStatus.DRAFT.value)
    _apply(survey, fields)
    survey.sections.append(Section(position=0, title=str(_l("Vragen"))))
    base = slugify(fields.title)
    for attempt in range(4):
        survey.slug = base if attempt == 0 and base not in RESERVED_SLUGS else f"{base}-{secrets.token_hex(3)}"
        db.session.add(survey)
        try:
            db.session.commit()
            return survey
        except IntegrityError:
            db.session.rollback()
            if fields.consultation is not None and db.session.scalar(
                    db.select(Survey.id).where(Survey.consultation_id == fields.consultation.id)):
                raise DomainError(_l("Deze consultatie heeft al een vragenlijst."), field="consultation") from None
    raise DomainError(_l("De enquête kon niet worden opgeslagen. Probeer het opnieuw."))


def update_survey(actor: User, survey: Survey, fields: SurveyFields) -> None:
    _apply(survey, fields)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("Deze consultatie heeft al een vragenlijst."), field="consultation") from None


def open_survey(actor: User, survey: Survey) -> None:
    survey.open()
    db.session.commit()


def close_survey(actor: User, survey: Survey) -> None:
    survey.close()
    db.session.commit()


# --- sections -------------------------------------------------------------------

def add_section(actor: User, survey: Survey, title: str, intro: str = "", condition: dict | None = None) -> Section:
    check_questions_editable(survey)
    if not title.strip():
        raise DomainError(_l("Geef de pagina een titel."), field="title")
    section = Section(position=len(survey.sections), title=title.strip(), intro=intro.strip())
    section.show_if = _checked_condition(survey, section, condition)
    survey.sections.append(section)
    db.session.commit()
    return section


def update_section(actor: User, section: Section, title: str, intro: str = "", condition: dict | None = None) -> None:
    check_questions_editable(section.survey)
    if not title.strip():
        raise DomainError(_l("Geef de pagina een titel."), field="title")
    section.title, section.intro = title.strip(), intro.strip()
    section.show_if = _checked_condition(section.survey, section, condition)
    db.session.commit()


def delete_section(actor: User, section: Section) -> None:
    survey = section.survey
    check_questions_editable(survey)
    if len(survey.sections) == 1:
        raise DomainError(_l("Een enquête heeft ten minste één pagina."))
    _refuse_if_referenced(survey, {q.id for q in section.questions})
    survey.sections.remove(section)
    _renumber(survey.sections)
    db.session.commit()


def move_section(actor: User, section: Section, offset: int) -> None:
    survey = section.survey
    check_questions_editable(survey)
    _move(survey.sections, section, offset)
    _check_all_conditions(survey)
    db.session.commit()


# --- questions ------------------------------------------------------------------

def _option_list(labels: list[str]) -> list[dict]:
    options, seen = [], set()
    for label in (label.strip() for label in labels):
        if not label:
            continue
        value = slugify(label)[:40] or "optie"
        base, n = value, 2
        while value in seen or value == "other":
            value, n = f"{base}-{n}", n + 1
        seen.add(value)
        options.append({"value": value, "label": label[:200]})
    return options


def _label_key(label: str) -> str:
    """When two labels are the same for a respondent: case and spacing do not count."""
    return " ".join(label.split()).casefold()


def _refuse_duplicate_labels(options: list[dict]) -> None:
    """Each choice, ranking item or statement once: a label twice shows the respondent the
    same choice twice and gives the exports two columns of one name."""
    seen = set()
    for option in options:
        key = _label_key(option["label"])
        if key in seen:
            raise DomainError(_l("‘%(label)s’ staat meer dan één keer in de lijst (hoofdletters en spaties tellen "
                                 "niet mee). Zet elke mogelijkheid of stelling er maar één keer in.",
                                 label=option["label"]), field="options")
        seen.add(key)


def _checked_settings(kind, fields: QuestionFields, options: list[dict]) -> dict:
    allowed = {"max_length", "min_choices", "max_choices", "has_other", "minimum", "maximum", "max_mb"}
    settings = {k: v for k, v in fields.settings.items() if k in allowed and v not in (None, "", False)}
    low, high = settings.get("min_choices"), settings.get("max_choices")
    if low and high and low > high:
        raise DomainError(_l("Het minimum aantal keuzes is groter dan het maximum."), field="max_choices")
    if kind.has_choice_limits:
        # "Anders, namelijk" is one more thing to choose.
        choosable = len(options) + (1 if settings.get("has_other") else 0)
        if low and low > choosable:
            raise DomainError(_l("Er zijn maar %(n)d mogelijkheden om te kiezen; het minimum aantal keuzes kan niet "
                                 "hoger zijn.", n=choosable), field="min_choices")
        if high and high > choosable:
            raise DomainError(_l("Er zijn maar %(n)d mogelijkheden om te kiezen; het maximum aantal keuzes kan niet "
                                 "hoger zijn.", n=choosable), field="max_choices")
    if settings.get("minimum") is not None and settings.get("maximum") is not None \
            and settings["minimum"] > settings["maximum"]:
        raise DomainError(_l("Het minimum is groter dan het maximum."), field="maximum")
    return settings


def _apply_question(question: Question, fields: QuestionFields) -> None:
    kind = REGISTRY.get(fields.kind)
    if kind is None:
        raise DomainError(_l("Kies een soort vraag."), field="kind")
    if not fields.text.strip():
        raise DomainError(_l("Vul de vraag in."), field="text")
    options = _option_list(fields.option_labels) if (kind.has_options or kind.has_rows) else []
    if (kind.has_options or kind.has_rows) and len(options) < 2:
        raise DomainError(_l("Geef ten minste twee mogelijkheden, elk op een eigen regel."), field="options")
    _refuse_duplicate_labels(options)
    settings = _checked_settings(kind, fields, options)
    question.kind, question.text, question.help = fields.kind, fields.text.strip(), fields.help.strip()
    question.is_required = fields.is_required
    question.options = options
    question.settings = settings


def add_question(actor: User, section: Section, fields: QuestionFields) -> Question:
    survey = section.survey
    check_questions_editable(survey)
    question = Question(survey=survey, section=section, position=len(section.questions))
    _apply_question(question, fields)
    section.questions.append(question)
    db.session.flush()
    question.show_if = _checked_condition(survey, question, fields.condition)
    db.session.commit()
    return question


def update_question(actor: User, question: Question, fields: QuestionFields) -> None:
    check_questions_editable(question.survey)
    _apply_question(question, fields)
    question.show_if = _checked_condition(question.survey, question, fields.condition)
    _check_all_conditions(question.survey)
    db.session.commit()


def delete_question(actor: User, question: Question) -> None:
    survey, section = question.survey, question.section
    check_questions_editable(survey)
    _refuse_if_referenced(survey, {question.id})
    section.questions.remove(question)
    _renumber(section.questions)
    db.session.commit()


def move_question(actor: User, question: Question, offset: int) -> None:
    check_questions_editable(question.survey)
    _move(question.section.questions, question, offset)
    db.session.commit()


# --- order and conditions ---------------------------------------------------------

def _renumber(items) -> None:
    for position, item in enumerate(items):
        item.position = position


def _move(items, item, offset: int) -> None:
    ordered = list(items)
    index = ordered.index(item)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _renumber(ordered)
    items.sort(key=lambda i: i.position)


def earlier_questions(survey: Survey, target) -> list[Question]:
    """Questions a condition of ``target`` (a section or a question) may use: those on earlier pages."""
    section = target if isinstance(target, Section) else target.section
    earlier = [s for s in survey.sections if s.position < section.position]
    return [q for s in earlier for q in s.questions]


def _checked_condition(survey: Survey, target, condition: dict | None) -> dict | None:
    if not condition or not condition.get("question"):
        return None
    allowed = {q.id: q for q in earlier_questions(survey, target)}
    question_id = condition.get("question")
    if question_id not in allowed:
        raise DomainError(_l("Een voorwaarde kan alleen verwijzen naar een vraag op een eerdere pagina."),
                          field="condition_question")
    if condition.get("operator") not in ConditionOperator.values():
        raise DomainError(_l("Kies hoe het antwoord moet worden vergeleken."), field="condition_operator")
    value = str(condition.get("value") or "").strip()
    if not value:
        raise DomainError(_l("Vul de waarde in waarmee het antwoord wordt vergeleken."), field="condition_value")
    question = allowed[question_id]
    if question.options and REGISTRY[question.kind].has_options:
        labels = {o["label"].lower(): o["value"] for o in question.options}
        value = labels.get(value.lower(), value)
    return {"question": question_id, "operator": condition["operator"], "value": value[:200]}


def _check_all_conditions(survey: Survey) -> None:
    for section in survey.sections:
        for target in [section, *section.questions]:
            if target.show_if and target.show_if["question"] not in {q.id for q in earlier_questions(survey, target)}:
                db.session.rollback()
                raise DomainError(_l("Deze wijziging laat een voorwaarde verwijzen naar een vraag die niet meer "
                                     "op een eerdere pagina staat. Pas eerst die voorwaarde aan."))


def _refuse_if_referenced(survey: Survey, question_ids: set[int]) -> None:
    for section in survey.sections:
        for target in [section, *section.questions]:
            if target.show_if and target.show_if["question"] in question_ids and getattr(target, "id", None) not in question_ids:
                raise DomainError(_l("Een voorwaarde verwijst naar deze vraag. Verwijder of wijzig eerst die voorwaarde."))


def condition_text(survey: Survey, condition: dict | None) -> str | None:
    if not condition:
        return None
    question = next((q for q in survey.ordered_questions() if q.id == condition["question"]), None)
    if question is None:
        return None
    value = question.option_label(condition["value"]) if question.options else condition["value"]
    return str(_l("Alleen tonen als ‘%(question)s’ %(operator)s ‘%(value)s’", question=question.text,
                  operator=ConditionOperator(condition["operator"]).label, value=value))


def parse_option_lines(text: str) -> list[str]:
    return [line for line in re.split(r"\r?\n", text or "") if line.strip()]
