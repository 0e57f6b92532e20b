"""Campaigns and themes over any number of answers to one question, in bounded memory.

One function, ``fit_corpus``, for every path that analyses a whole question: the file CLI
(``fileio``, answers streamed from a CSV) and the platform's analysis run (answers
streamed from the database, ``moderation.summaries.runs``). It takes a function that
returns a fresh iterator over the texts (it is called once, or twice when the templates
of large campaigns must be read back) and:

* finds the campaigns: up to ``campaigns.LARGE`` answers with the texts in memory (TF-IDF
  judged); past it with MinHash signatures only (256 bytes an answer, no text kept);
* keeps a fixed-size random sample (``SAMPLE``) and fits the themes on it, every campaign
  standing in the sample once, as its template;
* returns a ``ThemeAssigner`` that gives any batch of further answers its theme
  (``ThemeModel.assign``), campaign copies taking their template's theme.

Below ``SAMPLE`` answers the sample is every answer, so small questions are fitted on all
of them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

import numpy as np

from moderation.analysis import campaigns as campaign_module
from moderation.analysis.campaigns import CampaignResult, MinHashIndex, find_campaigns
from moderation.analysis.pipeline import Settings
from moderation.analysis.themes import MIN_WEIGHT, Theme, ThemeModel, fit_themes

SAMPLE = 20_000     # answers the themes are fitted on
REPRESENTATIVES = 3
Texts = Callable[[], Iterable[str]]


@dataclass(frozen=True)
class ThemeAssigner:
    """Theme numbers (1 = largest in the sample, 0 = none) for batches of answers."""

    model: ThemeModel | None
    number: dict[int, int]           # NMF component -> theme number
    of_campaign: dict[int, int]      # campaign id -> theme number of its template

    def of(self, texts: Sequence[str], campaigns: Sequence[int]) -> list[int]:
        themes = [self.of_campaign.get(c, 0) for c in campaigns]
        own = [i for i, c in enumerate(campaigns) if not c]
        if self.model is not None and own:
            for i, component in zip(own, self.model.assign([texts[i] for i in own])):
                themes[i] = self.number.get(int(component), 0)
        return themes


@dataclass(frozen=True)
class CorpusFit:
    rows: int
    campaigns: CampaignResult        # members are positions in the input
    campaign_of: np.ndarray          # per position: campaign id, 0 for none
    themes: tuple[Theme, ...]        # sizes count the sample; representatives are positions in the input
    assigner: ThemeAssigner

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(theme.label for theme in self.themes)


def fit_corpus(texts: Texts, settings: Settings = Settings(), sample_size: int = SAMPLE,
               texts_at: Callable[[list[int]], list[str]] | None = None) -> CorpusFit:
    """Campaigns and a theme model for the answers ``texts()`` yields (see the module).
    ``texts_at(positions)``: the texts at those positions, for the templates of campaigns
    past ``campaigns.LARGE`` answers (a database reads them by id); by default
    ``texts()`` is read again up to the last one."""
    index = MinHashIndex()
    rng = random.Random(settings.seed)
    sample: list[tuple[int, str]] = []
    kept: list[str] | None = []
    batch: list[str] = []
    rows = 0
    for text in texts():
        if kept is not None:
            kept.append(text)
            if len(kept) > campaign_module.LARGE:
                index.add(kept)
                kept = None
        else:
            batch.append(text)
            if len(batch) >= 5000:
                index.add(batch)
                batch = []
        if len(sample) < sample_size:
            sample.append((rows, text))
        else:
            slot = rng.randrange(rows + 1)
            if slot < sample_size:
                sample[slot] = (rows, text)
        rows += 1
    if kept is not None:
        found = find_campaigns(kept, threshold=settings.campaign_threshold, min_size=settings.min_campaign_size)
        templates = {c.id: c.template for c in found.campaigns}
    else:
        index.add(batch)
        found, templates = _signed_campaigns(index, settings, texts_at or (lambda positions: _texts_at(texts, positions)))
    del kept, index
    return _fit_themes(rows, found, templates, sample, settings)


def fit_signed(signatures: np.ndarray, eligible: np.ndarray, texts_at: Callable[[list[int]], list[str]],
               settings: Settings = Settings(), sample_size: int = SAMPLE) -> CorpusFit:
    """``fit_corpus`` for answers already signed (``MinHashIndex.sign``, by the chunk jobs
    of an analysis run, in the order of the positions): the campaigns by MinHash alone, and
    the themes fitted on a random sample of positions whose texts ``texts_at`` reads (with
    the campaign templates: the only texts read). Meant for more than ``campaigns.LARGE``
    answers; the same seed gives the same sample."""
    index = MinHashIndex()
    index.add_signed(signatures, eligible)
    rows = index.count
    found, templates = _signed_campaigns(index, settings, texts_at)
    del index
    positions = sorted(random.Random(settings.seed).sample(range(rows), min(sample_size, rows)))
    sample = list(zip(positions, texts_at(positions)))
    return _fit_themes(rows, found, templates, sample, settings)


def _signed_campaigns(index: MinHashIndex, settings: Settings, texts_at) -> tuple[CampaignResult, dict[int, str]]:
    """The campaigns of a MinHash index, each with its first copy as template."""
    found = index.campaigns(settings.campaign_threshold, settings.min_campaign_size)
    templates = {c.id: text for c, text in zip(found.campaigns, texts_at([c.members[0] for c in found.campaigns]))}
    found = CampaignResult(tuple(replace(c, template=templates.get(c.id, "")) for c in found.campaigns),
                           found.campaign_of)
    return found, templates


def _fit_themes(rows: int, found: CampaignResult, templates: dict[int, str], sample: list[tuple[int, str]],
                settings: Settings) -> CorpusFit:
    """Themes fitted on the sample (positions and texts), campaign copies replaced by one
    template each; the assigner gives campaign copies their template's theme."""
    campaign_of = np.asarray(found.campaign_of, dtype=np.int32)
    own = [(position, text) for position, text in sample if not campaign_of[position]]
    fit_positions = [position for position, _ in own] + [c.members[0] for c in found.campaigns if c.id in templates]
    fit_texts = [text for _, text in own] + [templates[c.id] for c in found.campaigns if c.id in templates]
    del sample, own
    model = fit_themes(fit_texts, settings.n_themes, settings.seed)
    themes, number = _themes(model, fit_texts, fit_positions)
    template_theme = {}
    if model is not None and templates:
        ids = list(templates)
        for campaign, component in zip(ids, model.assign([templates[i] for i in ids])):
            template_theme[campaign] = number.get(int(component), 0)
    return CorpusFit(rows, found, campaign_of, themes, ThemeAssigner(model, number, template_theme))


def _themes(model: ThemeModel | None, fit_texts: list[str], fit_positions: list[int]
            ) -> tuple[tuple[Theme, ...], dict[int, int]]:
    """The themes by size in the sample (1 = largest), with their most typical answers,
    and the theme number of each NMF component."""
    if model is None:
        return (), {}
    weights = model.weights(fit_texts)
    assigned = weights.argmax(axis=1)
    assigned[weights.max(axis=1) < MIN_WEIGHT] = -1
    sizes = np.bincount(assigned[assigned >= 0], minlength=len(model.terms))
    order = [c for c in sorted(range(len(model.terms)), key=lambda c: (-sizes[c], model.terms[c])) if sizes[c]]
    number = {c: n for n, c in enumerate(order, 1)}
    themes = []
    for c in order:
        members = np.flatnonzero(assigned == c)
        top = members[np.argsort(-weights[members, c], kind="stable")[:REPRESENTATIVES]]
        terms = model.terms[c]
        themes.append(Theme(number[c], " / ".join(terms[:3]), terms, int(sizes[c]),
                            tuple(fit_positions[i] for i in top)))
    return tuple(themes), number


def _texts_at(texts: Texts, positions: list[int]) -> list[str]:
    """The texts at ``positions`` (in any order, repeats allowed), read from ``texts()`` again up to the last one."""
    wanted = set(positions)
    found: dict[int, str] = {}
    if not wanted:
        return []
    last = max(wanted)
    for position, text in enumerate(texts()):
        if position in wanted:
            found[position] = text
        if position >= last:
            break
    return [found.get(position, "") for position in positions]
