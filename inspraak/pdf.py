"""Small PDFs with text lines (demo documents, tests), written with fpdf2, the maintained
PDF library the consultation reports use too (``moderation.summaries.report``)."""
from __future__ import annotations

# Helvetica (a PDF core font, nothing to embed) covers Latin-1; typographic quotes and
# dashes become their plain forms, anything else a question mark.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """Return PDF bytes: the title and the lines in Helvetica on A4 pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("Inspraak")
    pdf.set_lang("nl-NL")
    pdf.set_compression(False)  # a few lines: readable as it is, and its size grows with its text
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(pdf.epw, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for line in lines:
        pdf.multi_cell(pdf.epw, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
