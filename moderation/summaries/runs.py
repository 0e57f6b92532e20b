"""Analysis runs: a consultation's answers analysed as a background job with progress.

``start_analysis`` records a run and queues ``run_analysis_job`` through
``inspraak.jobs.enqueue`` (in the web process by default, on an RQ worker with
REDIS_URL). The job stores per open-text answer its language, sentiment and stance under
the hash of its text, and per question the campaigns and themes under the hash of all its
answers: an answer whose text did not change is not analysed again, a question whose
answers did not change keeps its themes. Officers' overrides are separate columns the job
never writes; where the machine's own label changes, the change is logged as a correction
by the machine.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.jobs import enqueue
from moderation.analysis.cache import cache_key
from moderation.analysis.campaigns import find_campaigns
from moderation.analysis.pipeline import Settings, analyse_answer
from moderation.analysis.themes import find_themes
from moderation.summaries.figures import refresh_figures, respondent_figures
from moderation.summaries.models import (
    CorrectionKind, CorrectionSource, RunStatus, SummaryAnswer, SummaryCorrection, SummaryQuestion, SummaryRun,
    SummaryTheme, ThemeOrigin,
)
from surveys.models import Answer, Question, Response, Survey
from surveys.services import kind_of, survey_for_consultation

log = logging.getLogger(__name__)

OPEN_TEXT_KINDS = frozenset({"long_text"})   # short text is a place name or a word: counted, not analysed
SETTINGS = Settings()
PROGRESS_EVERY = 500
STALE_AFTER = timedelta(hours=2)           # a run "running" this long died with its process
THEME_MATCH = 0.3                          # share of key terms two themes must share to be the same theme


def is_analysed(question: Question) -> bool:
    return question.kind in OPEN_TEXT_KINDS


def latest_run(consultation: Consultation) -> SummaryRun | None:
    return db.session.scalar(db.select(SummaryRun).where(SummaryRun.consultation_id == consultation.id)
                             .order_by(SummaryRun.id.desc()).limit(1))


def latest_finished_run(consultation: Consultation) -> SummaryRun | None:
    return db.session.scalar(db.select(SummaryRun).where(SummaryRun.consultation_id == consultation.id,
                                                         SummaryRun.status == RunStatus.DONE.value)
                             .order_by(SummaryRun.id.desc()).limit(1))


def responses_since(survey_id: int, moment) -> int:
    """Responses submitted after ``moment`` (the dashboard says the analysis is behind)."""
    return db.session.scalar(db.select(db.func.count()).select_from(Response).where(
        Response.survey_id == survey_id, Response.submitted_at > moment)) or 0


def start_analysis(actor, consultation: Consultation) -> SummaryRun:
    """Queue an analysis of the consultation's questionnaire; refused while one is under way."""
    survey = survey_for_consultation(consultation)
    if survey is None:
        raise DomainError(_l("Deze consultatie heeft geen vragenlijst; er valt niets te analyseren."))
    current = latest_run(consultation)
    if current is not None and current.is_active and current.created_at > utcnow() - STALE_AFTER:
        raise DomainError(_l("Er loopt al een analyse van deze consultatie. Wacht tot die klaar is."))
    run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status=RunStatus.QUEUED.value,
                     requested_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    enqueue(run_analysis_job, run_id, timeout=4 * 3600)
    db.session.expire_all()  # an inline job has already changed the run
    return db.session.get(SummaryRun, run_id)


def analyse_closed_consultation(consultation_id: int) -> None:
    """The consultations area calls this when a consultation closes (see ``area.py``)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or survey_for_consultation(consultation) is None:
        return
    try:
        start_analysis(None, consultation)
    except DomainError:
        pass  # one is already under way


def run_analysis_job(run_id: int) -> None:
    run = db.session.get(SummaryRun, run_id)
    if run is None or run.status != RunStatus.QUEUED.value:
        return
    try:
        _execute(run)
    except Exception as error:
        db.session.rollback()
        run = db.session.get(SummaryRun, run_id)
        run.status = RunStatus.FAILED.value
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = utcnow()
        db.session.commit()
        raise


def analyse_now(actor, consultation: Consultation) -> SummaryRun:
    """Run an analysis in this process and wait for it (``inspraak report``, demo data)."""
    survey = survey_for_consultation(consultation)
    if survey is None:
        raise DomainError(_l("Deze consultatie heeft geen vragenlijst; er valt niets te analyseren."))
    run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status=RunStatus.QUEUED.value,
                     requested_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.commit()
    run_analysis_job(run.id)
    return db.session.get(SummaryRun, run.id)


# --- the job ------------------------------------------------------------------

def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _open_answers(question: Question) -> list[tuple[int, str]]:
    stmt = (db.select(Answer.id, Answer.value).join(Response, Answer.response_id == Response.id)
            .where(Answer.question_id == question.id, Response.submitted_at.is_not(None)).order_by(Answer.id))
    return [(answer_id, value) for answer_id, value in db.session.execute(stmt)
            if isinstance(value, str) and value.strip()]


def _execute(run: SummaryRun) -> None:
    survey = db.session.get(Survey, run.survey_id)
    questions = survey.ordered_questions()
    open_rows = {q.id: _open_answers(q) for q in questions if is_analysed(q)}
    run.total = sum(len(rows) for rows in open_rows.values()) + len(questions)
    run.status = RunStatus.RUNNING.value
    run.started_at = utcnow()
    db.session.commit()

    run.respondents, run.responses = respondent_figures(survey)
    closed_values = _closed_values(survey)
    memo: dict[str, object] = {}
    for question in questions:
        if is_analysed(question):
            _analyse_question(run, question, open_rows[question.id], memo)
        else:
            _summarise_question(run, question, closed_values.get(question.id, {}))
        run.done += 1
        db.session.commit()
    run.status = RunStatus.DONE.value
    run.finished_at = utcnow()
    db.session.commit()


def _closed_values(survey: Survey) -> dict[int, dict[str, list]]:
    values: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    stmt = (db.select(Answer.question_id, Answer.value, Response.respondent_category)
            .join(Response, Answer.response_id == Response.id)
            .join(Question, Answer.question_id == Question.id)
            .where(Response.survey_id == survey.id, Response.submitted_at.is_not(None),
                   Question.kind.not_in(OPEN_TEXT_KINDS)))
    for question_id, value, category in db.session.execute(stmt):
        values[question_id][category or ""].append(value)
    return values


def _question_row(run: SummaryRun, question: Question) -> SummaryQuestion:
    row = db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == question.id))
    if row is None:
        row = SummaryQuestion(question_id=question.id, consultation_id=run.consultation_id, input_hash="")
        db.session.add(row)
    return row


def _summarise_question(run: SummaryRun, question: Question, values: dict[str, list]) -> None:
    summary = kind_of(question).summarise(question, dict(values))
    row = _question_row(run, question)
    row.input_hash = cache_key("summary-closed", [repr(sorted((k, repr(v)) for k, v in values.items()))])
    row.figures = {
        "kind": "closed", "answered": summary.answered,
        "distribution": [[str(label), counts] for label, counts in summary.distribution or []] or None,
        "means": [[str(label), means] for label, means in summary.means or []] or None,
        "mean": summary.mean, "median": summary.median, "scale_max": summary.scale_max,
    }
    row.analysed_at = row.updated_at = utcnow()


def _log(run, question_id, answer_id, kind, before, after, theme_id=None) -> None:
    db.session.add(SummaryCorrection(
        consultation_id=run.consultation_id, question_id=question_id, answer_id=answer_id, theme_id=theme_id,
        kind=kind.value, source=CorrectionSource.MACHINE.value, before=str(before)[:300], after=str(after)[:300]))


def _analyse_question(run: SummaryRun, question: Question, rows: list[tuple[int, str]], memo: dict) -> None:
    stored = {a.answer_id: a for a in db.session.scalars(
        db.select(SummaryAnswer).where(SummaryAnswer.question_id == question.id))}
    now = utcnow()
    by_answer: dict[int, SummaryAnswer] = {}
    for n, (answer_id, text) in enumerate(rows, 1):
        digest = _text_hash(text)
        result = stored.get(answer_id)
        if result is not None and result.text_hash == digest:
            run.reused += 1
        else:
            analysis = memo.get(digest)
            if analysis is None:
                analysis = memo[digest] = analyse_answer(text)
            if result is None:
                result = SummaryAnswer(answer_id=answer_id, question_id=question.id)
                db.session.add(result)
            else:
                if result.sentiment != analysis.sentiment.label:
                    _log(run, question.id, answer_id, CorrectionKind.SENTIMENT, result.sentiment, analysis.sentiment.label)
                if result.stance != analysis.stance.stance:
                    _log(run, question.id, answer_id, CorrectionKind.STANCE, result.stance, analysis.stance.stance)
            result.text_hash = digest
            result.language = analysis.language
            result.sentiment = analysis.sentiment.label
            result.polarity = float(analysis.sentiment.polarity)
            result.stance = analysis.stance.stance
            result.analysed_at = now
            run.analysed += 1
        by_answer[answer_id] = result
        if n % PROGRESS_EVERY == 0:
            run.done += PROGRESS_EVERY
            db.session.commit()
    run.done += len(rows) % PROGRESS_EVERY
    # Answers removed since the last run (an erased response) lose their stored labels.
    for answer_id, result in stored.items():
        if answer_id not in by_answer:
            db.session.delete(result)
    row = _question_row(run, question)
    input_hash = cache_key("summary-question", [f"{answer_id}\x1f{text}" for answer_id, text in rows], SETTINGS)
    if row.input_hash != input_hash:
        _themes_and_campaigns(run, question, row, rows, by_answer)
        row.input_hash = input_hash
        row.analysed_at = now
    db.session.flush()
    refresh_figures(question.id)


def _themes_and_campaigns(run, question: Question, row: SummaryQuestion, rows, by_answer) -> None:
    texts = [text for _id, text in rows]
    ids = [answer_id for answer_id, _text in rows]
    found = find_campaigns(texts, threshold=SETTINGS.campaign_threshold, min_size=SETTINGS.min_campaign_size)
    themes = find_themes(texts, SETTINGS.n_themes, SETTINGS.seed, groups=found.campaign_of)
    row.campaigns = [{"number": c.id, "size": c.size, "template": c.template,
                      "answer_ids": [ids[i] for i in c.members]} for c in found.campaigns]
    theme_rows = _match_themes(question, themes.themes, ids)
    for position, answer_id in enumerate(ids):
        result = by_answer[answer_id]
        number = themes.theme_of[position]
        new_theme = theme_rows[number].id if number else None
        if result.theme_id is not None and result.theme_id != new_theme and result.id is not None:
            _log(run, question.id, answer_id, CorrectionKind.MOVE, result.theme_id or "-", new_theme or "-", new_theme)
        result.theme_id = new_theme
        result.campaign = found.campaign_of[position] or None


def _match_themes(question: Question, found, ids: list[int]) -> dict[int, SummaryTheme]:
    """The theme rows for the themes just found: an earlier machine theme with enough of the
    same key terms keeps its row (and so its new name and merges); the rest are new rows;
    earlier machine themes not found again are retired."""
    existing = list(db.session.scalars(db.select(SummaryTheme).where(
        SummaryTheme.question_id == question.id, SummaryTheme.origin == ThemeOrigin.MACHINE.value)
        .order_by(SummaryTheme.id)))
    free = list(existing)
    matched: dict[int, SummaryTheme] = {}
    for theme in found:
        terms = set(theme.terms)
        best, best_score = None, THEME_MATCH
        for candidate in free:
            score = len(terms & set(candidate.terms)) / max(1, len(terms | set(candidate.terms)))
            if score >= best_score:
                best, best_score = candidate, score
        if best is None:
            best = SummaryTheme(question_id=question.id, origin=ThemeOrigin.MACHINE.value)
            db.session.add(best)
        else:
            free.remove(best)
        best.machine_label = theme.label[:200]
        best.terms = list(theme.terms)
        best.representative_ids = [ids[i] for i in theme.representatives]
        best.is_retired = False
        matched[theme.id] = best
    for theme in free:
        theme.is_retired = True
    db.session.flush()
    return matched


def theme_sizes(question_id: int) -> Counter:
    """Answers per stored machine theme (tests, diagnostics)."""
    return Counter(db.session.scalars(db.select(SummaryAnswer.theme_id).where(SummaryAnswer.question_id == question_id)))
