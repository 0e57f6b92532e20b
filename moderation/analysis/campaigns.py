"""Campaigns: groups of identical or near-identical answers, each with its size and template.

Up to ``LARGE`` (50,000) answers: TF-IDF over character 5-grams and cosine similarity,
computed for the candidate pairs that MinHash banding proposes (tuned for recall), so no
quadratic similarity matrix is built. Past that: MinHash signatures over the same
character 5-grams with locality-sensitive hashing (banding), in numpy, so the memory stays
a fixed 256 bytes per answer. Similar pairs are joined into groups
(connected components); a group of at least ``min_size`` answers is a campaign.

datasketch's MinHash/MinHashLSH compute the same thing, but per answer in Python (about
0.4 ms an answer, and an in-memory LSH index of several GB for a million keys); the
vectorised version here takes about 0.05 ms an answer. A test checks that its similarity
estimates agree with datasketch's.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

LARGE = 50_000
THRESHOLD = 0.5         # cosine (TF-IDF) or estimated Jaccard (MinHash) of character 5-grams
MIN_SIZE = 3            # fewer copies than this is not a campaign
MIN_CHARS = 20          # shorter answers ("Nee.", "Eens") are never campaign copies
SHINGLE = 5
NUM_PERM = 64
BANDS = 16              # of NUM_PERM / BANDS = 4 rows each: pairs with Jaccard 0.5 meet in a band with p = 0.65, 0.7 with p = 0.98
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Campaign:
    id: int                     # 1, 2, ... by size, largest first
    size: int
    template: str               # the most frequent exact text among the copies (the first copy's, streaming)
    members: tuple[int, ...]    # positions of the copies in the input


@dataclass(frozen=True)
class CampaignResult:
    campaigns: tuple[Campaign, ...]
    campaign_of: tuple[int, ...]   # per answer: the campaign id, 0 for none

    @property
    def copies(self) -> int:
        return sum(c.size for c in self.campaigns)


def canonical(text: str) -> str:
    """The form compared: lower case, single spaces."""
    return _SPACE.sub(" ", text.lower()).strip()


def find_campaigns(texts: Sequence[str], *, threshold: float = THRESHOLD, min_size: int = MIN_SIZE,
                   method: str | None = None) -> CampaignResult:
    """Campaigns among ``texts``. ``method`` is ``"tfidf"`` or ``"minhash"``; by default
    TF-IDF up to ``LARGE`` answers and MinHash past it."""
    method = method or ("tfidf" if len(texts) <= LARGE else "minhash")
    if method == "tfidf":
        labels = _tfidf_groups(texts, threshold)
    elif method == "minhash":
        index = MinHashIndex()
        index.add(texts)
        labels = index.groups(threshold)
    else:
        raise ValueError(f"unknown method {method!r}")
    return _result(labels, min_size, lambda i: texts[i])


def _eligible(text: str) -> bool:
    return len(text) >= MIN_CHARS


def _tfidf_groups(texts: Sequence[str], threshold: float) -> np.ndarray:
    """Group label per text (-1: too short to compare). Candidate pairs come from MinHash
    banding tuned for recall (21 bands of 3: a pair with Jaccard 0.4 meets with p = 0.75, 0.5 with 0.94);
    each candidate pair is then judged by the cosine of its TF-IDF vectors."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    labels = np.full(len(texts), -1, dtype=np.int64)
    # Identical texts are one row: a campaign of 10,000 exact copies costs one comparison.
    first: dict[str, int] = {}
    row_of = np.full(len(texts), -1, dtype=np.int64)
    unique: list[str] = []
    for i, text in enumerate(texts):
        key = canonical(text)
        if not _eligible(key):
            continue
        row = first.get(key)
        if row is None:
            row = first[key] = len(unique)
            unique.append(key)
        row_of[i] = row
    if not unique:
        return labels
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(SHINGLE, SHINGLE), lowercase=False,
                             dtype=np.float32).fit_transform(unique)
    index = MinHashIndex()
    index.add(unique)
    left, right = index.candidates(bands=21)
    cosine = np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel() if len(left) else np.zeros(0)
    keep = cosine >= threshold
    groups = _components(len(unique), left[keep], right[keep])
    mask = row_of >= 0
    labels[mask] = groups[row_of[mask]]
    return labels


def _components(n: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _result(labels: np.ndarray, min_size: int, text_of) -> CampaignResult:
    valid = labels >= 0
    counts = np.bincount(labels[valid]) if valid.any() else np.zeros(0, dtype=np.int64)
    big = np.flatnonzero(counts >= min_size)
    members_of: dict[int, list[int]] = {int(g): [] for g in big}
    if len(big):
        in_big = valid & np.isin(labels, big)
        for i in np.flatnonzero(in_big):
            members_of[int(labels[i])].append(int(i))
    ordered = sorted(members_of.values(), key=lambda m: (-len(m), m[0]))
    campaign_of = [0] * len(labels)
    campaigns = []
    for number, members in enumerate(ordered, 1):
        for i in members:
            campaign_of[i] = number
        template = _template(members, text_of)
        campaigns.append(Campaign(number, len(members), template, tuple(members)))
    return CampaignResult(tuple(campaigns), tuple(campaign_of))


def _template(members: list[int], text_of) -> str:
    if text_of is None:
        return ""
    sample = members[:2000]
    texts = [text_of(i) for i in sample]
    counts = Counter(canonical(t) for t in texts)
    best = max(counts.values())
    for text in texts:  # the first copy with the most frequent wording, as written
        if counts[canonical(text)] == best:
            return text
    return texts[0]


class MinHashIndex:
    """MinHash signatures of character 5-grams, added in batches; ``groups`` joins the
    answers whose signatures agree in at least one LSH band and whose estimated Jaccard
    similarity reaches the threshold. Keeps 4 bytes x ``NUM_PERM`` per answer, no text."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = 1) -> None:
        generator = np.random.default_rng(seed)
        self.num_perm = num_perm
        self._a = generator.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = generator.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._blocks: list[np.ndarray] = []
        self._eligible: list[np.ndarray] = []
        self.count = 0

    def add(self, texts: Iterable[str], batch: int = 5000) -> None:
        buffer: list[str] = []
        for text in texts:
            buffer.append(text)
            if len(buffer) >= batch:
                self._add_batch(buffer)
                buffer = []
        if buffer:
            self._add_batch(buffer)

    def _add_batch(self, texts: list[str]) -> None:
        self.add_signed(*self.sign(texts))

    def sign(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The signatures of ``texts`` (one row of ``num_perm`` uint32 each) and whether
        each may join a campaign (long enough), without adding them: an index with the same
        ``num_perm`` and seed gives the same rows anywhere, so chunk jobs on several workers
        sign their answers and one job joins them (``add_signed``)."""
        encoded = [canonical(t).encode("utf-8") for t in texts]
        eligible = np.array([len(e) >= MIN_CHARS for e in encoded], dtype=bool)
        signatures = np.full((len(texts), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        lengths = np.array([len(e) for e in encoded], dtype=np.int64)
        windows = np.maximum(lengths - SHINGLE + 1, 0)
        has = windows > 0
        if has.any():
            data = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint64)
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            # positions of every 5-byte window that lies inside one text
            owner = np.repeat(np.arange(len(texts)), windows)
            offset = np.arange(int(windows.sum())) - np.repeat(np.cumsum(windows) - windows, windows)
            position = starts[owner] + offset
            shingles = np.zeros(len(position), dtype=np.uint64)
            for k in range(SHINGLE):
                shingles = shingles * np.uint64(1099511628211) + data[position + k]  # FNV-style, wraps mod 2**64
            shingles ^= shingles >> np.uint64(29)
            bounds = np.concatenate(([0], np.cumsum(windows[has])[:-1]))
            for p in range(self.num_perm):
                hashed = ((self._a[p] * shingles + self._b[p]) >> np.uint64(32)).astype(np.uint32)
                signatures[has, p] = np.minimum.reduceat(hashed, bounds)
        return signatures, eligible & has

    def add_signed(self, signatures: np.ndarray, eligible: np.ndarray) -> None:
        """Add answers signed by ``sign`` (of an index with the same ``num_perm`` and seed)."""
        if signatures.shape[1:] != (self.num_perm,) or len(eligible) != len(signatures):
            raise ValueError("signatures of another shape than this index's")
        self._blocks.append(np.asarray(signatures, dtype=np.uint32))
        self._eligible.append(np.asarray(eligible, dtype=bool))
        self.count += len(signatures)

    def signatures(self) -> np.ndarray:
        if len(self._blocks) > 1:
            self._blocks = [np.concatenate(self._blocks)]
            self._eligible = [np.concatenate(self._eligible)]
        return self._blocks[0] if self._blocks else np.zeros((0, self.num_perm), dtype=np.uint32)

    def band_pairs(self, bands: int = BANDS):
        """Per band, the pairs of answers whose signatures agree on the whole band: each
        answer in a bucket is paired with the bucket's first answer and its neighbour.
        One band at a time, so memory stays at a few arrays of the number of answers."""
        signatures = self.signatures()
        ids = np.flatnonzero(self._eligible[0]) if len(signatures) else np.zeros(0, dtype=np.int64)
        rows_per_band = self.num_perm // bands
        for band in range(bands):
            part = signatures[ids, band * rows_per_band:(band + 1) * rows_per_band].astype(np.uint64)
            key = np.zeros(len(ids), dtype=np.uint64)
            for column in range(rows_per_band):
                key = key * np.uint64(0x9E3779B97F4A7C15) + part[:, column]
            del part
            order = np.argsort(key, kind="stable")
            sorted_keys = key[order]
            same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
            if not len(same):
                continue
            run_start = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
            leader = run_start[np.searchsorted(run_start, same + 1, side="right") - 1]
            left = np.concatenate((ids[order[same]], ids[order[leader]]))
            right = np.concatenate((ids[order[same + 1]], ids[order[same + 1]]))
            distinct = left != right
            yield left[distinct], right[distinct]

    def candidates(self, bands: int = BANDS) -> tuple[np.ndarray, np.ndarray]:
        """All candidate pairs of every band, each once (for small sets)."""
        found = list(self.band_pairs(bands))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        pairs = np.unique(np.stack([np.concatenate([l for l, _ in found]), np.concatenate([r for _, r in found])],
                                   axis=1), axis=0)
        return pairs[:, 0], pairs[:, 1]

    def groups(self, threshold: float = THRESHOLD, bands: int = BANDS) -> np.ndarray:
        """Group label per answer (-1: too short): candidate pairs whose estimated Jaccard
        similarity (the share of equal signature values) reaches ``threshold``, joined.
        Pairs are judged band by band; only the similar ones are kept."""
        signatures = self.signatures()
        labels = np.full(len(signatures), -1, dtype=np.int64)
        if not len(signatures):
            return labels
        edges_left, edges_right = [], []
        for left, right in self.band_pairs(bands):
            keep = np.empty(len(left), dtype=bool)
            for chunk in range(0, len(left), 100_000):
                window = slice(chunk, chunk + 100_000)
                keep[window] = (signatures[left[window]] == signatures[right[window]]).mean(axis=1) >= threshold
            edges_left.append(left[keep])
            edges_right.append(right[keep])
        if edges_left:
            components = _components(len(signatures), np.concatenate(edges_left), np.concatenate(edges_right))
            ids = np.flatnonzero(self._eligible[0])
            labels[ids] = components[ids]
        return labels

    def campaigns(self, threshold: float = THRESHOLD, min_size: int = MIN_SIZE, text_of=None) -> CampaignResult:
        """Campaigns among everything added; templates need ``text_of(position)``, else ''."""
        return _result(self.groups(threshold), min_size, text_of)
