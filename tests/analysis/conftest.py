"""Fixtures for the analysis tests: the labelled consultation set and generated answers."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def labelled_rows() -> list[dict[str, str]]:
    with (DATA / "consultation_nl.tsv").open(encoding="utf-8") as source:
        lines = [line for line in source if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.fixture(scope="session")
def labelled() -> list[dict[str, str]]:
    return labelled_rows()


@pytest.fixture(scope="session")
def planted():
    """10,000 generated answers with a planted campaign of 500 lightly edited copies."""
    from moderation.analysis.synthetic import answers

    return answers(10_000, seed=11, campaign_copies=500)
