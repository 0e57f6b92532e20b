"""Moderation's background jobs (``inspraak.jobs.enqueue``): never run inside a request.

``analyse_survey_job`` analyses the open answers of a survey (short and long text) with
``moderation.analysis`` and writes a CSV: reference, question, the answer and the
analysis columns (language, sentiment, polarity, stance, theme, campaign). The answers are
streamed from the database into a temporary file and analysed from there, so memory does
not grow with the number of responses; on RQ it runs on an ``inspraak worker``.
"""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from inspraak.extensions import db

TEXT_KINDS = ("short_text", "long_text")


def analyse_survey_job(survey_id: int, output_path: str) -> dict:
    from moderation.analysis.fileio import analyse_file
    from surveys.models import Answer, Response, Survey

    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"survey {survey_id} does not exist (any more)")
    questions = {q.id: q.text for q in survey.ordered_questions() if q.kind in TEXT_KINDS}
    output = Path(output_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    stmt = (db.select(Response.reference, Answer.question_id, Answer.value)
            .join(Answer, Answer.response_id == Response.id)
            .where(Response.survey_id == survey.id, Response.submitted_at.is_not(None),
                   Answer.question_id.in_(list(questions) or [-1]))
            .order_by(Response.id, Answer.question_id)
            .execution_options(yield_per=5000))
    handle, source = tempfile.mkstemp(suffix=".csv", dir=output.parent, prefix=".answers-")
    rows = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target)
            writer.writerow(["reference", "question", "text"])
            for reference, question_id, value in db.session.execute(stmt):
                if isinstance(value, str) and value.strip():
                    writer.writerow([reference, questions[question_id], value])
                    rows += 1
        db.session.rollback()  # nothing is written: end the read transaction before the long part
        if rows == 0:
            with output.open("w", encoding="utf-8", newline="") as target:
                csv.writer(target).writerow(["reference", "question", "text", "language", "sentiment", "polarity",
                                             "stance", "theme", "campaign"])
            return {"survey": survey_id, "rows": 0, "themes": [], "output": str(output)}
        summary = analyse_file(source, output, "text")
    finally:
        Path(source).unlink(missing_ok=True)
    return {"survey": survey_id, "rows": summary.rows, "campaigns": summary.campaigns,
            "themes": list(summary.themes), "output": str(output)}
