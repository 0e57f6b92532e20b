"""The whole analysis: per answer (language, sentiment, stance) and over all answers to
one question (campaigns, then themes with every campaign counted once)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from moderation.analysis import campaigns as campaign_module
from moderation.analysis.cache import ResultCache, cache_key, cached
from moderation.analysis.campaigns import CampaignResult, find_campaigns
from moderation.analysis.sentiment import Sentiment, english_sentiment, read_dutch
from moderation.analysis.stance import Stance, stance, stance_from_cues
from moderation.analysis.text import detect_language
from moderation.analysis.themes import ThemeResult, find_themes


@dataclass(frozen=True)
class Settings:
    n_themes: int | None = None          # None: chosen from the number of answers
    seed: int = 0
    campaign_threshold: float = campaign_module.THRESHOLD
    min_campaign_size: int = campaign_module.MIN_SIZE


@dataclass(frozen=True)
class AnswerAnalysis:
    language: str
    sentiment: Sentiment
    stance: Stance


@dataclass(frozen=True)
class CorpusAnalysis:
    answers: tuple[AnswerAnalysis, ...]
    campaigns: CampaignResult
    themes: ThemeResult


def analyse_answer(text: str) -> AnswerAnalysis:
    """Language, sentiment and stance of one answer."""
    language = detect_language(text)
    if language == "en":  # English: TextBlob's sentiment; the stance phrases are Dutch, so sentiment decides
        feeling = english_sentiment(text)
        by_sentence = [(sentence.text, sentence.polarity) for sentence in feeling.sentences if sentence.polarity]
        return AnswerAnalysis(language, feeling, stance(text, by_sentence))
    reading = read_dutch(text)
    feeling = reading.sentiment
    if language != "nl":
        feeling = Sentiment(feeling.label, feeling.polarity, language, feeling.sentences)
    return AnswerAnalysis(language, feeling, stance_from_cues(text, reading.cues, reading.assessments))


def analyse_answers(texts: Sequence[str], settings: Settings = Settings(),
                    cache: ResultCache | None = None) -> CorpusAnalysis:
    """Everything for the answers to one question; cached under a hash of texts and settings."""
    return cached(cache, cache_key("corpus", texts, settings), lambda: _analyse(texts, settings, cache))


def analyse_answer_cached(text: str, cache: ResultCache | None) -> AnswerAnalysis:
    return cached(cache, cache_key("answer", [text]), lambda: analyse_answer(text))


def _analyse(texts: Sequence[str], settings: Settings, cache: ResultCache | None) -> CorpusAnalysis:
    answers = tuple(analyse_answer_cached(text, cache) for text in texts)
    found = find_campaigns(texts, threshold=settings.campaign_threshold, min_size=settings.min_campaign_size)
    themes = find_themes(texts, settings.n_themes, settings.seed, groups=found.campaign_of)
    return CorpusAnalysis(answers, found, themes)
