"""Analysis runs: a consultation's answers analysed as background jobs with progress.

``start_analysis`` records a run and queues ``run_analysis_job`` through
``inspraak.jobs.enqueue`` (in the web process by default, on RQ workers with REDIS_URL).
The run is sharded, so that more workers finish it sooner. Five steps, each a job:

1. ``run_analysis_job`` (the coordinator) splits each open question's answers into chunks
   of ``ANALYSIS_CHUNK_SIZE`` answers by answer-id range, records how many
   (``SummaryRun.chunks`` and ``pending_chunks``) and queues one ``analyse_chunk_job`` per chunk;
2. each chunk job reads its answers, analyses those whose text hash changed (language,
   sentiment, stance), writes its ``SummaryAnswer`` rows in bulk (Core executemany), hands
   on what step 3 needs of it (``SummaryChunk``: the answer ids, for a question past
   ``campaigns.LARGE`` answers their MinHash signatures, and a sum over its answers) and
   counts itself done with one UPDATE that adds to the progress, decrements
   ``pending_chunks`` and returns it (atomic on PostgreSQL and SQLite alike): the chunk that
   brings it to 0 queues step 3;
3. ``campaigns_and_themes_job``, per question whose answers changed (the chunks' sums
   add up to its input hash): the campaigns and a theme model. Past ``campaigns.LARGE``
   answers ``moderation.analysis.corpus.fit_signed`` joins the chunks' signatures (the
   campaigns) and reads only a random sample of 20,000 texts by answer id (the themes), so
   this one job reads no more texts for a million answers than for 20,000; below it
   ``fit_corpus`` (the file CLI's function) compares the texts themselves. The model is
   stored with the question, the chunks' rows are dropped and the answers are cut into
   chunks again, one ``assign_chunk_job`` each;
4. each of those gives its answers their theme and campaign (``ThemeAssigner``), logs the
   machine's moves and writes them in bulk; the last one (``pending_chunks`` again) queues
5. ``finish_analysis_job``: the closed questions, who responded, the figures, status DONE.

Steps 2 and 4 (the work per answer) run on as many workers as there are; step 3 is one job
per run (its cost grows with the answers, but stays a small share) and step 5 is cheap.
Per answer the labels are stored under the hash of its text, and per question the
campaigns and themes under the hash of all its answers: an unchanged answer is not
analysed again, a question whose answers did not change keeps its themes. Officers'
overrides are separate columns the jobs never write; where the machine's own label or
theme changes, the change is logged as a correction by the machine. A failed job marks
the run FAILED with its error; the other chunk jobs then stop. Every job's memory is
bounded by the chunk size or the page size, whatever the number of answers, but step 3's:
it holds 8 bytes an answer (its id), and past ``campaigns.LARGE`` answers 257 more (its
signature), about 270 MB for a million.
"""
from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections import Counter, defaultdict
from datetime import timedelta

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, delete, insert, update

from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.jobs import enqueue
from moderation.analysis import campaigns as campaign_module
from moderation.analysis.cache import cache_key
from moderation.analysis.campaigns import MinHashIndex
from moderation.analysis.corpus import fit_corpus, fit_signed
from moderation.analysis.pipeline import Settings, analyse_answer
from moderation.summaries.figures import refresh_figures, respondent_figures
from moderation.summaries.models import (
    CorrectionKind, CorrectionSource, RunStatus, SummaryAnswer, SummaryChunk, SummaryCorrection, SummaryQuestion,
    SummaryRun, SummaryTheme, ThemeOrigin,
)
from surveys.models import Answer, Question, Response, Survey
from surveys.services import kind_of, survey_for_consultation

log = logging.getLogger(__name__)

OPEN_TEXT_KINDS = frozenset({"long_text"})   # short text is a place name or a word: counted, not analysed
SETTINGS = Settings()
CHUNK_SIZE = 5000                          # default of the ANALYSIS_CHUNK_SIZE setting
PAGE = 5000                                # answers read (and written) at a time by the finishing job
STALE_AFTER = timedelta(hours=2)           # a run without progress this long died with its worker
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


def last_sign_of_life(run: SummaryRun):
    """When a run last made progress: a long run (millions of answers) is alive as long as
    its chunks keep finishing, not only for ``STALE_AFTER`` after it was asked for."""
    return run.progress_at or run.started_at or run.created_at


def start_analysis(actor, consultation: Consultation) -> SummaryRun:
    """Queue an analysis of the consultation's questionnaire; refused while one is under way."""
    survey = survey_for_consultation(consultation)
    if survey is None:
        raise DomainError(_l("Deze consultatie heeft geen vragenlijst; er valt niets te analyseren."))
    current = latest_run(consultation)
    if current is not None and current.is_active and last_sign_of_life(current) > utcnow() - STALE_AFTER:
        raise DomainError(_l("Er loopt al een analyse van deze consultatie. Wacht tot die klaar is."))
    run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status=RunStatus.QUEUED.value,
                     requested_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    enqueue(run_analysis_job, run_id)
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
    """The coordinator: plan the chunks of answers and queue a job for each."""
    try:
        plan = _plan(run_id)
        if plan is None:
            return
        if not plan:
            enqueue(campaigns_and_themes_job, run_id, timeout=4 * 3600)
        for chunk in plan:
            enqueue(analyse_chunk_job, run_id, *chunk)
    except Exception as error:
        _fail(run_id, error)
        raise


def analyse_chunk_job(run_id: int, question_id: int, low: int | None, high: int | None, last: int | None,
                      signed: bool = True) -> None:
    """Labels for one chunk of a question's answers; the last chunk to finish queues the
    campaigns and themes."""
    try:
        is_last = _analyse_chunk(run_id, question_id, low, high, last, signed)
    except Exception as error:
        _fail(run_id, error)
        raise
    if is_last:
        enqueue(campaigns_and_themes_job, run_id, timeout=4 * 3600)


def campaigns_and_themes_job(run_id: int) -> None:
    """Per changed question its campaigns and theme model; then queue the chunks that
    assign the themes (or, with none, the finishing job)."""
    try:
        plan = _campaigns_and_themes(run_id)
        if plan is None:
            return
        if not plan:
            enqueue(finish_analysis_job, run_id)
        for chunk in plan:
            enqueue(assign_chunk_job, run_id, *chunk)
    except Exception as error:
        _fail(run_id, error)
        raise


def assign_chunk_job(run_id: int, question_id: int, low: int | None, high: int | None) -> None:
    """Themes and campaigns for one chunk of a question's answers; the last one queues the finishing job."""
    try:
        is_last = _assign_chunk(run_id, question_id, low, high)
    except Exception as error:
        _fail(run_id, error)
        raise
    if is_last:
        enqueue(finish_analysis_job, run_id)


def finish_analysis_job(run_id: int) -> None:
    """Figures per question and who responded; the run is DONE."""
    try:
        _finish(run_id)
    except Exception as error:
        _fail(run_id, error)
        raise


def analyse_now(actor, consultation: Consultation) -> SummaryRun:
    """Run an analysis in this process and wait for it (``inspraak report``, demo data):
    the same steps as the jobs, one after the other."""
    survey = survey_for_consultation(consultation)
    if survey is None:
        raise DomainError(_l("Deze consultatie heeft geen vragenlijst; er valt niets te analyseren."))
    run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status=RunStatus.QUEUED.value,
                     requested_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    try:
        plan = _plan(run_id)
        if plan is not None:
            for chunk in plan:
                _analyse_chunk(run_id, *chunk)
            for chunk in _campaigns_and_themes(run_id) or []:
                _assign_chunk(run_id, *chunk)
            _finish(run_id)
    except Exception as error:
        _fail(run_id, error)
        raise
    db.session.expire_all()
    return db.session.get(SummaryRun, run_id)


def _fail(run_id: int, error: Exception) -> None:
    """Mark the run FAILED with ``error``, unless it has already ended (the first error stays).
    Its questions' input hashes are cleared, so the next run fits their themes again."""
    db.session.rollback()
    runs = SummaryRun.__table__
    failed = db.session.execute(update(runs).where(
        runs.c.id == run_id, runs.c.status.in_([RunStatus.QUEUED.value, RunStatus.RUNNING.value])).values(
        status=RunStatus.FAILED.value, error=f"{type(error).__name__}: {error}"[:2000], finished_at=utcnow())
        .returning(runs.c.consultation_id)).scalar_one_or_none()
    if failed is not None:
        db.session.execute(update(SummaryQuestion.__table__).where(
            SummaryQuestion.__table__.c.consultation_id == failed).values(input_hash=""))
        db.session.execute(delete(SummaryChunk.__table__).where(SummaryChunk.__table__.c.run_id == run_id))
    db.session.commit()


# --- chunks -----------------------------------------------------------------------

# question id, first id, next chunk's first id, last id, whether to sign the answers (MinHash)
Chunk = tuple[int, "int | None", "int | None", "int | None", bool]


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chunk_size() -> int:
    return max(1, int(current_app.config.get("ANALYSIS_CHUNK_SIZE") or CHUNK_SIZE))


def _bounds(ids, size: int) -> list[tuple[int | None, int | None]]:
    """(first id, next chunk's first id) per chunk of ``size`` of the ids in the subquery
    ``ids`` (column ``id``); the first chunk has no lower bound and the last no upper one,
    so that stored rows of answers that have gone fall in a chunk too."""
    numbered = db.select(ids.c.id, db.func.row_number().over(order_by=ids.c.id).label("n")).subquery()
    starts = list(db.session.scalars(db.select(numbered.c.id).where((numbered.c.n - 1) % size == 0)
                                     .order_by(numbered.c.id)))
    bounds = [None] + starts[1:] + [None] if starts else [None, None]
    return list(zip(bounds, bounds[1:]))


def _in_range(column, low: int | None, high: int | None, last: int | None = None) -> list:
    conditions = []
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column < high)
    if last is not None:
        conditions.append(column <= last)
    return conditions


def _advance(n: int):
    """``done + n``, never past ``total`` (answers submitted during the run are not in it)."""
    done, total = SummaryRun.__table__.c.done, SummaryRun.__table__.c.total
    return case((done + n > total, total), else_=done + n)


def _chunk_done(run_id: int, answers: int, reused: int = 0, analysed: int = 0) -> bool:
    """Count a chunk done, in the transaction of its writes, and commit: one UPDATE that
    decrements ``pending_chunks`` and returns it, so that of chunks finishing at the same
    moment exactly one sees 0 (PostgreSQL locks the row; SQLite has one writer). True for
    that one. A run that failed meanwhile is left alone (and the writes rolled back)."""
    runs = SummaryRun.__table__
    remaining = db.session.execute(
        update(runs).where(runs.c.id == run_id, runs.c.status == RunStatus.RUNNING.value)
        .values(done=_advance(answers), reused=runs.c.reused + reused, analysed=runs.c.analysed + analysed,
                pending_chunks=runs.c.pending_chunks - 1, progress_at=utcnow())
        .returning(runs.c.pending_chunks)).scalar_one_or_none()
    if remaining is None:
        db.session.rollback()
        return False
    db.session.commit()
    return remaining == 0


def _is_running(run_id: int) -> bool:
    return db.session.scalar(db.select(SummaryRun.status).where(SummaryRun.id == run_id)) == RunStatus.RUNNING.value


def _correction(consultation_id, question_id, answer_id, kind: CorrectionKind, before, after, theme_id=None) -> dict:
    return {"consultation_id": consultation_id, "question_id": question_id, "answer_id": answer_id,
            "theme_id": theme_id, "kind": kind.value, "source": CorrectionSource.MACHINE.value,
            "before": str(before)[:300], "after": str(after)[:300], "user_id": None, "created_at": utcnow()}


# --- step 1: the coordinator ------------------------------------------------------

def _submitted(question_id: int):
    """The question's answers in submitted responses (blank ones too: they are skipped later)."""
    return (db.select(Answer.id, Answer.value).join(Response, Answer.response_id == Response.id)
            .where(Answer.question_id == question_id, Response.submitted_at.is_not(None)))


def _plan(run_id: int) -> list[Chunk] | None:
    """Split every open question's answers into chunks by answer id; record the run as
    running with its total and chunk counts. None: the run is not waiting to start."""
    run = db.session.get(SummaryRun, run_id)
    if run is None or run.status != RunStatus.QUEUED.value:
        return None
    size = _chunk_size()
    questions = db.session.get(Survey, run.survey_id).ordered_questions()
    # What chunks of earlier runs left (a run whose worker died) is of no use any more.
    earlier = db.select(SummaryRun.id).where(SummaryRun.consultation_id == run.consultation_id, SummaryRun.id != run_id)
    db.session.execute(delete(SummaryChunk.__table__).where(SummaryChunk.__table__.c.run_id.in_(earlier)))
    plan: list[Chunk] = []
    total = len(questions)
    for question in questions:
        if not is_analysed(question):
            continue
        answers = _submitted(question.id).subquery()
        count, last = db.session.execute(db.select(db.func.count(), db.func.max(answers.c.id))).one()
        # Past campaigns.LARGE answers the campaigns are found by MinHash alone: the chunks sign their answers.
        signed = count > campaign_module.LARGE
        plan += [(question.id, low, high, last, signed) for low, high in _bounds(answers, size)]
        total += 2 * count   # labelled, then given a theme
    run.total, run.chunks, run.pending_chunks = total, len(plan), len(plan)
    run.status = RunStatus.RUNNING.value
    run.started_at = run.progress_at = utcnow()
    db.session.commit()
    return plan


# --- step 2: labels per chunk -------------------------------------------------------

def _analyse_chunk(run_id: int, question_id: int, low: int | None, high: int | None, last: int | None,
                   signed: bool = True) -> bool:
    """Language, sentiment and stance for one chunk, written in bulk, with what the next
    step needs of the chunk (``SummaryChunk``: ids, signatures when ``signed``, the sum of
    its answers); True for the chunk that finished last."""
    if not _is_running(run_id):
        return False  # the run failed (another chunk) or ended
    consultation_id = db.session.scalar(db.select(SummaryRun.consultation_id).where(SummaryRun.id == run_id))
    answers = db.session.execute(_submitted(question_id).where(*_in_range(Answer.id, low, high, last))
                                 .order_by(Answer.id)).all()
    table = SummaryAnswer.__table__
    stored = {answer_id: (digest, sentiment, stance) for answer_id, digest, sentiment, stance in db.session.execute(
        db.select(table.c.answer_id, table.c.text_hash, table.c.sentiment, table.c.stance).where(
            table.c.question_id == question_id, *_in_range(table.c.answer_id, low, high, last)))}
    now = utcnow()
    memo: dict[str, object] = {}
    new, changed, corrections = [], [], []
    kept_ids, kept_texts = [], []
    answer_sum = 0
    reused = analysed = 0
    for answer_id, text in answers:
        if not (isinstance(text, str) and text.strip()):
            continue
        digest = _text_hash(text)
        kept_ids.append(answer_id)
        kept_texts.append(text)
        answer_sum += _answer_number(answer_id, digest)
        before = stored.pop(answer_id, None)
        if before is not None and before[0] == digest:
            reused += 1
            continue
        analysis = memo.get(digest)
        if analysis is None:
            analysis = memo[digest] = analyse_answer(text)
        values = {"text_hash": digest, "language": analysis.language, "sentiment": analysis.sentiment.label,
                  "polarity": float(analysis.sentiment.polarity), "stance": analysis.stance.stance, "analysed_at": now}
        if before is None:
            new.append({"answer_id": answer_id, "question_id": question_id, **values})
        else:
            for kind, old, label in ((CorrectionKind.SENTIMENT, before[1], values["sentiment"]),
                                     (CorrectionKind.STANCE, before[2], values["stance"])):
                if old != label:
                    corrections.append(_correction(consultation_id, question_id, answer_id, kind, old, label))
            changed.append({"key": answer_id, **values})
        analysed += 1
    if new:
        db.session.execute(insert(table), new)
    if changed:
        db.session.execute(update(table).where(table.c.answer_id == bindparam("key")), changed)
    if corrections:
        db.session.execute(insert(SummaryCorrection.__table__), corrections)
    if stored:  # answers removed since the last run (an erased response) lose their stored labels
        db.session.execute(delete(table).where(table.c.answer_id.in_(list(stored))))
    signatures = eligible = None
    if signed and kept_texts:
        signed_rows, fit = MinHashIndex().sign(kept_texts)
        signatures, eligible = signed_rows.astype("<u4").tobytes(), fit.astype(np.uint8).tobytes()
    chunks = SummaryChunk.__table__
    db.session.execute(delete(chunks).where(chunks.c.run_id == run_id, chunks.c.question_id == question_id,
                                            chunks.c.low == (low or 0)))   # a chunk job run again
    db.session.execute(insert(chunks).values(
        run_id=run_id, question_id=question_id, low=low or 0, answers=len(kept_ids),
        answer_sum=f"{answer_sum % 2**256:064x}", answer_ids=np.asarray(kept_ids, dtype="<i8").tobytes(),
        signatures=signatures, eligible=eligible))
    return _chunk_done(run_id, len(answers), reused, analysed)


def _answer_number(answer_id: int, digest: str) -> int:
    """An answer (its id and text hash) as a 256-bit number; their sum modulo 2**256 is a
    hash of a set of answers that chunks add up in any cut (``SummaryChunk.answer_sum``)."""
    return int.from_bytes(hashlib.sha256(f"{answer_id}\x1f{digest}".encode("ascii")).digest(), "big")


# --- step 3: campaigns and theme models per question -----------------------------------

def _pages(stmt):
    """Rows of ``stmt`` (first column ``summary_answer.answer_id``) in pages of ``PAGE`` by
    answer id; each page its own query, so nothing is held open between pages."""
    key = SummaryAnswer.__table__.c.answer_id
    after = -1
    while True:
        page = db.session.execute(stmt.where(key > after).order_by(key).limit(PAGE)).all()
        if not page:
            return
        yield page
        after = page[-1][0]


def _chunks(run_id: int, question_id: int) -> list:
    """The question's chunks of this run in order: ``id``, ``answers``, ``answer_sum`` and
    whether they are ``signed``; not their answer ids and signatures, which only a question
    that is fitted again needs (``_chunk_arrays`` reads them, a chunk at a time)."""
    table = SummaryChunk.__table__
    return db.session.execute(db.select(table.c.id, table.c.answers, table.c.answer_sum,
                                        table.c.signatures.is_not(None).label("signed"))
                              .where(table.c.run_id == run_id, table.c.question_id == question_id)
                              .order_by(table.c.low)).all()


def _chunk_arrays(chunks, signed: bool) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The answer id of each position and, when ``signed``, the signature and eligibility
    of each, filled chunk by chunk into arrays made once: a million answers hold 8 MB of
    ids and 256 MB of signatures, never twice over."""
    table = SummaryChunk.__table__
    ids = np.empty(sum(chunk.answers for chunk in chunks), dtype=np.int64)
    signatures = eligible = None
    position = 0
    for chunk in chunks:
        if not chunk.answers:
            continue
        row = db.session.execute(db.select(table.c.answer_ids, table.c.signatures, table.c.eligible)
                                 .where(table.c.id == chunk.id)).one()
        end = position + chunk.answers
        ids[position:end] = np.frombuffer(row.answer_ids, dtype="<i8")
        if signed:
            rows = np.frombuffer(row.signatures, dtype="<u4").reshape(chunk.answers, -1)
            if signatures is None:
                signatures = np.empty((len(ids), rows.shape[1]), dtype=np.uint32)
                eligible = np.empty(len(ids), dtype=bool)
            signatures[position:end] = rows
            eligible[position:end] = np.frombuffer(row.eligible, dtype=np.uint8) != 0
        position = end
    return ids, signatures, eligible


def _input_hash(chunks) -> str:
    """Over the question's answers (ids and text hashes: the chunks' sum) and the settings."""
    total = sum(int(chunk.answer_sum, 16) for chunk in chunks) % 2**256
    return cache_key("summary-question", [f"{total:064x}"], SETTINGS)


def _campaigns_and_themes(run_id: int) -> list[tuple[int, int | None, int | None]] | None:
    """Fit campaigns and themes of every open question whose answers changed; store them and
    the theme model; return the chunks that assign the themes. None: the run is not running."""
    run = db.session.get(SummaryRun, run_id)
    if run is None or run.status != RunStatus.RUNNING.value:
        return None
    size = _chunk_size()
    plan = []
    for question in db.session.get(Survey, run.survey_id).ordered_questions():
        if not is_analysed(question):
            continue
        row = _question_row(run, question)
        chunks = _chunks(run_id, question.id)
        input_hash = _input_hash(chunks)
        if row.input_hash == input_hash:
            _drop_chunks(run_id, question.id)
            continue
        fit, ids = _fit(question.id, chunks)
        del chunks
        row.campaigns = [{"number": c.id, "size": c.size, "template": c.template,
                          "answer_ids": ids[list(c.members)].tolist()} for c in fit.campaigns.campaigns]
        themes = {number: theme.id for number, theme in _match_themes(question, fit.themes, ids).items()}
        row.theme_model = pickle.dumps((fit.assigner, themes), protocol=pickle.HIGHEST_PROTOCOL)
        row.input_hash = input_hash   # cleared by _fail when a later step fails
        row.analysed_at = utcnow()
        _drop_chunks(run_id, question.id)
        db.session.commit()
        stored = db.select(SummaryAnswer.answer_id.label("id")).where(SummaryAnswer.question_id == question.id).subquery()
        plan += [(question.id, low, high) for low, high in _bounds(stored, size)]
    run.chunks += len(plan)
    run.pending_chunks = len(plan)
    run.progress_at = utcnow()
    db.session.commit()
    return plan


def _drop_chunks(run_id: int, question_id: int) -> None:
    table = SummaryChunk.__table__
    db.session.execute(delete(table).where(table.c.run_id == run_id, table.c.question_id == question_id))


def _fit(question_id: int, chunks) -> tuple:
    """Campaigns and theme model of the question's stored answers, and the answer id of
    each position (a numpy array, 8 bytes an answer). Past ``campaigns.LARGE`` answers,
    signed by the chunks: ``fit_signed`` on their signatures, reading only the sample's
    texts and the campaign templates by id. Else ``fit_corpus`` over the texts, streamed
    by answer id (up to ``LARGE`` they are compared with TF-IDF, in memory)."""
    signed = (sum(chunk.answers for chunk in chunks) > campaign_module.LARGE
              and all(chunk.signed or not chunk.answers for chunk in chunks))
    ids, signatures, eligible = _chunk_arrays(chunks, signed)

    def texts_at(positions: list[int]) -> list[str]:
        wanted = [int(ids[p]) for p in positions]
        found = {}
        for start in range(0, len(wanted), 1000):
            for answer_id, text in db.session.execute(db.select(Answer.id, Answer.value)
                                                      .where(Answer.id.in_(wanted[start:start + 1000]))):
                found[answer_id] = text
        return [found.get(answer_id, "") for answer_id in wanted]

    if signed:
        return fit_signed(signatures, eligible, texts_at, SETTINGS), ids

    table = SummaryAnswer.__table__

    def texts():
        stmt = (db.select(table.c.answer_id, Answer.value).join(Answer, Answer.id == table.c.answer_id)
                .where(table.c.question_id == question_id))
        for page in _pages(stmt):
            for _answer_id, text in page:
                yield text

    fit = fit_corpus(texts, SETTINGS, texts_at=texts_at)
    if fit.rows != len(ids):   # the chunks and the stored answers must be the same answers, position for position
        raise RuntimeError(f"question {question_id}: {fit.rows} stored answers, but the chunks hold {len(ids)}")
    return fit, ids


# --- step 4: themes per chunk ------------------------------------------------------

def _assign_chunk(run_id: int, question_id: int, low: int | None, high: int | None) -> bool:
    """Theme and campaign of one chunk's answers, changes logged, written in bulk; True for
    the chunk that finished last."""
    if not _is_running(run_id):
        return False
    consultation_id = db.session.scalar(db.select(SummaryRun.consultation_id).where(SummaryRun.id == run_id))
    model, campaigns = db.session.execute(db.select(SummaryQuestion.theme_model, SummaryQuestion.campaigns)
                                          .where(SummaryQuestion.question_id == question_id)).one()
    # Written by step 3 of this run into the platform's own database, never from outside.
    assigner, theme_ids = pickle.loads(model)  # nosec B301 - our own job's output, as trusted as the database
    campaign_of = {answer_id: c["number"] for c in campaigns or [] for answer_id in c["answer_ids"]}
    table = SummaryAnswer.__table__
    entries = db.session.execute(
        db.select(table.c.answer_id, Answer.value, table.c.theme_id, table.c.campaign)
        .join(Answer, Answer.id == table.c.answer_id)
        .where(table.c.question_id == question_id, *_in_range(table.c.answer_id, low, high))
        .order_by(table.c.answer_id)).all()
    new_campaigns = [campaign_of.get(answer_id, 0) for answer_id, *_ in entries]
    numbers = assigner.of([text for _, text, _, _ in entries], new_campaigns)
    changed: dict[tuple, list[int]] = defaultdict(list)   # (theme, campaign) -> the answers that get them
    corrections = []
    for (answer_id, _text, theme_id, campaign), number, new_campaign in zip(entries, numbers, new_campaigns):
        new_theme = theme_ids[number] if number else None
        new_campaign = new_campaign or None
        if theme_id is not None and theme_id != new_theme:
            corrections.append(_correction(consultation_id, question_id, answer_id, CorrectionKind.MOVE,
                                           theme_id or "-", new_theme or "-", new_theme))
        if (theme_id, campaign) != (new_theme, new_campaign):
            changed[(new_theme, new_campaign)].append(answer_id)
    # One UPDATE per theme and campaign (a dozen themes; campaigns are few), not one per
    # answer: a chunk of 5,000 answers is a few statements for the database.
    for (new_theme, new_campaign), answer_ids in changed.items():
        for start in range(0, len(answer_ids), 1000):
            db.session.execute(update(table).where(table.c.answer_id.in_(answer_ids[start:start + 1000]))
                               .values(theme_id=new_theme, campaign=new_campaign))
    if corrections:
        db.session.execute(insert(SummaryCorrection.__table__), corrections)
    return _chunk_done(run_id, len(entries))


# --- step 5: the figures ------------------------------------------------------------

def _finish(run_id: int) -> None:
    run = db.session.get(SummaryRun, run_id)
    if run is None or run.status != RunStatus.RUNNING.value:
        return
    survey = db.session.get(Survey, run.survey_id)
    run.respondents, run.responses = respondent_figures(survey)
    db.session.commit()
    for question in survey.ordered_questions():
        if is_analysed(question):
            _question_row(run, question)
            db.session.flush()
            refresh_figures(question.id)
        else:
            _summarise_question(run, question, _closed_values(question))
        run.done = min(run.done + 1, run.total)
        run.progress_at = utcnow()
        db.session.commit()
    run.done = run.total
    run.status = RunStatus.DONE.value
    run.finished_at = utcnow()
    db.session.commit()


def _closed_values(question: Question) -> dict[str, list]:
    """The question's answers per respondent category. Counted in the database, one row per
    distinct answer and category (a choice among a million answers is a handful of rows),
    each value decoded once."""
    values: dict[str, list] = defaultdict(list)
    stored = db.cast(Answer.value, db.Text)   # PostgreSQL's json type cannot be grouped; its text can
    stmt = (db.select(stored, Response.respondent_category, db.func.count())
            .join(Response, Answer.response_id == Response.id)
            .where(Answer.question_id == question.id, Response.submitted_at.is_not(None))
            .group_by(stored, Response.respondent_category).order_by(Response.respondent_category, stored))
    for text, category, count in db.session.execute(stmt):
        values[category or ""].extend([None if text is None else json.loads(text)] * count)
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


def _match_themes(question: Question, found, ids) -> dict[int, SummaryTheme]:
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
        best.representative_ids = [int(ids[i]) for i in theme.representatives]
        best.is_retired = False
        matched[theme.id] = best
    for theme in free:
        theme.is_retired = True
    db.session.flush()
    return matched

def theme_sizes(question_id: int) -> Counter:
    """Answers per stored machine theme (tests, diagnostics)."""
    return Counter(db.session.scalars(db.select(SummaryAnswer.theme_id).where(SummaryAnswer.question_id == question_id)))
