"""``inspraak report SLUG --format docx|pdf|xlsx|csv|json --output FILE``: the draft report
or the data, as the downloads give them. Analyses first (in this process) when the
consultation has no analysis yet or responses arrived after it."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "xlsx", "csv", "json"]), required=True)
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--reanalyse/--no-reanalyse", default=True, show_default=True,
              help="Analyse first when there is no analysis or newer responses arrived.")
def report_command(slug: str, fmt: str, output_path: str, reanalyse: bool) -> None:
    """Write the draft consultation report (DOCX, PDF) or the analysis data (XLSX, CSV, JSON)."""
    from flask_babel import force_locale

    from inspraak.consultations.services import consultation_by_slug
    from inspraak.errors import DomainError
    from moderation.summaries import runs
    from moderation.summaries.dashboard import build_summary
    from moderation.summaries.writers import write

    consultation = consultation_by_slug(slug)
    if consultation is None:
        raise click.ClickException(f"No consultation with the slug {slug!r}.")
    if not Path(output_path).resolve().parent.is_dir():  # before an analysis that may take minutes
        raise click.ClickException(f"Cannot write {output_path}: its folder does not exist.")
    run = runs.latest_finished_run(consultation)
    if reanalyse and (run is None or runs.responses_since(run.survey_id, run.started_at)):
        click.echo("Analysing the responses first...", err=True)
        try:
            run = runs.analyse_now(None, consultation)
        except DomainError as error:
            raise click.ClickException(str(error.message)) from None
        if run.status != "done":
            raise click.ClickException(f"The analysis failed: {run.error}")
    with force_locale("nl"):
        summary = build_summary(consultation)
        try:
            with open(output_path, "wb") as target:
                write(summary, fmt, target)
        except OSError as error:
            raise click.ClickException(f"Cannot write {output_path}: {error.strerror or error}.") from None
    click.echo(f"{fmt.upper()} written to {output_path} ({summary.total_responses} responses).")
