"""Bar charts for the DOCX and PDF reports, from one plotting library (matplotlib, Agg
backend, no display and no global pyplot state, so it is safe in a job thread). The
dashboard draws the same bars as SVG in its template, with the numbers in a table."""
from __future__ import annotations

import io
from pathlib import Path

from moderation.summaries.dashboard import Table

BAR_COLOUR = "#154273"   # Rijksoverheid dark blue
MAX_LABEL = 40


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans as matplotlib ships it (the PDF uses it too: every Dutch character)."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def bar_chart_png(table: Table, *, width_inches: float = 6.3) -> bytes:
    """A horizontal bar chart of ``table.bars`` (labels, values and their texts) as PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    bars = table.bars
    labels = [b.label if len(b.label) <= MAX_LABEL else b.label[:MAX_LABEL - 1] + "…" for b in bars]
    height = 0.8 + 0.38 * max(1, len(bars))
    figure = Figure(figsize=(width_inches, height), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    axes.barh(positions, [b.width for b in bars], color=BAR_COLOUR, height=0.6)
    axes.set_yticks(positions, labels=labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 135)
    axes.set_xticks([])
    for position, bar in zip(positions, bars):
        axes.text(bar.width + 1.5, position, bar.text, va="center", fontsize=8)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_title(table.caption, fontsize=9, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
