"""The analysis run in chunks (runs.py): split into several chunk jobs it stores the same
labels, themes, campaigns and corrections as in one; unchanged answers are reused; a
failed chunk fails the run; and when chunk jobs finish at the same moment on PostgreSQL,
exactly one of them is the last (and queues the finishing job)."""
from __future__ import annotations

import math
import threading

import pytest

from inspraak.extensions import db
from moderation.summaries import runs
from moderation.summaries.models import (
    RunStatus, SummaryAnswer, SummaryChunk, SummaryCorrection, SummaryQuestion, SummaryRun, SummaryTheme,
)
from surveys.models import Answer


def _snapshot(question_id: int) -> dict:
    """Everything the analysis stored for a question, by answer id and theme terms (row ids differ)."""
    db.session.expire_all()
    themes = {t.id: t for t in db.session.scalars(db.select(SummaryTheme).where(SummaryTheme.question_id == question_id))}
    answers = {a.answer_id: (a.text_hash, a.language, a.sentiment, round(a.polarity, 6), a.stance, a.campaign,
                             tuple(themes[a.theme_id].terms) if a.theme_id else None)
               for a in db.session.scalars(db.select(SummaryAnswer).where(SummaryAnswer.question_id == question_id))}
    row = db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == question_id))
    live = sorted((t.machine_label, tuple(t.terms), tuple(t.representative_ids)) for t in themes.values() if not t.is_retired)
    figures = dict(row.figures)
    figures["themes"] = sorted((t["name"], t["counts"]["all"]) for t in figures["themes"])
    return {"answers": answers, "themes": live, "campaigns": row.campaigns, "input_hash": row.input_hash,
            "figures": figures}


def _forget_analysis(consultation_id: int, question_id: int) -> None:
    for model in (SummaryCorrection, SummaryAnswer):
        db.session.execute(db.delete(model).where(model.question_id == question_id))
    db.session.execute(db.delete(SummaryTheme).where(SummaryTheme.question_id == question_id))
    db.session.execute(db.delete(SummaryQuestion).where(SummaryQuestion.consultation_id == consultation_id))
    db.session.commit()


def test_a_run_in_chunks_stores_what_one_chunk_stores(app, consultation_with_responses):
    consultation, survey, questions, fill = consultation_with_responses
    open_q = questions["open"]
    fill(40, campaign=5)
    app.config["ANALYSIS_CHUNK_SIZE"] = 7
    run = runs.start_analysis(consultation.owner, consultation)
    assert run.status == RunStatus.DONE.value, run.error
    assert run.chunks == 2 * math.ceil(45 / 7) and run.pending_chunks == 0   # labels, then themes
    assert (run.analysed, run.reused, run.percent) == (45, 0, 100)
    in_chunks = _snapshot(open_q.id)
    assert len(in_chunks["answers"]) == 45 and in_chunks["themes"]
    assert any(c["size"] == 5 and "Eerlijk Zaad" in c["template"] for c in in_chunks["campaigns"])

    _forget_analysis(consultation.id, open_q.id)
    app.config["ANALYSIS_CHUNK_SIZE"] = 10_000
    whole = runs.start_analysis(consultation.owner, consultation)
    assert whole.chunks == 2 and whole.status == RunStatus.DONE.value
    assert _snapshot(open_q.id) == in_chunks

    # The same corrections by the machine, whichever chunk holds the changed answers.
    app.config["ANALYSIS_CHUNK_SIZE"] = 7
    changed = list(db.session.scalars(db.select(Answer).where(Answer.question_id == open_q.id).order_by(Answer.id)))
    before = {a.id: (_stored(a.id).sentiment, _stored(a.id).stance) for a in changed[::9]}
    for answer in changed[::9]:
        answer.value = "Ik ben fel tegen dit slechte voorstel, het is gevaarlijk en onverantwoord."
    db.session.commit()
    again = runs.start_analysis(consultation.owner, consultation)
    assert (again.analysed, again.reused) == (len(before), 45 - len(before))
    logged = {(c.answer_id, c.kind, c.before, c.after) for c in db.session.scalars(db.select(SummaryCorrection).where(
        SummaryCorrection.question_id == open_q.id, SummaryCorrection.kind.in_(["sentiment", "stance"])))}
    expected = set()
    for answer_id, (sentiment, stance) in before.items():
        now = _stored(answer_id)
        assert now.sentiment == "negative"
        if sentiment != now.sentiment:
            expected.add((answer_id, "sentiment", sentiment, now.sentiment))
        if stance != now.stance:
            expected.add((answer_id, "stance", stance, now.stance))
    assert logged == expected and expected


def _stored(answer_id: int) -> SummaryAnswer:
    return db.session.scalar(db.select(SummaryAnswer).where(SummaryAnswer.answer_id == answer_id))


def test_an_erased_answer_loses_its_labels_in_its_chunk(app, consultation_with_responses):
    consultation, survey, questions, fill = consultation_with_responses
    fill(20)
    app.config["ANALYSIS_CHUNK_SIZE"] = 6
    runs.start_analysis(consultation.owner, consultation)
    ids = list(db.session.scalars(db.select(Answer.id).where(Answer.question_id == questions["open"].id).order_by(Answer.id)))
    for answer_id in (ids[0], ids[8], ids[-1]):   # the first, a middle and the last chunk
        db.session.get(Answer, answer_id).value = "   "
    db.session.commit()
    run = runs.start_analysis(consultation.owner, consultation)
    assert run.status == RunStatus.DONE.value and run.reused == 17
    stored = set(db.session.scalars(db.select(SummaryAnswer.answer_id).where(
        SummaryAnswer.question_id == questions["open"].id)))
    assert stored == set(ids) - {ids[0], ids[8], ids[-1]}


def test_a_failed_chunk_fails_the_run_and_stops_the_rest(app, consultation_with_responses, monkeypatch):
    consultation, survey, questions, fill = consultation_with_responses
    fill(21)
    app.config["ANALYSIS_CHUNK_SIZE"] = 5
    third = list(db.session.scalars(db.select(Answer.value).where(Answer.question_id == questions["open"].id)
                                    .order_by(Answer.id)))[12]   # in the third chunk of five
    real = runs.analyse_answer

    def broken(text):
        if text == third:
            raise RuntimeError("lexicon missing")
        return real(text)

    monkeypatch.setattr(runs, "analyse_answer", broken)
    with pytest.raises(RuntimeError):
        runs.start_analysis(consultation.owner, consultation)
    db.session.expire_all()
    run = runs.latest_run(consultation)
    assert run.status == RunStatus.FAILED.value and "lexicon missing" in run.error
    assert run.chunks == 5 and run.pending_chunks == 3     # two chunks done, the third failed, the rest not run
    assert run.analysed == 10 and run.finished_at is not None
    assert db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == questions["open"].id)) is None


def test_a_failed_theme_chunk_fails_the_run_and_the_next_run_fits_the_themes_again(app, consultation_with_responses,
                                                                                   monkeypatch):
    from moderation.analysis.corpus import ThemeAssigner

    consultation, survey, questions, fill = consultation_with_responses
    fill(20)
    app.config["ANALYSIS_CHUNK_SIZE"] = 5
    real = ThemeAssigner.of

    def broken(self, texts, campaigns):
        raise MemoryError("no room for the themes")

    monkeypatch.setattr(ThemeAssigner, "of", broken)
    with pytest.raises(MemoryError):
        runs.start_analysis(consultation.owner, consultation)
    db.session.expire_all()
    run = runs.latest_run(consultation)
    assert run.status == RunStatus.FAILED.value and "no room for the themes" in run.error
    assert run.analysed == 20 and run.chunks == 8 and run.pending_chunks == 4
    row = db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == questions["open"].id))
    assert row.input_hash == ""   # so the next run fits the themes again

    monkeypatch.setattr(ThemeAssigner, "of", real)
    again = runs.start_analysis(consultation.owner, consultation)
    assert again.status == RunStatus.DONE.value and (again.analysed, again.reused, again.chunks) == (0, 20, 8)
    themed = db.session.scalar(db.select(db.func.count()).select_from(SummaryAnswer).where(
        SummaryAnswer.question_id == questions["open"].id, SummaryAnswer.theme_id.is_not(None)))
    assert themed > 0


def test_past_campaigns_large_the_run_finds_campaigns_by_minhash(app, consultation_with_responses, monkeypatch):
    """The path a million answers take (signatures only, templates read back by answer id), on a small set."""
    from moderation.analysis import campaigns

    consultation, survey, questions, fill = consultation_with_responses
    fill(30, campaign=5)
    app.config["ANALYSIS_CHUNK_SIZE"] = 8
    monkeypatch.setattr(campaigns, "LARGE", 10)
    run = runs.start_analysis(consultation.owner, consultation)
    assert run.status == RunStatus.DONE.value, run.error
    row = db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == questions["open"].id))
    assert any(c["size"] == 5 and "Eerlijk Zaad" in c["template"] for c in row.campaigns), row.campaigns
    copies = db.session.scalar(db.select(db.func.count()).select_from(SummaryAnswer).where(
        SummaryAnswer.question_id == questions["open"].id, SummaryAnswer.campaign.is_not(None)))
    assert copies == sum(c["size"] for c in row.campaigns)
    # The chunks signed their answers; joined, they give what MinHash finds over all the texts at once.
    stored = db.session.execute(db.select(Answer.id, Answer.value).join(SummaryAnswer, SummaryAnswer.answer_id == Answer.id)
                                .where(Answer.question_id == questions["open"].id).order_by(Answer.id)).all()
    whole = campaigns.find_campaigns([text for _, text in stored], method="minhash")
    assert [sorted(c["answer_ids"]) for c in row.campaigns] == \
           [sorted(stored[i][0] for i in c.members) for c in whole.campaigns]
    assert db.session.scalar(db.select(db.func.count()).select_from(SummaryChunk)) == 0   # dropped when used
    themes_at = row.analysed_at
    app.config["ANALYSIS_CHUNK_SIZE"] = 11   # cut otherwise, the same answers: the themes are kept
    again = runs.start_analysis(consultation.owner, consultation)
    assert again.status == RunStatus.DONE.value and again.reused == 35
    db.session.expire_all()
    assert db.session.scalar(db.select(SummaryQuestion.analysed_at).where(
        SummaryQuestion.question_id == questions["open"].id)) == themes_at


# --- PostgreSQL: two chunk jobs finishing at once -----------------------------------

@pytest.fixture
def pg_app(tmp_path):
    from tests.helpers import migrated_postgres

    with migrated_postgres(tmp_path, pool_size=6) as app:
        yield app


@pytest.mark.postgres
def test_exactly_one_of_the_chunks_finishing_together_is_the_last_on_postgresql(pg_app):
    from tests.builders import builders

    build = builders()
    survey, question = build.open_questionnaire()
    consultation = survey.consultation
    for n in range(12):
        build.imported_response(survey, {question.id: f"Antwoord {n}: een etiket op zaad geeft keuzevrijheid."})
    pg_app.config["ANALYSIS_CHUNK_SIZE"] = 3   # four chunks, run by four threads at once
    for attempt in range(5):
        run = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status=RunStatus.QUEUED.value)
        db.session.add(run)
        db.session.commit()
        run_id = run.id
        plan = runs._plan(run_id)
        assert len(plan) == 4
        barrier = threading.Barrier(len(plan))
        outcomes: list = []

        def chunk(bounds):
            with pg_app.app_context():   # its own session and connection, as on another worker
                try:
                    runs.analyse_answer("warm")   # the lexicon is loaded; the chunks then start together
                    barrier.wait()
                    outcomes.append(runs._analyse_chunk(run_id, *bounds))
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=chunk, args=(bounds,)) for bounds in plan]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == [False, False, False, True], attempt
        db.session.expire_all()
        run = db.session.get(SummaryRun, run_id)
        assert run.pending_chunks == 0 and run.done == 12 and run.analysed + run.reused == 12
        runs.campaigns_and_themes_job(run_id)   # inline: the theme chunks and the finishing job run too
        db.session.expire_all()
        assert db.session.get(SummaryRun, run_id).status == RunStatus.DONE.value


# --- who responded and the closed questions: counted in the database ------------------

def _respondents_and_closed_values_are_counted_in_the_database():
    """``respondent_figures`` and ``_closed_values`` group in SQL (GROUP BY, date()); they
    must give what counting every response in Python gives, on SQLite and PostgreSQL alike."""
    from collections import Counter, defaultdict
    from datetime import datetime, timezone

    from moderation.summaries.figures import respondent_figures
    from tests.builders import builders

    build = builders()
    survey, choice = build.open_questionnaire("multiple_choice", "Welke technieken?",
                                              options=["NGT", "Kweekvlees", "Gentherapie"])
    plan = [("citizen", None, "Utrecht", datetime(2026, 1, 4, 23, 30), ["ngt"]),             # a Sunday: week 1
            ("citizen", None, None, datetime(2026, 1, 5, 0, 10), ["ngt", "kweekvlees"]),      # Monday: week 2
            ("ngo", "Stichting Zaad", "Utrecht", datetime(2026, 1, 5, 9, 0), ["ngt"]),
            ("ngo", " Stichting Zaad ", "Zeeland", datetime(2025, 12, 29, 12, 0), []),      # ISO week 2026-W01
            ("company", "Zaad BV", None, datetime(2026, 2, 1, 8, 0), ["gentherapie"]),
            ("ngo", "Zaad BV", "Utrecht", datetime(2026, 2, 1, 9, 0), ["ngt"])]
    values = [option["value"] for option in choice.options]
    for category, organisation, province, moment, chosen in plan:
        response = build.imported_response(survey, {choice.id: [v for v in values if v in chosen]},
                                           category=category, organisation=organisation)
        response.province = province
        response.submitted_at = moment.replace(tzinfo=timezone.utc)
    db.session.commit()

    figures, total = respondent_figures(survey)
    assert total == len(plan)
    assert figures["categories"] == dict(Counter(category for category, *_ in plan))
    assert figures["provinces"] == dict(Counter(province or "" for _, _, province, _, _ in plan))
    assert figures["weeks"] == [("2026-W01", 2), ("2026-W02", 2), ("2026-W05", 2)]
    assert figures["organisation_count"] == 3
    assert figures["organisations"][0] == ["Stichting Zaad", "ngo", 2]
    assert sorted(figures["organisations"][1:]) == [["Zaad BV", "company", 1], ["Zaad BV", "ngo", 1]]

    expected = defaultdict(list)
    for category, _, _, _, chosen in plan:
        if chosen:   # nothing chosen is no answer
            expected[category].append(sorted(v for v in values if v in chosen))
    counted = runs._closed_values(choice)
    assert {c: sorted(map(sorted, v)) for c, v in counted.items()} == {c: sorted(v) for c, v in expected.items()}


def test_respondents_and_closed_values_are_counted_in_the_database(app):
    _respondents_and_closed_values_are_counted_in_the_database()


@pytest.mark.postgres
def test_respondents_and_closed_values_are_counted_in_the_database_on_postgresql(pg_app):
    _respondents_and_closed_values_are_counted_in_the_database()
