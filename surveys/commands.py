"""The surveys area's commands (added to ``inspraak`` through its Area)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from surveys.exports import FORMATS


@click.command("export-responses")
@click.argument("survey_slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@with_appcontext
def export_responses(survey_slug: str, fmt: str, output: str) -> None:
    """Export a survey's submitted responses (one row per response) as CSV, XLSX or JSON."""
    from surveys.exports import write_export
    from surveys.services import response_count, survey_by_slug

    survey = survey_by_slug(survey_slug)
    if survey is None:
        raise click.ClickException(f"No survey with slug {survey_slug!r}.")
    try:
        write_export(survey, fmt, output)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error.strerror or error}.") from None
    click.echo(f"Wrote {response_count(survey)} response(s) of {survey.slug!r} to {output} ({fmt}).")
