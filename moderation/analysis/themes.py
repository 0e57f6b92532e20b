"""Themes: the recurring arguments in the answers to one question.

TF-IDF over lemmatised Dutch (simplemma, with this package's exception list and Dutch
stop-word list), factorised with NMF (scikit-learn, deterministic ``nndsvda`` start and a
fixed ``random_state``): the same answers and seed give the same themes. Each theme is
labelled by its key terms and comes with its most representative answers. A model fitted
on a sample assigns any number of further answers in batches (``ThemeModel.assign``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from moderation.analysis.lexicon import DATA
from moderation.analysis.text import words

MAX_THEMES = 12
MIN_WEIGHT = 0.01  # an answer whose strongest theme weight is below this has no theme


@dataclass(frozen=True)
class Theme:
    id: int                              # 1, 2, ... by size, largest first
    label: str                           # its three strongest terms
    terms: tuple[str, ...]               # its eight strongest terms
    size: int                            # answers with this theme (a campaign counts once)
    representatives: tuple[int, ...]     # positions of its most typical answers in the input


@dataclass(frozen=True)
class ThemeResult:
    themes: tuple[Theme, ...]
    theme_of: tuple[int, ...]            # per answer: theme id, 0 for none


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    lines = (DATA / "stopwords_nl.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


@lru_cache(maxsize=1)
def lemma_exceptions() -> dict[str, str]:
    result = {}
    for line in (DATA / "lemma_exceptions_nl.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, lemma = line.split("\t")
            result[word] = lemma
    return result


_LEMMAS: dict[str, str] = {}
_CONTENT: dict[str, str] = {}  # word -> its lemma, or "" for a word that is left out


def lemma(word: str) -> str:
    """simplemma's Dutch lemma, corrected by the exception list; memoised."""
    found = _LEMMAS.get(word)
    if found is None:
        found = lemma_exceptions().get(word)
        if found is None:
            from simplemma import lemmatize

            found = lemmatize(word, lang="nl").lower()
        if len(_LEMMAS) < 500_000:
            _LEMMAS[word] = found
    return found


def _content(word: str) -> str:
    stops = stop_words()
    if len(word) < 3 or word in stops:
        return ""
    found = lemma(word)
    return found if found not in stops and len(found) >= 3 else ""


def lemmatise(text: str) -> list[str]:
    """The content lemmas of a text: stop words, short words and numbers left out."""
    result = []
    for word in words(text):
        found = _CONTENT.get(word)
        if found is None:
            found = _content(word)
            if len(_CONTENT) < 500_000:
                _CONTENT[word] = found
        if found:
            result.append(found)
    return result


def _analyzer(text: str) -> list[str]:
    return lemmatise(text)


def default_theme_count(answers: int) -> int:
    return max(2, min(MAX_THEMES, round(math.sqrt(answers) / 3)))


@dataclass
class ThemeModel:
    vectorizer: object
    nmf: object
    terms: list[tuple[str, ...]]         # per component, strongest first

    def weights(self, texts: Sequence[str]) -> np.ndarray:
        return self.nmf.transform(self.vectorizer.transform(texts))

    def assign(self, texts: Sequence[str]) -> np.ndarray:
        """Component index per text, -1 when no theme term occurs in it."""
        if not len(texts):
            return np.zeros(0, dtype=np.int64)
        weights = self.weights(texts)
        best = weights.argmax(axis=1)
        best[weights.max(axis=1) < MIN_WEIGHT] = -1
        return best


def fit_themes(texts: Sequence[str], n_themes: int | None = None, seed: int = 0) -> ThemeModel | None:
    """Fit a theme model on ``texts`` (None when they have too few content words)."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return None
    vectorizer = TfidfVectorizer(analyzer=_analyzer, min_df=2 if len(texts) >= 20 else 1, max_df=0.8 if len(texts) >= 20 else 1.0,
                                 sublinear_tf=True, max_features=20_000, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no content words at all
        return None
    n_themes = min(n_themes or default_theme_count(len(texts)), matrix.shape[1], len(texts))
    if n_themes < 1:
        return None
    nmf = NMF(n_components=n_themes, init="nndsvda", random_state=seed, max_iter=400, tol=1e-4)
    nmf.fit(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    terms = [tuple(vocabulary[i] for i in np.argsort(-component, kind="stable")[:8]) for component in nmf.components_]
    return ThemeModel(vectorizer, nmf, terms)


def find_themes(texts: Sequence[str], n_themes: int | None = None, seed: int = 0,
                groups: Sequence[int] | None = None, representatives: int = 3) -> ThemeResult:
    """Themes of ``texts``. ``groups`` (e.g. campaign ids, 0 for none) makes every group
    count once: its first member stands for all when fitting and counting."""
    groups = groups or [0] * len(texts)
    stand_in: dict[int, int] = {}
    fit_positions = []
    for i, group in enumerate(groups):
        if group == 0:
            fit_positions.append(i)
        elif group not in stand_in:
            stand_in[group] = i
            fit_positions.append(i)
    fit_texts = [texts[i] for i in fit_positions]
    model = fit_themes(fit_texts, n_themes, seed)
    if model is None:
        return ThemeResult((), (0,) * len(texts))
    weights = model.weights(fit_texts)
    assigned = weights.argmax(axis=1)
    assigned[weights.max(axis=1) < MIN_WEIGHT] = -1
    component_of = {pos: int(c) for pos, c in zip(fit_positions, assigned)}
    sizes = np.bincount(assigned[assigned >= 0], minlength=len(model.terms))
    order = sorted(range(len(model.terms)), key=lambda c: (-sizes[c], model.terms[c]))
    number_of = {c: n for n, c in enumerate((c for c in order if sizes[c] > 0), 1)}
    themes = []
    for c in order:
        if sizes[c] == 0:
            continue
        members = np.flatnonzero(assigned == c)
        top = members[np.argsort(-weights[members, c], kind="stable")[:representatives]]
        terms = model.terms[c]
        themes.append(Theme(number_of[c], " / ".join(terms[:3]), terms, int(sizes[c]),
                            tuple(fit_positions[i] for i in top)))
    theme_of = []
    for i, group in enumerate(groups):
        component = component_of[stand_in[group] if group else i]
        theme_of.append(number_of.get(component, 0) if component >= 0 else 0)
    return ThemeResult(tuple(themes), tuple(theme_of))
