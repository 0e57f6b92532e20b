"""The draft consultation report (consultatieverslag): one outline of blocks, written as
DOCX (python-docx) and as PDF (fpdf2), with the same charts (``charts``) and the same
figures as the dashboard (both come from ``dashboard.build_summary``).

Chapters: introduction, who responded, per question the main lines with figures and
quotes, campaigns, and "wat is er met de reacties gedaan" for the officer to complete.
Every quote carries its response's reference; every theme lists the references of the
responses it counts; quotes respect the publication choice and redactions."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import unescape

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from moderation.summaries.charts import bar_chart_png, font_path
from moderation.summaries.dashboard import Summary, Table
from moderation.summaries.data import theme_references


@dataclass
class Block:
    kind: str                 # title, heading, paragraph, table, chart, quote, sources, note
    text: str = ""
    level: int = 1
    table: Table | None = None
    attribution: str = ""


def _plain(html: str | None) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html or "")).strip()


def outline(summary: Summary) -> list[Block]:
    c = summary.consultation
    blocks = [Block("title", _("Concept-consultatieverslag: %(title)s", title=c.title))]
    blocks.append(Block("heading", _("1. Inleiding")))
    blocks.append(Block("paragraph", c.summary))
    blocks.append(Block("paragraph", _("De consultatie stond open van %(start)s tot %(end)s.",
                                       start=format_date(c.opens_at, "long"), end=format_date(c.responses_ended_at, "long"))))
    if summary.run is None:
        blocks.append(Block("paragraph", _("De reacties zijn nog niet geanalyseerd.")))
        return blocks
    blocks.append(Block("paragraph", _(
        "Er kwamen %(n)d reacties binnen via de vragenlijst. De open antwoorden zijn automatisch geanalyseerd "
        "(sentiment, standpunt, thema's en campagnes) op %(when)s en daarna door beleidsmedewerkers nagekeken en "
        "waar nodig gecorrigeerd. Citaten staan er alleen in als de indiener openbaarmaking toestond, en zoals de "
        "moderatie ze heeft vrijgegeven. Achter elk citaat staat het referentienummer van de reactie; bij elk "
        "thema staan de referenties van de reacties die het telt.",
        n=summary.total_responses, when=format_datetime(summary.run.finished_at, "medium"))))
    if summary.new_responses:
        blocks.append(Block("note", _("Na deze analyse kwamen nog %(n)d reacties binnen; die tellen hier niet mee.",
                                      n=summary.new_responses)))

    blocks.append(Block("heading", _("2. Wie heeft gereageerd")))
    for table in (summary.respondents,):
        blocks += [Block("table", table=table), Block("chart", table=table)]
    for warning in summary.warnings:
        blocks.append(Block("note", warning))
    for table in (summary.organisations, summary.provinces, summary.weeks):
        if table is not None and table.rows:
            blocks.append(Block("table", table=table))
    if summary.roundtables:
        blocks.append(Block("heading", _("Bijeenkomsten"), level=2))
        for event in summary.roundtables:
            blocks.append(Block("paragraph", _("%(kind)s ‘%(title)s’ op %(date)s: %(n)d bevestigde deelnemers, %(came)d aanwezig.",
                                               kind=event.kind, title=event.title, date=format_date(event.starts_at, "long"),
                                               n=sum(event.confirmed.values()), came=event.attended)))
            if event.key_points_html:
                blocks.append(Block("paragraph", _("Belangrijkste punten: %(text)s", text=_plain(event.key_points_html))))
        if summary.channels is not None:
            blocks.append(Block("table", table=summary.channels))

    blocks.append(Block("heading", _("3. Per vraag")))
    for question in summary.questions:
        blocks.append(Block("heading", f"{question.number}. {question.text}", level=2))
        blocks.append(Block("paragraph", _("%(n)d antwoorden.", n=question.answered)))
        if question.is_open and question.themes:
            top = question.themes[:3]
            blocks.append(Block("paragraph", _("Hoofdlijnen: de meest genoemde thema's zijn %(themes)s.", themes="; ".join(
                f"‘{t.name}’ ({t.count})" for t in top))))
        for table in question.tables:
            blocks.append(Block("table", table=table))
            if table.bars:
                blocks.append(Block("chart", table=table))
        if question.is_open and question.themes:
            references = theme_references(summary.consultation.id, question.id)
            for theme in question.themes:
                blocks.append(Block("heading", _("Thema: %(name)s (%(n)d)", name=theme.name, n=theme.count), level=3))
                for quote in theme.quotes:
                    blocks.append(Block("quote", quote.text, attribution=_("%(author)s, reactie %(reference)s",
                                                                          author=quote.author, reference=quote.reference)))
                if not theme.quotes:
                    blocks.append(Block("note", _("Geen citaat: geen van de kenmerkende reacties mag openbaar worden.")))
                refs = references.get(theme.id, [])
                blocks.append(Block("sources", _("Bronnen (%(n)d reacties): %(refs)s", n=len(refs), refs=", ".join(refs))))

    blocks.append(Block("heading", _("4. Campagnes")))
    campaigns = [(q, c) for q in summary.questions for c in q.campaigns]
    if not campaigns:
        blocks.append(Block("paragraph", _("Er zijn geen campagnes (grotendeels gelijke reacties) gevonden.")))
    for question in summary.questions:
        if question.campaign_count > len(question.campaigns):
            blocks.append(Block("paragraph", _("Bij vraag %(q)d: %(n)d campagnes met samen %(copies)d antwoorden; "
                                               "hieronder de %(shown)d grootste.", q=question.number, n=question.campaign_count,
                                               copies=question.campaign_copies, shown=len(question.campaigns))))
    for question, campaign in campaigns:
        blocks.append(Block("paragraph", _("Bij vraag %(q)d kwamen %(n)d vrijwel gelijke reacties binnen (campagne %(c)d).",
                                           q=question.number, n=campaign.size, c=campaign.number)))
        if campaign.template:
            blocks.append(Block("quote", campaign.template, attribution=_("tekst van de campagne, o.a. reactie %(reference)s",
                                                                          reference=campaign.reference)))
        else:
            blocks.append(Block("note", _("De tekst wordt niet geciteerd: geen van de indieners koos voor openbaarmaking.")))

    blocks.append(Block("heading", _("5. Wat is er met de reacties gedaan")))
    blocks.append(Block("note", _("In te vullen door de beleidsmedewerker: welke punten uit de reacties zijn "
                                  "overgenomen, welke niet en waarom, en wat de vervolgstappen zijn.")))
    return blocks


# --- DOCX -------------------------------------------------------------------------

def write_docx(summary: Summary, target) -> None:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = _("Concept-consultatieverslag: %(title)s", title=summary.consultation.title)
    document.core_properties.language = "nl-NL"
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    for block in outline(summary):
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "note":
            document.add_paragraph().add_run(block.text).italic = True
        elif block.kind == "sources":
            run = document.add_paragraph().add_run(block.text)
            run.font.size = Pt(8)
        elif block.kind == "quote":
            paragraph = document.add_paragraph(style="Quote")
            paragraph.add_run(f"“{block.text}”")
            paragraph.add_run(f" ({block.attribution})").italic = True
        elif block.kind == "table":
            _docx_table(document, block.table)
        elif block.kind == "chart":
            document.add_picture(io.BytesIO(bar_chart_png(block.table)), width=Cm(16))
            picture = document.inline_shapes[-1]
            picture._inline.docPr.set("descr", _("Staafdiagram: %(caption)s. De getallen staan in de tabel erboven.",
                                                 caption=block.table.caption))
    document.save(target)


def _docx_table(document, table: Table) -> None:
    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    for column, text in enumerate(table.header):
        cell = grid.rows[0].cells[column]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for index, (label, cells) in enumerate(table.rows, start=1):
        row = grid.rows[index].cells
        row[0].text = label
        for column, text in enumerate(cells, start=1):
            row[column].text = text


# --- PDF --------------------------------------------------------------------------

def write_pdf(summary: Summary, target) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_title(_("Concept-consultatieverslag: %(title)s", title=summary.consultation.title))
    pdf.set_lang("nl-NL")
    pdf.set_creator("Inspraak")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path(bold=True)))
    pdf.add_font("DejaVu", "I", str(font_path()))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.epw
    sizes = {0: 18, 1: 15, 2: 12.5, 3: 11}
    heading_style = FontFace(emphasis="BOLD", fill_color=(230, 236, 244))
    for block in outline(summary):
        if block.kind in ("title", "heading"):
            level = 0 if block.kind == "title" else block.level
            pdf.set_font("DejaVu", "B", sizes[level])
            pdf.ln(2)
            pdf.multi_cell(width, sizes[level] * 0.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind in ("paragraph", "note", "sources", "quote"):
            size = 7.5 if block.kind == "sources" else 10
            pdf.set_font("DejaVu", "", size)
            text = f"“{block.text}” ({block.attribution})" if block.kind == "quote" else block.text
            indent = 8 if block.kind == "quote" else 0
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif block.kind == "table":
            pdf.set_font("DejaVu", "B", 9)
            pdf.multi_cell(width, 5, block.table.caption, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 8)
            with pdf.table(headings_style=heading_style, line_height=4.5, text_align="LEFT") as grid:
                grid.row(block.table.header)
                for label, cells in block.table.rows:
                    grid.row([label, *cells])
            pdf.ln(2)
        elif block.kind == "chart":
            png = bar_chart_png(block.table)
            pdf.image(io.BytesIO(png), w=min(width, 160), alt_text=_("Staafdiagram: %(caption)s",
                                                                      caption=block.table.caption))
            pdf.ln(2)
    target.write(bytes(pdf.output()))
