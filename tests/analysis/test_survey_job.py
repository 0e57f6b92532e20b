"""The analysis of a survey's open answers as a background job (``inspraak analyse-survey``)."""
from __future__ import annotations

import csv

from inspraak.jobs import enqueue
from moderation.jobs import analyse_survey_job


def test_analyse_survey_command_queues_the_job_and_writes_the_csv(app, build, tmp_path):
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
    assert "queued on inline" in result.output
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
