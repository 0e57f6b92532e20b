"""Results of a survey: per question the aggregates, split by respondent category, and the
bars of an accessible chart (drawn as SVG by the template, with the numbers in a table)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from inspraak.extensions import db
from inspraak.web import fixed_decimal
from surveys.models import Answer, Question, Response, Survey, category_label, respondent_categories
from surveys.questions import Summary, kind_of


@dataclass
class Bar:
    label: str
    value: float
    text: str
    width: float  # 0..100, share of the chart's width


@dataclass
class QuestionResult:
    number: int
    question: Question
    summary: Summary
    bars: list[Bar]


def _bars(summary: Summary) -> list[Bar]:
    if summary.distribution:
        total = summary.answered.get("all", 0) or 1
        return [Bar(label, counts.get("all", 0), f"{counts.get('all', 0)} ({100 * counts.get('all', 0) / total:.0f}%)",
                    100 * counts.get("all", 0) / total) for label, counts in summary.distribution]
    if summary.means and summary.scale_max:
        return [Bar(label, means.get("all") or 0, fixed_decimal(means.get("all"), 2),
                    100 * (means.get("all") or 0) / summary.scale_max) for label, means in summary.means]
    return []


def categories_in(survey: Survey) -> list[tuple[str, object]]:
    """The respondent categories that responded, in the platform's order."""
    present = set(db.session.scalars(db.select(Response.respondent_category).distinct().where(
        Response.survey_id == survey.id, Response.submitted_at.is_not(None))))
    return [(value, label) for value, label in respondent_categories() if value in present]


def survey_results(survey: Survey) -> list[QuestionResult]:
    values: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    stmt = (db.select(Answer.question_id, Answer.value, Response.respondent_category)
            .join(Response, Answer.response_id == Response.id)
            .where(Response.survey_id == survey.id, Response.submitted_at.is_not(None)))
    for question_id, value, category in db.session.execute(stmt):
        values[question_id][category or ""].append(value)
    results = []
    for number, question in enumerate(survey.ordered_questions(), start=1):
        summary = kind_of(question).summarise(question, dict(values.get(question.id, {})))
        results.append(QuestionResult(number, question, summary, _bars(summary)))
    return results


def respondents_by_category(survey: Survey) -> list[tuple[object, int]]:
    counts = dict(db.session.execute(
        db.select(Response.respondent_category, db.func.count()).where(
            Response.survey_id == survey.id, Response.submitted_at.is_not(None)).group_by(Response.respondent_category)).all())
    return [(category_label(value), counts[value]) for value, _label in respondent_categories() if value in counts]
