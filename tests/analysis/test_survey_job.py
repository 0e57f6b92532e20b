"""The analysis of a survey's open answers as a background job (``inspraak analyse-survey``)."""
from __future__ import annotations

import csv

from inspraak.jobs import enqueue
from moderation.jobs import analyse_survey_job


def test_analyse_survey_command_writes_the_csv(app, build, tmp_path):
    survey = build.survey(status="draft")
    question = build.question(survey, "long_text", "Wat vindt u van kweekvlees?")
    choice = build.question(survey, "single_choice", "Eet u vlees?", options=["Ja", "Nee"])
    from surveys import builder

    builder.open_survey(survey.owner, survey)
    texts = ["Ik vind kweekvlees een goed idee voor het klimaat.", "Dit is onnatuurlijk en gevaarlijk.",
             "Geen mening, maar ik wil meer weten over de veiligheid."]
    for text in texts:
        build.imported_response(survey, {question.id: text, choice.id: choice.options[0]["value"]})
    output = tmp_path / "analyse.csv"
    result = app.test_cli_runner().invoke(args=["analyse-survey", survey.slug, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "Analysed 3 answer(s)" in result.output
    with output.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    assert [row["text"] for row in rows] == texts
    assert {row["question"] for row in rows} == {"Wat vindt u van kweekvlees?"}
    assert rows[0]["sentiment"] == "positive" and rows[1]["sentiment"] == "negative"
    assert all(row["stance"] and row["language"] == "nl" for row in rows)


def test_job_on_a_survey_without_open_answers_writes_only_the_header(app, build, tmp_path):
    survey = build.survey(status="open")
    output = tmp_path / "leeg.csv"
    enqueue(analyse_survey_job, survey.id, str(output))
    assert output.read_text(encoding="utf-8").startswith("reference,question,text,language")


def test_unknown_survey_is_refused(app):
    result = app.test_cli_runner().invoke(args=["analyse-survey", "bestaat-niet"])
    assert result.exit_code != 0 and "No survey" in result.output


def test_without_a_queue_the_command_has_written_the_csv_when_it_returns(app, build, tmp_path):
    """The embedded default (a thread pool in the process): the command's process ends when
    it returns, so the analysis must be done by then, not left on a thread that dies with it."""
    survey = build.survey(status="open")
    question = build.question(survey, "long_text", "Wat vindt u van kweekvlees?")
    build.imported_response(survey, {question.id: "Een goed idee voor het klimaat."})
    app.config["JOBS_BACKEND"] = "thread"
    output = tmp_path / "analyse.csv"
    result = app.test_cli_runner().invoke(args=["analyse-survey", survey.slug, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "now, in this process" in result.output
    with output.open(encoding="utf-8", newline="") as source:
        assert [row["text"] for row in csv.DictReader(source)] == ["Een goed idee voor het klimaat."]


def test_an_output_that_cannot_be_written_is_a_clear_error(app, build, tmp_path):
    survey = build.survey(status="open")
    blocker = tmp_path / "bestand"
    blocker.write_text("")
    result = app.test_cli_runner().invoke(args=["analyse-survey", survey.slug, "--output", str(blocker / "a.csv")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "Cannot write" in result.output
