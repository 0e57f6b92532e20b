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
    """The column names, each once: the JSON export keys its records by them, so a name
    twice (options with the same label, stored before the builder refused them; an option
    called "anders, namelijk" next to the "other" column) would drop a column there."""
    columns = list(FIXED_COLUMNS)
    for number, question in enumerate(survey.ordered_questions(), start=1):
        columns += kind_of(question).columns(question, number)
    return _unique(columns)


def _unique(columns: list[str]) -> list[str]:
    """``columns`` with a repeated name numbered: "3. Vraag: A", "3. Vraag: A (2)"."""
    taken, unique = set(columns), []
    used: set[str] = set()
    for name in columns:
        if name in used:
            n = 2
            while f"{name} ({n})" in taken:
                n += 1
            name = f"{name} ({n})"
            taken.add(name)
        used.add(name)
        unique.append(name)
    return unique


def rows(survey: Survey) -> Iterator[list]:
    """Every submitted response as a list of cells, in the order of ``header``.

    Two streamed queries (responses, and their answers in the same order) merged in one
    pass: each response's columns are read once, not once per answer, and memory stays
    constant however many responses there are."""
    questions = survey.ordered_questions()
    plan = [(question.id, kind_of(question), question) for question in questions]
    empty = {question.id: kind_of(question).cells(question, None) for question in questions}
    submitted = (Response.survey_id == survey.id, Response.submitted_at.is_not(None))
    responses_stmt = (db.select(Response.id, Response.reference, Response.submitted_at, Response.respondent_category,
                                Response.organisation_name, Response.respondent_name, Response.province,
                                Response.publication, Response.source)
                      .where(*submitted).order_by(Response.id))
    answers_stmt = (db.select(Answer.response_id, Answer.question_id, Answer.value)
                    .join(Response, Answer.response_id == Response.id).where(*submitted).order_by(Response.id))
    connection = db.session.connection().execution_options(stream_results=True, yield_per=BATCH)
    answers = iter(connection.execute(answers_stmt))
    pending = next(answers, None)
    for response_id, *fixed in connection.execute(responses_stmt):
        found = {}
        while pending is not None and pending[0] <= response_id:
            if pending[0] == response_id:
                found[pending[1]] = pending[2]
            pending = next(answers, None)
        yield _row(fixed, found, plan, empty)


def readable_answers(survey: Survey, answers: dict) -> dict:
    """One response's answers as the export writes them (question id -> stored value in,
    export column -> cell out): labels instead of stored values, a column for each option
    of a ranking or a matrix, and every name unique, so no answer is lost even when two
    questions have the same text. Only the questions that were answered."""
    columns = iter(header(survey)[len(FIXED_COLUMNS):])
    readable = {}
    for number, question in enumerate(survey.ordered_questions(), start=1):
        kind = kind_of(question)
        names = [next(columns) for _ in kind.columns(question, number)]
        if question.id in answers and answers[question.id] is not None:
            readable.update(zip(names, kind.cells(question, answers[question.id])))
    return readable


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
