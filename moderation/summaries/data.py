"""The summary as data: one JSON document (the API and the JSON download), and the rows
of the XLSX sheets (responses, themes, sentiment, campaigns) and the CSV, streamed and
formula-safe through ``inspraak.exports``."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import undefer

from inspraak.extensions import db
from moderation.summaries.dashboard import SENTIMENT_LABELS, STANCE_LABELS, Summary, Table
from moderation.summaries.figures import resolve_theme
from moderation.summaries.models import SummaryAnswer, SummaryQuestion, SummaryTheme
from surveys.models import Answer, Question, Response, category_label

ANSWER_HEADER = ["referentie", "vraag", "groep", "taal", "sentiment", "sentiment_gecorrigeerd", "standpunt",
                 "standpunt_gecorrigeerd", "thema", "thema_gecorrigeerd", "campagne"]


def _table(table: Table | None) -> dict | None:
    if table is None:
        return None
    return {"caption": table.caption, "header": table.header,
            "rows": [{"label": label, "cells": cells} for label, cells in table.rows]}


def summary_document(summary: Summary) -> dict:
    run = summary.run
    return {
        "consultation": {"slug": summary.consultation.slug, "title": summary.consultation.title,
                         "status": summary.consultation.status},
        "analysis": None if run is None else {
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "responses": run.responses, "answers_analysed": run.analysed, "answers_reused": run.reused,
            "responses_since": summary.new_responses},
        "respondents": {
            "total": summary.total_responses,
            "per_category": _table(summary.respondents), "organisations": _table(summary.organisations),
            "per_province": _table(summary.provinces), "per_week": _table(summary.weeks),
            "warnings": summary.warnings, "channels": _table(summary.channels),
        },
        "roundtables": [{"title": r.title, "kind": r.kind, "starts_at": r.starts_at.isoformat(),
                         "confirmed_per_category": r.confirmed, "attended": r.attended} for r in summary.roundtables],
        "questions": [{
            "id": q.id, "number": q.number, "text": q.text, "kind": q.kind, "answered": q.answered,
            "tables": [_table(t) for t in q.tables],
            "themes": [{"id": t.id, "name": t.name, "terms": t.terms, "origin": t.origin, "answers": t.count,
                        "quotes": [{"text": x.text, "author": x.author, "reference": x.reference} for x in t.quotes]}
                       for t in q.themes],
            "campaigns": [{"number": c.number, "size": c.size, "template": c.template, "reference": c.reference}
                          for c in q.campaigns],
        } for q in summary.questions],
    }


def _themes_of(consultation_id: int) -> dict[int, SummaryTheme]:
    return {t.id: t for t in db.session.scalars(
        db.select(SummaryTheme).join(Question, SummaryTheme.question_id == Question.id)
        .join(SummaryQuestion, SummaryQuestion.question_id == Question.id)
        .where(SummaryQuestion.consultation_id == consultation_id))}


def answer_rows(summary: Summary) -> Iterator[list]:
    """One row per analysed answer: its labels (corrected where an officer corrected them)."""
    themes = _themes_of(summary.consultation.id)
    numbers = {qid: text.split(".", 1)[0] for qid, text in summary.all_questions}
    stmt = (db.select(Response.reference, SummaryAnswer, Response.respondent_category)
            .join(Answer, SummaryAnswer.answer_id == Answer.id).join(Response, Answer.response_id == Response.id)
            .join(SummaryQuestion, SummaryQuestion.question_id == SummaryAnswer.question_id)
            .where(SummaryQuestion.consultation_id == summary.consultation.id)
            .order_by(SummaryAnswer.question_id, Response.reference)
            .execution_options(yield_per=2000))
    for reference, result, category in db.session.execute(stmt):
        theme = resolve_theme(result.chosen_theme_id, themes)
        yield [reference, numbers.get(result.question_id, ""), str(category_label(category)), result.language,
               str(SENTIMENT_LABELS[result.effective_sentiment]), result.sentiment_override is not None,
               str(STANCE_LABELS[result.effective_stance]), result.stance_override is not None,
               themes[theme].name if theme in themes else "", result.theme_corrected,
               result.campaign or ""]


def response_rows(summary: Summary) -> Iterator[list]:
    if summary.survey is None:
        return
    stmt = (db.select(Response.reference, Response.respondent_category, Response.organisation_name, Response.province,
                      Response.submitted_at, Response.publication)
            .where(Response.survey_id == summary.survey.id, Response.submitted_at.is_not(None))
            .order_by(Response.submitted_at).execution_options(yield_per=2000))
    for reference, category, organisation, province, submitted_at, publication in db.session.execute(stmt):
        yield [reference, str(category_label(category)), organisation or "", province or "", submitted_at, publication]


def theme_rows(summary: Summary) -> list[list]:
    rows = []
    for q in summary.questions:
        for t in q.themes:
            rows.append([q.number, q.text, t.name, t.origin, ", ".join(t.terms), t.count,
                         " | ".join(f"{x.reference}: {x.text}" for x in t.quotes)])
    return rows


def campaign_rows(summary: Summary) -> Iterator[list]:
    """Every campaign of every question (the dashboard shows the largest)."""
    numbers = {qid: text.split(".", 1)[0] for qid, text in summary.all_questions}
    texts = {qid: text.split(". ", 1)[-1] for qid, text in summary.all_questions}
    for row in db.session.scalars(db.select(SummaryQuestion).options(undefer(SummaryQuestion.campaigns)).where(
            SummaryQuestion.consultation_id == summary.consultation.id).order_by(SummaryQuestion.question_id)):
        for c in row.campaigns or []:
            # The officer's own data (like the survey's export), so the template as sent.
            yield [numbers.get(row.question_id, ""), texts.get(row.question_id, ""), c["number"], c["size"], c["template"]]


def xlsx_sheets(summary: Summary):
    return [
        ("reacties", ["referentie", "groep", "organisatie", "provincie", "ingediend", "openbaarheid"], response_rows(summary)),
        ("themas", ["vraag", "vraagtekst", "thema", "herkomst", "kernwoorden", "antwoorden", "citaten"], theme_rows(summary)),
        ("sentiment", ANSWER_HEADER, answer_rows(summary)),
        ("campagnes", ["vraag", "vraagtekst", "campagne", "aantal", "tekst"], campaign_rows(summary)),
    ]


def theme_references(consultation_id: int, question_id: int) -> dict[int, list[str]]:
    """Per theme (after merges and moves) the references of the responses in it (the report's sources)."""
    themes = _themes_of(consultation_id)
    refs: dict[int, list[str]] = {}
    stmt = (db.select(SummaryAnswer.chosen_theme_id, Response.reference)
            .join(Answer, SummaryAnswer.answer_id == Answer.id).join(Response, Answer.response_id == Response.id)
            .where(SummaryAnswer.question_id == question_id).order_by(Response.reference))
    for chosen, reference in db.session.execute(stmt):
        theme = resolve_theme(chosen, themes)
        if theme is not None:
            refs.setdefault(theme, []).append(reference)
    return refs
