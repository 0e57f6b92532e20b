"""Results keyed by a hash of their input and settings, so unchanged input is never
analysed twice. ``cache_key`` is a pure function; ``ResultCache`` is the small interface
the platform backs with its ``AnalysisResult`` table; ``MemoryCache`` serves the CLI and
tests."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, is_dataclass
from typing import Any, Callable, Iterable, Protocol, TypeVar

ENGINE_VERSION = "2"  # raise when the rules or the lexicon change: old results then miss

T = TypeVar("T")


def cache_key(kind: str, texts: Iterable[str], settings: Any = None) -> str:
    """SHA-256 over the engine version, the kind of result, the settings and every text
    (length-prefixed, so ``["ab", "c"]`` and ``["a", "bc"]`` differ)."""
    digest = hashlib.sha256()
    settings = asdict(settings) if is_dataclass(settings) else settings
    header = json.dumps({"engine": ENGINE_VERSION, "kind": kind, "settings": settings}, sort_keys=True, default=str)
    digest.update(header.encode("utf-8"))
    for text in texts:
        encoded = text.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()


class ResultCache(Protocol):
    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


class MemoryCache:
    """A dict; counts its hits and misses."""

    def __init__(self) -> None:
        self._store: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any | None:
        value = self._store.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        self._store[key] = value

    def __len__(self) -> int:
        return len(self._store)


def cached(cache: ResultCache | None, key: str, compute: Callable[[], T]) -> T:
    """The cached value under ``key``, or ``compute()`` stored under it."""
    if cache is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.put(key, value)
    return value
