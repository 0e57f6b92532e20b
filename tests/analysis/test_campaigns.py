"""Campaigns: identical and near-identical answers, found once, with size and template."""
from __future__ import annotations

import pytest

from moderation.analysis.campaigns import MinHashIndex, find_campaigns
from moderation.analysis.synthetic import CAMPAIGN_TEMPLATE, campaign_copy, organic_answer

TEMPLATE = ("Ik ben tegen kweekvlees in de supermarkt, want we weten niet wat de gevolgen zijn voor onze "
            "gezondheid en voor de boeren in Nederland.")


def _best_match(result, planted: set[int]) -> tuple[float, float]:
    best = max(result.campaigns, key=lambda c: len(planted & set(c.members)))
    hit = len(planted & set(best.members))
    return hit / best.size, hit / len(planted)


@pytest.mark.parametrize("method", ["tfidf", "minhash"])
def test_a_planted_campaign_of_500_edited_copies_among_10000_is_found(planted, method):
    texts, copies = planted
    result = find_campaigns(texts, method=method)
    precision, recall = _best_match(result, copies)
    assert precision > 0.95 and recall > 0.95, (precision, recall)
    biggest = result.campaigns[0]
    assert biggest.id == 1 and biggest.size >= 475
    assert "genomische technieken" in biggest.template
    assert all(result.campaign_of[i] == 1 for i in biggest.members)


def test_identical_answers_and_light_edits_are_one_campaign():
    texts = [TEMPLATE] * 3 + [TEMPLATE.replace("want", "omdat"), "Beste minister, " + TEMPLATE.lower(),
                               "Dit is een heel ander antwoord over precisiefermentatie en kaas."]
    result = find_campaigns(texts)
    assert len(result.campaigns) == 1
    assert result.campaigns[0].size == 5 and result.campaigns[0].template == TEMPLATE
    assert result.campaign_of == (1, 1, 1, 1, 1, 0)


def test_different_answers_on_the_same_topic_are_no_campaign():
    import random

    rng = random.Random(4)
    texts = [organic_answer(rng) for _ in range(300)]
    result = find_campaigns(texts)
    assert result.copies <= 6  # at most a couple of chance triples among generated answers


def test_short_answers_and_pairs_are_no_campaign():
    assert find_campaigns(["Nee.", "Nee.", "Nee.", "Eens", "Eens", "Eens"]).campaigns == ()
    assert find_campaigns([TEMPLATE, TEMPLATE, "Iets anders dat lang genoeg is om te vergelijken."]).campaigns == ()
    assert find_campaigns([TEMPLATE] * 2, min_size=2).campaigns[0].size == 2


def test_minhash_signatures_are_seeded_and_similarity_tracks_edits():
    import random

    rng = random.Random(1)
    texts = [CAMPAIGN_TEMPLATE, campaign_copy(rng), organic_answer(rng)]
    first, second = MinHashIndex(), MinHashIndex()
    first.add(texts)
    second.add(texts)
    signatures = first.signatures()
    assert (signatures == second.signatures()).all()
    assert (signatures[0] == signatures[1]).mean() > 0.4 > (signatures[0] == signatures[2]).mean()


def test_minhash_streams_in_batches_with_the_same_result():
    import random

    rng = random.Random(2)
    texts = [TEMPLATE] * 4 + [organic_answer(rng) for _ in range(6)]
    whole, batched = MinHashIndex(), MinHashIndex()
    whole.add(texts)
    batched.add(texts, batch=3)
    assert (whole.signatures() == batched.signatures()).all()
    assert whole.campaigns().campaigns[0].size == 4
