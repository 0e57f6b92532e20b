"""What cleaning costs: Markdown rendered and cleaned (inspraak.text) against Markdown alone.

Bodies are cleaned once, when stored, so this cost is paid per save, not per view.
"""
from __future__ import annotations

from bench.timing import median_seconds
from inspraak.demo import CONSULTATIONS
from inspraak.text import _renderer, markdown_to_html


def run(*, repeat: int) -> None:
    body = "\n\n".join(spec["body"] for spec in CONSULTATIONS) * 4
    baseline = median_seconds(lambda: _renderer.render(body), repeat=repeat, number=20)
    cleaned = median_seconds(lambda: markdown_to_html(body), repeat=repeat, number=20)
    print(f"sanitise: markdown+bleach / markdown alone = {cleaned / baseline:.2f}x "
          f"({len(body)} characters of demo bodies)")
    # Worst cases at the field's cap, against an ordinary body of the same length: a
    # linear parser keeps these within a small factor (Python-Markdown needed minutes).
    ordinary = (body * (100_000 // len(body) + 1))[:100_000]
    plain = median_seconds(lambda: markdown_to_html(ordinary), repeat=repeat, number=1)
    for name, source in (('"[" * 100000', "[" * 100_000), ('"[a](" * 25000', "[a](" * 25_000),
                         ('"![" * 50000', "![" * 50_000)):
        worst = median_seconds(lambda: markdown_to_html(source), repeat=repeat, number=1)
        print(f"sanitise: {name} / ordinary 100,000-character body = {worst / plain:.2f}x")
