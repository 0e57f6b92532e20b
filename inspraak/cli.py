"""The ``inspraak`` command: Flask's own commands plus Inspraak's. Parses, then calls services."""
from __future__ import annotations

import getpass
import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.errors import DomainError


def _create_app():
    from inspraak import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, help=(
    "Inspraak: consultation and dialogue platform.\n\n"
    "The environment is chosen with INSPRAAK_ENV (development, test, production); "
    "the database with DATABASE_URL (default: SQLite in instance/). "
    "Besides the commands below, Flask's own run, shell, routes and db (migrations) are here."))
def main() -> None:
    pass


def register_commands(app) -> None:
    for command in (init_db, seed_demo, create_user, create_token, close_expired, worker, demo_code, purge, backup,
                    restore):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema to the newest migration (alembic upgrade head)."""
    from flask_migrate import upgrade

    upgrade()
    from inspraak.consultations.topics import ensure_topics

    added = ensure_topics()
    click.echo(f"Database is up to date ({current_app.config['SQLALCHEMY_DATABASE_URI'].split('://')[0]}); "
               f"{added} topic(s) added.")


@click.command("seed-demo")
@click.option("--print-accounts/--no-print-accounts", default=True, help="Print the demo accounts and passwords.")
@with_appcontext
def seed_demo(print_accounts: bool) -> None:
    """Load the demo content once (development and test only; refused in production)."""
    from inspraak import demo

    try:
        created = demo.seed()
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Demo content loaded." if created else "Demo content was already loaded; nothing changed.")
    if print_accounts:
        click.echo(demo.accounts_table())


@click.command("create-user")
@click.option("--email", required=True, help="E-mail address (used to sign in).")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.PARTICIPANT.value, show_default=True)
@click.option("--organisation", help="Organisation the user represents (for role 'organisation').")
@click.option("--category", type=click.Choice([c.value for c in OrganisationCategory]),
              help="The organisation's stakeholder category (with --organisation).")
@click.option("--password", help="Password; asked for when omitted. Use --generate-password for a random one.")
@click.option("--generate-password", is_flag=True, help="Generate a random password and print it once.")
@with_appcontext
def create_user(email, name, role, organisation, category, password, generate_password) -> None:
    """Create a verified account, e.g. the first admin."""
    from inspraak.accounts import services

    if organisation and not category:
        raise click.UsageError("--organisation needs --category.")
    if generate_password:
        password = secrets.token_urlsafe(18)
    elif not password:
        if not sys.stdin.isatty():
            raise click.UsageError("Give --password or --generate-password when not run interactively.")
        password = getpass.getpass("Password: ")
    details = services.OrganisationDetails(organisation, OrganisationCategory(category)) if organisation else None
    try:
        user = services.create_user(email=email, name=name, password=password, role=Role(role),
                                    organisation=details, verified=True)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if generate_password:
        click.echo(f"Password: {password}")


@click.command("create-token")
@click.option("--email", required=True, help="E-mail address of an existing policy officer or admin.")
@click.option("--name", required=True, help="What the token is for, e.g. 'import papieren enquêtes'.")
@with_appcontext
def create_token(email, name) -> None:
    """Print a new personal API token (shown once; stored only as a hash)."""
    from inspraak.accounts import services

    try:
        token, secret = services.create_api_token_for_email(email, name)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created token {token.name!r} for {email} (prefix {token.prefix}). It is shown only this once:")
    click.echo(secret)


@click.command("close-expired")
@with_appcontext
def close_expired() -> None:
    """Close the open consultations whose period has ended. Run it every few minutes (cron, systemd timer)."""
    from inspraak.consultations.services import close_expired_consultations
    from inspraak.database import utcnow

    closed = close_expired_consultations(utcnow())
    for consultation in closed:
        click.echo(f"closed {consultation.slug}")
    click.echo(f"{len(closed)} consultation(s) closed.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for new jobs.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run background jobs from the Redis queue (needs REDIS_URL). Start one or more per machine."""
    from inspraak.jobs import work

    app = current_app._get_current_object()
    if app.config.get("JOBS_BACKEND") != "rq" or not app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL (and leave INSPRAAK_JOBS_BACKEND unset or 'rq') to run a worker; "
                                   "without Redis, jobs run inside the web process.")
    click.echo(f"Worker for queue {app.config['JOBS_QUEUE']!r} on {app.config['REDIS_URL']}" + (" (burst)" if burst else ""))
    work(app, burst=burst)


@click.command("demo-code")
@with_appcontext
def demo_code() -> None:
    """Print the two-factor code the demo staff accounts accept now (development only)."""
    from inspraak import demo

    try:
        click.echo(demo.current_demo_code())
    except DomainError as error:
        raise click.ClickException(str(error)) from None


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Remove personal data kept long enough (retention); run it daily from cron or a timer."""
    from inspraak.retention import run_retention

    for description, count in run_retention():
        click.echo(f"{count:>6}  {description}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path) -> None:
    """Write a consistent copy of the database to FILE (SQLite: online backup; PostgreSQL: pg_dump)."""
    from inspraak import backups

    try:
        backups.backup(file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {file}.")
    _print_fingerprints(backups.fingerprints())


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(file: Path, yes: bool) -> None:
    """Replace the database's contents with the backup in FILE. Stop the web and worker processes first."""
    from inspraak import backups

    if not yes:
        click.confirm(f"Replace everything in {current_app.config['SQLALCHEMY_DATABASE_URI'].split('://')[0]} "
                      f"database with {file}?", abort=True)
    try:
        upgraded_from = backups.restore(file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {file}.")
    if upgraded_from:
        click.echo(f"The backup was made by an older release (schema revision {upgraded_from}); "
                   f"the migrations brought it up to date.")
    _print_fingerprints(backups.fingerprints())


def _print_fingerprints(fingerprints: dict) -> None:
    for table, (count, checksum) in fingerprints.items():
        click.echo(f"  {table:<32} {count:>8} rows  {checksum}")
