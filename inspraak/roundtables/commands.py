"""The area's commands (for cron): they parse arguments and call services."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Remind confirmed participants the day before their event (each once). Run it hourly."""
    from inspraak.roundtables.services import send_reminders as send

    click.echo(f"{send()} reminder(s) sent.")


@click.command("purge-event-data")
@with_appcontext
def purge_event_data() -> None:
    """Erase diet answers after an event and accessibility needs a week later. Run it daily."""
    from inspraak.roundtables.services import purge_event_data as purge

    diets, needs = purge()
    click.echo(f"{diets} diet answer(s) and {needs} accessibility answer(s) erased.")
