"""Analyse a CSV or TSV file of answers, streaming, into a CSV with six more columns.

Two passes over the file keep memory bounded: the first computes each answer's MinHash
signature (256 bytes; the text is not kept past ``campaigns.LARGE`` answers) and keeps a
fixed-size random sample for fitting the themes; the second analyses each row (language,
sentiment, stance) and assigns its theme, in batches, in worker processes for large files,
and writes the rows out in input order. Campaign copies stand in the theme sample once, as
their template, and take their template's theme.
"""
from __future__ import annotations

import codecs
import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from moderation.analysis.corpus import SAMPLE, ThemeAssigner, fit_corpus
from moderation.analysis.pipeline import Settings, analyse_answer

OUTPUT_COLUMNS = ("language", "sentiment", "polarity", "stance", "theme", "campaign")
BATCH = 2_000       # answers analysed and assigned to themes at a time
PARALLEL_FROM = 20_000  # rows from which the per-answer analysis runs in several processes
Progress = Callable[[int], None]


class AnalysisInputError(Exception):
    """The input cannot be analysed; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class FileSummary:
    rows: int
    campaigns: int
    campaign_copies: int
    themes: tuple[str, ...]           # theme labels, theme 1 first
    delimiter: str


def check_input(path: Path, text_column: str) -> tuple[str, list[str], int]:
    """(delimiter, header, index of the text column), or AnalysisInputError."""
    if not path.is_file():
        raise AnalysisInputError(f"{path}: no such file")
    with path.open("rb") as source:
        head = source.read(64 * 1024)
    if b"\x00" in head:
        raise AnalysisInputError(f"{path}: not a text file (CSV or TSV expected)")
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        raise AnalysisInputError(f"{path}: not UTF-8 text (CSV or TSV expected)") from None
    sample = head.decode("utf-8-sig", errors="ignore")
    if not sample.strip():
        raise AnalysisInputError(f"{path}: the file is empty")
    delimiter = _delimiter(path, sample)
    header = next(csv.reader([sample.splitlines()[0]], delimiter=delimiter))
    header = [name.strip() for name in header]
    if text_column not in header:
        raise AnalysisInputError(f"{path}: no column {text_column!r}; the columns are: {', '.join(header)}")
    return delimiter, header, header.index(text_column)


def _delimiter(path: Path, sample: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample.split("\n", 20)[0] if suffix == ".csv" else sample[:8192],
                                   delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _rows(path: Path, delimiter: str) -> Iterator[list[str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as source:
        reader = csv.reader(source, delimiter=delimiter)
        try:
            next(reader, None)
            yield from reader
        except UnicodeDecodeError:
            raise AnalysisInputError(f"{path}: not UTF-8 text after line {reader.line_num}") from None
        except csv.Error as error:
            raise AnalysisInputError(f"{path}: line {reader.line_num}: {error}") from None


def _text(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def analyse_file(input_path: str | Path, output_path: str | Path, text_column: str = "text",
                 settings: Settings = Settings(), progress: Progress | None = None,
                 sample_size: int = SAMPLE, workers: int | None = None, embeddings: bool = False) -> FileSummary:
    """Analyse ``input_path`` into ``output_path``: the input columns plus ``OUTPUT_COLUMNS``.
    ``progress(n)`` is called with the number of rows just written. ``workers``: processes
    for the per-answer analysis (default: one per core, up to 4, from ``PARALLEL_FROM`` rows).
    ``embeddings``: the optional extra decides the sentiment of answers whose lexicon
    polarity is weak (``moderation.analysis.embeddings.enrich``; slow, in this process)."""
    input_path, output_path = Path(input_path), Path(output_path)
    delimiter, header, column = check_input(input_path, text_column)

    # Pass 1 (moderation.analysis.corpus): campaigns, and themes fitted on a sample.
    fit = fit_corpus(lambda: (_text(row, column) for row in _rows(input_path, delimiter)), settings, sample_size)
    campaign_of = fit.campaign_of

    # Pass 2: per row analysis and theme (in worker processes for large files), written in
    # input order as batches come back; at most a few batches are in memory at a time.
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if fit.rows >= PARALLEL_FROM else 1)
    themes = fit.assigner
    with output_path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(header + list(OUTPUT_COLUMNS))
        batches = _batches(_rows(input_path, delimiter), column, campaign_of)
        for pending, results in _results(batches, themes, workers):
            if embeddings:
                results = _enriched([text for _, text, _ in pending], results)
            for (row, _, _), result in zip(pending, results):
                writer.writerow(row + list(result))
            if progress:
                progress(len(pending))
    return FileSummary(fit.rows, len(fit.campaigns.campaigns), fit.campaigns.copies, fit.labels, delimiter)


def _enriched(texts: list[str], results: list[tuple]) -> list[tuple]:
    """The batch's output columns with the sentiment label decided by the embeddings where
    the lexicon was unsure (the polarity column keeps the lexicon's figure)."""
    from moderation.analysis.embeddings import enrich
    from moderation.analysis.sentiment import Sentiment

    lexicon = [Sentiment(result[1], float(result[2]), result[0], ()) for result in results]
    return [(result[0], better.label, *result[2:]) for result, better in zip(results, enrich(lexicon, texts))]


def _batches(rows: Iterator[list[str]], column: int, campaign_of: np.ndarray):
    pending: list[tuple[list[str], str, int]] = []
    for position, row in enumerate(rows):
        pending.append((row, _text(row, column), int(campaign_of[position]) if position < len(campaign_of) else 0))
        if len(pending) >= BATCH:
            yield pending
            pending = []
    if pending:
        yield pending


def analyse_texts(texts: list[str]) -> list[tuple[str, str, str, str]]:
    """(language, sentiment, polarity as text, stance) per text; identical texts once."""
    memo: dict[str, tuple[str, str, str, str]] = {}
    results = []
    for text in texts:
        result = memo.get(text)
        if result is None:
            answer = analyse_answer(text)
            result = memo[text] = (answer.language, answer.sentiment.label, f"{answer.sentiment.polarity:.4f}",
                                   answer.stance.stance)
        results.append(result)
    return results


def _analyse_batch(texts: list[str], campaigns: list[int], themes: ThemeAssigner | None = None) -> list[tuple]:
    """The six output columns for a batch of answers."""
    themes = themes or _WORKER_THEMES
    return [result + (theme or "", campaign or "")
            for result, theme, campaign in zip(analyse_texts(texts), themes.of(texts, campaigns), campaigns)]


_WORKER_THEMES: ThemeAssigner | None = None  # set before forking: the workers inherit the fitted model


def _one_thread_each() -> None:
    """Workers already use every core between them: no BLAS/OpenMP threads on top."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _results(batches, themes: ThemeAssigner, workers: int):
    """(batch, output columns) in input order; with ``workers`` > 1 computed in forked
    processes, never more than 2 x ``workers`` batches ahead of the writer."""
    if workers <= 1:
        for pending in batches:
            yield pending, _analyse_batch([t for _, t, _ in pending], [c for _, _, c in pending], themes)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_THEMES
    _WORKER_THEMES = themes
    analyse_answer("warm up")  # load the lexicon once, before forking, so every worker shares it
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_one_thread_each) as pool:
            window: deque = deque()
            for pending in batches:
                window.append((pending, pool.submit(_analyse_batch, [t for _, t, _ in pending],
                                                    [c for _, _, c in pending])))
                if len(window) >= 2 * workers:
                    done, future = window.popleft()
                    yield done, future.result()
            while window:
                done, future = window.popleft()
                yield done, future.result()
    finally:
        _WORKER_THEMES = None
