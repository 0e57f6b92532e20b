"""Exports of a survey's responses: one row per response, one column per question (one per
option for multiple choice), streamed in constant memory through ``inspraak.exports``."""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from inspraak.exports import csv_lines, json_lines, write_xlsx, xlsx_tempfile
from inspraak.extensions import db
from surveys.models import Answer, Response, Survey
from surveys.questions import kind_of

FORMATS = ("csv", "xlsx", "json")
FIXED_COLUMNS = ("referentie", "verzonden_op", "categorie", "organisatie", "naam", "provincie", "openbaarheid", "bron")
BATCH = 5000


def header(survey: Survey) -> list[str]:
    columns = list(FIXED_COLUMNS)
    for number, question in enumerate(survey.ordered_questions(), start=1):
        columns += kind_of(question).columns(question, number)
    return columns


def rows(survey: Survey) -> Iterator[list]:
    """Every submitted response as a list of cells, in the order of ``header``; read in batches."""
    questions = survey.ordered_questions()
    plan = [(question.id, kind_of(question), question) for question in questions]
    empty = {question.id: kind_of(question).cells(question, None) for question in questions}
    stmt = (db.select(Response.id, Response.reference, Response.submitted_at, Response.respondent_category,
                      Response.organisation_name, Response.respondent_name, Response.province, Response.publication,
                      Response.source, Answer.question_id, Answer.value)
            .outerjoin(Answer, Answer.response_id == Response.id)
            .where(Response.survey_id == survey.id, Response.submitted_at.is_not(None))
            .order_by(Response.id)
            .execution_options(yield_per=BATCH))
    current_id, fixed, answers = None, None, {}
    for row in db.session.execute(stmt):
        if row[0] != current_id:
            if current_id is not None:
                yield _row(fixed, answers, plan, empty)
            current_id, fixed, answers = row[0], row[1:9], {}
        if row[9] is not None:
            answers[row[9]] = row[10]
    if current_id is not None:
        yield _row(fixed, answers, plan, empty)


def _row(fixed, answers: dict, plan, empty: dict) -> list:
    cells = list(fixed)
    for question_id, kind, question in plan:
        value = answers.get(question_id)
        cells += empty[question_id] if value is None else kind.cells(question, value)
    return cells


def csv_stream(survey: Survey) -> Iterator[str]:
    return csv_lines(header(survey), rows(survey))


def json_stream(survey: Survey) -> Iterator[str]:
    columns = header(survey)
    return json_lines(dict(zip(columns, row)) for row in rows(survey))


def xlsx_file(survey: Survey) -> IO[bytes]:
    return xlsx_tempfile([(survey.title[:31], header(survey), rows(survey))])


def write_export(survey: Survey, fmt: str, target: str) -> None:
    """Write the export to a file (the ``export-responses`` command)."""
    if fmt == "xlsx":
        write_xlsx(target, [(survey.title[:31], header(survey), rows(survey))])
        return
    lines = csv_stream(survey) if fmt == "csv" else json_stream(survey)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        for line in lines:
            handle.write(line)
