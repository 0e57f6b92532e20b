"""Caching by a hash of input and settings."""
from __future__ import annotations

from moderation.analysis.cache import MemoryCache, cache_key, cached
from moderation.analysis.pipeline import Settings, analyse_answers


def test_the_key_depends_on_every_text_the_order_and_the_settings():
    base = cache_key("corpus", ["a", "b"], Settings())
    assert base == cache_key("corpus", ["a", "b"], Settings())
    assert base != cache_key("corpus", ["b", "a"], Settings())
    assert base != cache_key("corpus", ["ab"], Settings())
    assert cache_key("corpus", ["ab", "c"]) != cache_key("corpus", ["a", "bc"])
    assert base != cache_key("corpus", ["a", "b"], Settings(seed=1))
    assert base != cache_key("answer", ["a", "b"], Settings())
    assert len(base) == 64


def test_cached_computes_once_per_key():
    cache, calls = MemoryCache(), []
    compute = lambda: calls.append(1) or "result"  # noqa: E731
    assert cached(cache, "k", compute) == "result" and cached(cache, "k", compute) == "result"
    assert len(calls) == 1 and (cache.hits, cache.misses) == (1, 1)
    assert cached(None, "k", compute) == "result" and len(calls) == 2


def test_unchanged_answers_are_not_analysed_twice():
    cache = MemoryCache()
    texts = ["Ik steun het voorstel.", "Ik ben tegen.", "Ik steun het voorstel."]
    first = analyse_answers(texts, cache=cache)
    misses = cache.misses
    assert analyse_answers(texts, cache=cache) is first
    assert cache.misses == misses and cache.hits >= 1
    # one answer changed: the corpus is analysed again, the unchanged answers come from the cache
    changed = analyse_answers(texts[:2] + ["Geen bezwaar."], cache=cache)
    assert changed is not first and changed.answers[0] is first.answers[0]
    assert changed.answers[2].stance.stance == "supports"
