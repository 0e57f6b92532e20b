"""Near-identical answers (campaign candidates): TF-IDF over character 5-grams, cosine
similarity, without ever building a dense n x n matrix."""
from __future__ import annotations

from collections.abc import Sequence

from ._base import Finding, FindingKind, make

MIN_CHARS = 40            # "Nee." or "Ik ben tegen." written by many people is no campaign
CHUNK_CELLS = 2_000_000   # similarities computed at once (rows x texts): ~25 MB
EDGE_BUDGET = 4_000_000   # similar pairs kept before they are folded into components


def find_near_duplicates(texts: Sequence[str], threshold: float = 0.5, min_chars: int = MIN_CHARS) -> list[list[int]]:
    """Groups (lists of indexes into ``texts``, each sorted, groups ordered by their first
    index) of texts whose cosine similarity is at least ``threshold``, joined transitively
    (a ~ b and b ~ c put a, b and c in one group). Texts shorter than ``min_chars``
    (stripped) are never grouped.

    The similarities are sparse dot products of the L2-normalised TF-IDF rows, taken a
    chunk of rows at a time; the pairs above the threshold are folded into connected
    components whenever they pile up, so memory stays bounded even when one campaign
    makes every pair of its thousands of copies similar."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    candidates = [i for i, text in enumerate(texts) if len(text.strip()) >= min_chars]
    if len(candidates) < 2:
        return []
    # Imported here: scikit-learn takes a second to import, and every submission runs
    # the other detectors.
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(5, 5), lowercase=True)
    try:
        vectors = vectorizer.fit_transform([texts[i] for i in candidates])   # rows have norm 1
    except ValueError:                 # no five-character n-gram at all
        return []
    n = vectors.shape[0]
    transposed = vectors.T.tocsr()
    labels = np.arange(n)
    pending_rows: list = []
    pending_cols: list = []

    def fold_pending() -> np.ndarray:
        # Each node joins its current component's first node; then add the new pairs.
        _, first = np.unique(labels, return_index=True)
        rows = np.concatenate([np.arange(n), *pending_rows])
        cols = np.concatenate([first[labels], *pending_cols])
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        pending_rows.clear()
        pending_cols.clear()
        return connected_components(graph, directed=False)[1]

    step = max(1, CHUNK_CELLS // n)
    pending = 0
    for start in range(0, n, step):
        block = (vectors[start:start + step] @ transposed).tocsr()
        similar = block.data >= threshold - 1e-9
        rows = np.repeat(np.arange(start, start + block.shape[0]), np.diff(block.indptr))[similar]
        cols = block.indices[similar]
        keep = rows < cols                                   # each pair once, no self-pairs
        if keep.any():
            pending_rows.append(rows[keep])
            pending_cols.append(cols[keep])
            pending += int(keep.sum())
        if pending > EDGE_BUDGET:
            labels, pending = fold_pending(), 0
    if pending:
        labels = fold_pending()
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(candidates[position])
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def find_similar(texts: Sequence[str], queries: Sequence[int], threshold: float = 0.5,
                 min_chars: int = MIN_CHARS) -> dict[int, list[int]]:
    """For each index in ``queries``: the other indexes of ``texts`` whose cosine similarity
    (the same TF-IDF over character 5-grams as ``find_near_duplicates``) is at least
    ``threshold``, sorted. Only the query rows are multiplied, so checking a few new answers
    against n earlier ones costs O(n), not the O(n^2) of grouping them all. Texts shorter
    than ``min_chars`` (stripped) never match."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    result: dict[int, list[int]] = {index: [] for index in queries}
    candidates = [i for i, text in enumerate(texts) if len(text.strip()) >= min_chars]
    position = {index: row for row, index in enumerate(candidates)}
    asked = [index for index in queries if index in position]
    if not asked or len(candidates) < 2:
        return result
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(5, 5), lowercase=True)
    try:
        vectors = vectorizer.fit_transform([texts[i] for i in candidates])
    except ValueError:
        return result
    block = (vectors[[position[i] for i in asked]] @ vectors.T).tocsr()
    for row, index in enumerate(asked):
        start, stop = block.indptr[row], block.indptr[row + 1]
        similar = block.indices[start:stop][block.data[start:stop] >= threshold - 1e-9]
        result[index] = sorted(candidates[j] for j in similar.tolist() if candidates[j] != index)
    return result


def find_campaign_candidates(texts: Sequence[str], threshold: float = 0.5) -> list[list[Finding]]:
    """For each text, a ``campaign`` finding spanning the whole text when it is nearly
    identical to other texts (the detail names them); an empty list otherwise."""
    result: list[list[Finding]] = [[] for _ in texts]
    for group in find_near_duplicates(texts, threshold):
        for index in group:
            others = [str(i) for i in group if i != index]
            others_text = ", ".join(others[:10]) + (", ..." if len(others) > 10 else "")
            result[index] = [make(FindingKind.CAMPAIGN, texts[index], 0, len(texts[index]),
                                  f"near-identical to {len(others)} other answer(s): {others_text}")]
    return result
