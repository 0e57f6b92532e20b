"""Near-identical answers (campaign candidates): TF-IDF over character 5-grams, cosine
similarity, without ever building a dense n x n matrix."""
from __future__ import annotations

from collections.abc import Sequence

from ._base import Finding, FindingKind, make

MIN_CHARS = 40        # "Nee." or "Ik ben tegen." written by many people is no campaign


def find_near_duplicates(texts: Sequence[str], threshold: float = 0.5, min_chars: int = MIN_CHARS) -> list[list[int]]:
    """Groups (lists of indexes into ``texts``, each sorted, groups ordered by their first
    index) of texts whose cosine similarity is at least ``threshold``, joined transitively
    (a ~ b and b ~ c put a, b and c in one group). Texts shorter than ``min_chars``
    (stripped) are never grouped. Memory stays linear in the number of similar pairs:
    the neighbours are searched in chunks on the sparse TF-IDF matrix."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    candidates = [i for i, text in enumerate(texts) if len(text.strip()) >= min_chars]
    if len(candidates) < 2:
        return []
    # Imported here: scikit-learn takes a second to import, and every submission runs
    # the other detectors.
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(5, 5), lowercase=True)
    try:
        vectors = vectorizer.fit_transform([texts[i] for i in candidates])
    except ValueError:                 # no five-character n-gram at all ("a b c d e f ...")
        return []
    has_ngrams = vectors.getnnz(axis=1) > 0
    candidates = [c for c, keep in zip(candidates, has_ngrams) if keep]
    vectors = vectors[has_ngrams]
    if len(candidates) < 2:
        return []
    # Cosine distance = 1 - similarity; brute force over sparse rows is chunked by
    # scikit-learn (working_memory), and the result is a sparse graph.
    search = NearestNeighbors(radius=1 - threshold + 1e-9, metric="cosine", algorithm="brute")
    graph = search.fit(vectors).radius_neighbors_graph(vectors, mode="connectivity")
    count, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(int(label), []).append(candidates[position])
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def find_campaign_candidates(texts: Sequence[str], threshold: float = 0.5) -> list[list[Finding]]:
    """For each text, a ``campaign`` finding spanning the whole text when it is nearly
    identical to other texts (the detail names them); an empty list otherwise."""
    result: list[list[Finding]] = [[] for _ in texts]
    for group in find_near_duplicates(texts, threshold):
        for index in group:
            others = [str(i) for i in group if i != index]
            others = ", ".join(others[:10]) + (", ..." if len(others) > 10 else "")
            result[index] = [make(FindingKind.CAMPAIGN, texts[index], 0, len(texts[index]),
                                  f"near-identical to {len(group) - 1} other answer(s): {others}")]
    return result
