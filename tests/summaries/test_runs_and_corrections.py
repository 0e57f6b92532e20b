"""Analysis runs (stored per answer and per question, reused when unchanged) and the
corrections that survive re-analysis, with their history."""
from __future__ import annotations

import pytest

from inspraak.accounts.models import Role
from inspraak.consultations import services as consultation_services
from inspraak.errors import DomainError
from inspraak.extensions import db
from moderation.summaries import corrections, runs
from moderation.summaries.lookups import themes_of
from moderation.summaries.models import RunStatus, SummaryAnswer, SummaryCorrection, SummaryQuestion
from surveys.models import Answer


def _result(answer_id: int) -> SummaryAnswer:
    return db.session.scalar(db.select(SummaryAnswer).where(SummaryAnswer.answer_id == answer_id))


def _analysed(consultation_with_responses):
    """45 responses, analysed by the consultation's officer; the open question's themes."""
    consultation, _survey, questions, fill = consultation_with_responses
    officer = consultation.owner
    fill(45)
    runs.start_analysis(officer, consultation)
    return consultation, questions, fill, officer, themes_of(questions["open"].id)


def _analysed_answer_in_a_theme(consultation_with_responses):
    """As ``_analysed``; the open question's first theme and one of its answers (no campaign)."""
    consultation, questions, fill, officer, themes = _analysed(consultation_with_responses)
    question_id = questions["open"].id
    first = themes[0]
    answer_id = db.session.scalars(db.select(SummaryAnswer.answer_id).where(
        SummaryAnswer.question_id == question_id, SummaryAnswer.theme_id == first.id,
        SummaryAnswer.campaign.is_(None))).first()
    return consultation, questions, fill, officer, question_id, first, answer_id


def _figures(question) -> dict:
    db.session.expire_all()
    return db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == question.id)).figures


def test_an_analysis_stores_results_and_a_second_run_reuses_them(consultation_with_responses):
    consultation, survey, questions, fill = consultation_with_responses
    fill(40, campaign=5)
    run = runs.start_analysis(consultation.owner, consultation)   # inline jobs in tests
    assert run.status == RunStatus.DONE.value and run.percent == 100
    assert run.analysed == 45 and run.reused == 0 and run.responses == 45
    figures = _figures(questions["open"])
    assert figures["answered"]["all"] == 45
    assert sum(counts.get("all", 0) for _label, counts in figures["sentiment"]) == 45
    assert any(c["size"] == 5 and "Eerlijk Zaad" in c["template"] for c in figures["campaigns"])
    # A campaign counts once in the themes.
    themed = sum(t["counts"]["all"] for t in figures["themes"]) + figures["unthemed"].get("all", 0)
    assert themed == 45 - sum(c["size"] - 1 for c in figures["campaigns"])
    closed = _figures(questions["choice"])
    assert closed["kind"] == "closed" and sum(c["all"] for _l, c in closed["distribution"]) == 45

    again = runs.start_analysis(consultation.owner, consultation)
    assert again.analysed == 0 and again.reused == 45

    # One changed answer is analysed again; the rest is reused.
    answer = db.session.scalar(db.select(Answer).where(Answer.question_id == questions["open"].id).order_by(Answer.id))
    answer.value = "Ik ben fel tegen dit slechte voorstel, het is gevaarlijk en onverantwoord."
    db.session.commit()
    third = runs.start_analysis(consultation.owner, consultation)
    assert third.analysed == 1 and third.reused == 44
    assert _result(answer.id).sentiment == "negative"


def test_human_corrections_survive_reanalysis_and_are_recorded(consultation_with_responses, build):
    consultation, survey, questions, fill = consultation_with_responses
    officer = consultation.owner
    fill(45)
    runs.start_analysis(officer, consultation)
    themes = themes_of(questions["open"].id)
    assert len(themes) >= 2
    first, second = themes[0], themes[1]
    corrections.rename_theme(officer, first, "Keuzevrijheid en etiket")
    answer_id = db.session.scalars(db.select(SummaryAnswer.answer_id).where(
        SummaryAnswer.question_id == questions["open"].id, SummaryAnswer.theme_id == first.id)).first()
    result = _result(answer_id)
    corrections.move_answer(officer, result, second)
    corrections.correct_labels(officer, result, sentiment="negative", stance="opposes")

    # New responses arrive; the analysis runs again (and finds its themes afresh).
    fill(10, start=100)
    runs.start_analysis(officer, consultation)
    db.session.expire_all()
    assert db.session.get(type(first), first.id).name == "Keuzevrijheid en etiket"
    result = _result(answer_id)
    assert result.theme_override_id == second.id
    assert (result.effective_sentiment, result.effective_stance) == ("negative", "opposes")
    names = [t["name"] for t in _figures(questions["open"])["themes"]]
    assert "Keuzevrijheid en etiket" in names

    history = list(db.session.scalars(db.select(SummaryCorrection).where(
        SummaryCorrection.consultation_id == consultation.id, SummaryCorrection.source == "human")
        .order_by(SummaryCorrection.id)))
    assert [h.kind for h in history][:3] == ["rename", "move", "sentiment"]
    assert history[0].user_id == officer.id and history[0].after == "Keuzevrijheid en etiket"
    assert history[0].created_at is not None and history[0].before


def test_an_answer_taken_out_of_every_theme_stays_out_after_reanalysis(consultation_with_responses):
    from moderation.summaries.data import theme_references
    from moderation.summaries.figures import effective_theme
    from moderation.summaries.lookups import all_themes, answers_in_theme

    consultation, questions, fill, officer, question_id, first, answer_id = _analysed_answer_in_a_theme(
        consultation_with_responses)

    def in_themes() -> int:
        return sum(t["counts"]["all"] for t in _figures(questions["open"])["themes"])

    before = in_themes()
    corrections.move_answer(officer, _result(answer_id), None)
    assert in_themes() == before - 1

    fill(10, start=100)
    runs.start_analysis(officer, consultation)   # the machine puts the answer in a theme again
    db.session.expire_all()
    result = _result(answer_id)
    assert result.theme_id is not None and result.theme_cleared
    assert effective_theme(result, all_themes(question_id)) is None
    for theme in themes_of(question_id):
        assert answer_id not in [a.id for a, _r in answers_in_theme(theme)]
    reference = db.session.get(Answer, answer_id).response.reference
    assert all(reference not in refs for refs in theme_references(consultation.id, question_id).values())
    # Putting it in a theme again ends the "no theme" choice.
    corrections.move_answer(officer, _result(answer_id), first)
    assert not _result(answer_id).theme_cleared and _result(answer_id).chosen_theme_id == first.id


def test_merge_and_split(consultation_with_responses):
    consultation, questions, fill, officer, themes = _analysed(consultation_with_responses)
    first, second = themes[:2]
    before = {t["id"]: t["counts"]["all"] for t in _figures(questions["open"])["themes"]}
    corrections.merge_themes(officer, second, first)
    after = {t["id"]: t["counts"]["all"] for t in _figures(questions["open"])["themes"]}
    assert second.id not in after and after[first.id] == before[first.id] + before[second.id]

    members = list(db.session.scalars(db.select(SummaryAnswer.answer_id).where(
        SummaryAnswer.question_id == questions["open"].id, SummaryAnswer.theme_id == second.id,
        SummaryAnswer.campaign.is_(None))))[:3]
    new = corrections.split_theme(officer, first, "Afhankelijkheid van zaadbedrijven", members)
    split = {t["id"]: t["counts"]["all"] for t in _figures(questions["open"])["themes"]}
    assert split[new.id] == 3 and split[first.id] == after[first.id] - 3
    # The merge and the split stay after a re-analysis.
    runs.start_analysis(officer, consultation)
    again = {t["id"]: t["counts"]["all"] for t in _figures(questions["open"])["themes"]}
    assert again == split


def test_closing_a_consultation_starts_the_analysis(consultation_with_responses):
    consultation, survey, questions, fill = consultation_with_responses
    fill(12)
    assert runs.latest_run(consultation) is None
    consultation_services.close_consultation(consultation.owner, consultation)
    run = runs.latest_run(consultation)
    assert run is not None and run.status == RunStatus.DONE.value and run.responses == 12


def test_a_failed_run_is_marked_failed(consultation_with_responses, monkeypatch):
    consultation, survey, questions, fill = consultation_with_responses
    fill(5)

    def broken(text):
        raise RuntimeError("lexicon missing")

    monkeypatch.setattr(runs, "analyse_answer", broken)
    try:
        runs.start_analysis(consultation.owner, consultation)
    except RuntimeError:
        pass
    run = runs.latest_run(consultation)
    assert run.status == "failed" and "lexicon missing" in run.error


def test_a_long_run_that_keeps_making_progress_is_not_taken_for_dead(consultation_with_responses):
    """A run asked for hours ago whose chunks still finish blocks a second run; one whose
    last progress is older than STALE_AFTER died with its worker and does not."""
    from datetime import timedelta

    from inspraak.database import utcnow
    from inspraak.errors import DomainError
    from inspraak.extensions import db
    from moderation.summaries.models import SummaryRun

    consultation, survey, questions, fill = consultation_with_responses
    fill(3)
    long_ago = utcnow() - runs.STALE_AFTER - timedelta(hours=3)
    running = SummaryRun(consultation_id=consultation.id, survey_id=survey.id, status="running",
                         created_at=long_ago, started_at=long_ago, progress_at=utcnow() - timedelta(minutes=5))
    db.session.add(running)
    db.session.commit()
    with pytest.raises(DomainError):
        runs.start_analysis(consultation.owner, consultation)
    running.progress_at = utcnow() - runs.STALE_AFTER - timedelta(minutes=1)
    db.session.commit()
    assert runs.start_analysis(consultation.owner, consultation).status == "done"


def test_a_merged_theme_is_not_renamed_merged_or_split_again_and_a_resent_merge_is_logged_once(
        consultation_with_responses):
    """A resent form or an old tab renamed a merged theme, logged the merge twice, and a second
    merge into another theme silently undid the first."""
    consultation, questions, fill, officer, themes = _analysed(consultation_with_responses)
    first, second, *rest = themes
    corrections.merge_themes(officer, second, first)
    corrections.merge_themes(officer, second, first)  # sent again
    merges = db.session.scalar(db.select(db.func.count(SummaryCorrection.id)).where(SummaryCorrection.kind == "merge"))
    assert merges == 1
    with pytest.raises(DomainError, match="samengevoegd"):
        corrections.rename_theme(officer, second, "Een nieuwe naam")
    if rest:
        with pytest.raises(DomainError, match="samengevoegd"):
            corrections.merge_themes(officer, second, rest[0])
    with pytest.raises(DomainError, match="samengevoegd"):
        corrections.split_theme(officer, second, "Apart", [1])
    assert db.session.get(type(second), second.id).merged_into_id == first.id


def test_two_themes_of_a_question_cannot_share_a_name(consultation_with_responses):
    consultation, questions, fill, officer, themes = _analysed(consultation_with_responses)
    first, second = themes[:2]
    with pytest.raises(DomainError, match="heet al zo"):
        corrections.rename_theme(officer, second, f"  {first.name.upper()} ")
    corrections.rename_theme(officer, first, first.name.upper())  # its own name in other letters: fine


def test_an_answer_with_a_theme_can_be_moved_to_no_theme_on_its_page(consultation_with_responses, signed_in):
    consultation, questions, fill, officer, question_id, first, answer_id = _analysed_answer_in_a_theme(
        consultation_with_responses)
    client = signed_in(officer)
    url = f"/moderatie/samenvattingen/{consultation.slug}/antwoorden/{answer_id}"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="0">Geen thema</option>' in page
    result = _result(answer_id)
    response = client.post(url, data={"theme": "0", "sentiment": result.effective_sentiment,
                                      "stance": result.effective_stance})
    assert response.status_code == 302
    db.session.expire_all()
    assert _result(answer_id).theme_cleared and _result(answer_id).theme_override_id is None
