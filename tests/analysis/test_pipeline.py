"""The whole analysis, and the labelled consultation set it is measured on."""
from __future__ import annotations

from collections import Counter

from moderation.analysis.pipeline import analyse_answer, analyse_answers
from moderation.analysis.synthetic import answers


def test_one_answer_gets_language_sentiment_and_stance():
    result = analyse_answer("Ik ben tegen het voorstel. De risico's zijn te groot.")
    assert result.language == "nl"
    assert result.sentiment.label == "negative" and result.sentiment.polarity < 0
    assert result.stance.stance == "opposes" and "ben tegen" in result.stance.evidence


def test_a_corpus_gets_campaigns_and_themes_with_the_campaign_counted_once():
    texts, planted = answers(400, seed=3, campaign_copies=60)
    result = analyse_answers(texts)
    assert len(result.answers) == 400
    campaign = result.campaigns.campaigns[0]
    assert set(campaign.members) == planted
    assert sum(theme.size for theme in result.themes.themes) <= 400 - 60 + 1
    assert len({result.themes.theme_of[i] for i in planted}) == 1


def test_the_labelled_set_is_large_balanced_and_split(labelled):
    assert len(labelled) >= 150
    assert {row["split"] for row in labelled} == {"tune", "heldout"}
    assert Counter(row["split"] for row in labelled)["heldout"] >= 75
    assert {row["sentiment"] for row in labelled} == {"positive", "negative", "neutral"}
    assert {row["stance"] for row in labelled} == {"supports", "opposes", "mixed", "unclear"}
    assert {row["topic"] for row in labelled} == {"ngt", "kweekvlees", "fermentatie", "gentherapie"}
    assert len({row["text"] for row in labelled}) == len(labelled)


def test_file_analysis_in_worker_processes_writes_the_same_file(tmp_path):
    import csv

    from moderation.analysis.fileio import analyse_file

    texts, _ = answers(600, seed=5, campaign_copies=40)
    source = tmp_path / "answers.csv"
    with source.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["text"])
        writer.writerows([t] for t in texts)
    one = analyse_file(source, tmp_path / "one.csv", workers=1)
    two = analyse_file(source, tmp_path / "two.csv", workers=2)
    assert one == two and one.rows == 600 and one.campaign_copies == 40
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
