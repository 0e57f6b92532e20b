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


def test_answers_signed_in_chunks_by_separate_indexes_join_into_the_same_campaigns(monkeypatch):
    """What the analysis run's chunk jobs do on several workers: each signs its own answers
    with a fresh index; one index joins the signatures (``fit_signed``) and finds the same
    campaigns as one index over every text (``fit_corpus`` past ``LARGE``)."""
    import random

    from moderation.analysis import campaigns
    from moderation.analysis.corpus import fit_corpus, fit_signed

    rng = random.Random(4)
    texts = [organic_answer(rng) for _ in range(40)]
    for position in (3, 9, 17, 25, 31, 38):
        texts.insert(position, campaign_copy(rng))
    texts += ["Nee.", "Eens", ""]   # too short to be a copy, signed all the same
    whole = MinHashIndex()
    whole.add(texts)
    parts = [MinHashIndex().sign(texts[start:start + 7]) for start in range(0, len(texts), 7)]
    joined = MinHashIndex()
    for signatures, eligible in parts:
        joined.add_signed(signatures, eligible)
    assert (joined.signatures() == whole.signatures()).all()
    assert (joined.groups() == whole.groups()).all()
    with pytest.raises(ValueError):
        MinHashIndex(num_perm=32).add_signed(*parts[0])

    monkeypatch.setattr(campaigns, "LARGE", 10)   # so fit_corpus takes its MinHash path too
    import numpy as np

    read = []

    def texts_at(positions):
        read.extend(positions)
        return [texts[p] for p in positions]

    streamed = fit_corpus(lambda: iter(texts), texts_at=texts_at)
    read.clear()
    signed = fit_signed(np.concatenate([s for s, _ in parts]), np.concatenate([e for _, e in parts]), texts_at,
                        sample_size=20)
    assert [(c.size, c.members, c.template) for c in signed.campaigns.campaigns] == \
           [(c.size, c.members, c.template) for c in streamed.campaigns.campaigns]
    assert signed.campaigns.campaigns[0].size == 6 and signed.rows == len(texts)
    # Only the campaign's template and the sample of 20 were read, not every text.
    assert len(read) == 1 + 20 and len(set(read[1:])) == 20


def test_minhash_estimates_agree_with_datasketch():
    """The vectorised MinHash estimates Jaccard similarity as datasketch's MinHash does."""
    import random

    datasketch = pytest.importorskip("datasketch")
    from moderation.analysis.campaigns import SHINGLE, canonical

    def shingles(text):
        data = canonical(text).encode("utf-8")
        return {data[i:i + SHINGLE] for i in range(len(data) - SHINGLE + 1)}

    rng = random.Random(8)
    texts = [CAMPAIGN_TEMPLATE] + [campaign_copy(rng) for _ in range(5)] + [organic_answer(rng) for _ in range(4)]
    index = MinHashIndex(num_perm=256)
    index.add(texts)
    signatures = index.signatures()
    reference = []
    for text in texts:
        sketch = datasketch.MinHash(num_perm=256, seed=3)
        sketch.update_batch(list(shingles(text)))
        reference.append(sketch)
    for other in range(1, len(texts)):
        exact = len(shingles(texts[0]) & shingles(texts[other])) / len(shingles(texts[0]) | shingles(texts[other]))
        ours = (signatures[0] == signatures[other]).mean()
        theirs = reference[0].jaccard(reference[other])
        assert abs(ours - exact) < 0.12 and abs(theirs - exact) < 0.12, (exact, ours, theirs)
