"""Read-only lookups for the summary pages (views never touch the session)."""
from __future__ import annotations

from inspraak.extensions import db
from moderation.summaries.models import SummaryAnswer, SummaryCorrection, SummaryTheme
from moderation.summaries.figures import resolve_theme
from surveys.models import Answer, Question, Survey

SPLIT_LIST_LIMIT = 300


def question_of(consultation, question_id: int) -> Question | None:
    question = db.session.get(Question, question_id)
    if question is None or question.survey.consultation_id != consultation.id:
        return None
    return question


def theme_of(consultation, theme_id: int) -> SummaryTheme | None:
    theme = db.session.get(SummaryTheme, theme_id)
    if theme is None or question_of(consultation, theme.question_id) is None:
        return None
    return theme


def answer_of(consultation, answer_id: int) -> tuple[Answer, SummaryAnswer | None] | tuple[None, None]:
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.response.survey.consultation_id != consultation.id or answer.response.submitted_at is None:
        return None, None
    result = db.session.scalar(db.select(SummaryAnswer).where(SummaryAnswer.answer_id == answer.id))
    return answer, result


def themes_of(question_id: int) -> list[SummaryTheme]:
    """The themes of a question an officer can choose: not merged away, not retired."""
    return list(db.session.scalars(db.select(SummaryTheme).where(
        SummaryTheme.question_id == question_id, SummaryTheme.merged_into_id.is_(None),
        SummaryTheme.is_retired.is_(False)).order_by(SummaryTheme.id)))


def all_themes(question_id: int) -> dict[int, SummaryTheme]:
    return {t.id: t for t in db.session.scalars(db.select(SummaryTheme).where(SummaryTheme.question_id == question_id))}


def answers_in_theme(theme: SummaryTheme, limit: int = SPLIT_LIST_LIMIT) -> list[tuple[Answer, SummaryAnswer]]:
    themes = all_themes(theme.question_id)
    ids = [t for t in themes if resolve_theme(t, themes) == theme.id]
    stmt = (db.select(Answer, SummaryAnswer).join(SummaryAnswer, SummaryAnswer.answer_id == Answer.id)
            .where(SummaryAnswer.question_id == theme.question_id,
                   SummaryAnswer.chosen_theme_id.in_(ids))
            .order_by(Answer.id).limit(limit))
    return [(answer, result) for answer, result in db.session.execute(stmt)]


def corrections_of(consultation, page: int, per_page: int = 50) -> tuple[list[SummaryCorrection], bool]:
    rows = list(db.session.scalars(db.select(SummaryCorrection).where(SummaryCorrection.consultation_id == consultation.id)
                                   .order_by(SummaryCorrection.id.desc()).offset((page - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def corrections_of_answer(answer_id: int) -> list[SummaryCorrection]:
    return list(db.session.scalars(db.select(SummaryCorrection).where(SummaryCorrection.answer_id == answer_id)
                                   .order_by(SummaryCorrection.id)))


def summarisable(consultations) -> list:
    """Of these consultations, those with a questionnaire, with the survey."""
    ids = [c.id for c in consultations]
    with_survey = set(db.session.scalars(db.select(Survey.consultation_id).where(Survey.consultation_id.in_(ids or [-1]))))
    return [c for c in consultations if c.id in with_survey]
