"""What cleaning costs: Markdown rendered and cleaned (inspraak.text) against Markdown alone.

Bodies are cleaned once, when stored, so this cost is paid per save, not per view.
"""
from __future__ import annotations

import markdown

from bench.timing import median_seconds
from inspraak.demo import CONSULTATIONS
from inspraak.text import markdown_to_html


def run(*, repeat: int) -> None:
    body = "\n\n".join(spec["body"] for spec in CONSULTATIONS) * 4
    baseline = median_seconds(lambda: markdown.markdown(body, extensions=["tables", "sane_lists"]), repeat=repeat, number=20)
    cleaned = median_seconds(lambda: markdown_to_html(body), repeat=repeat, number=20)
    print(f"sanitise: markdown+bleach / markdown alone = {cleaned / baseline:.2f}x "
          f"({len(body)} characters of demo bodies)")
