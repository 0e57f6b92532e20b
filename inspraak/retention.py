"""Retention: every area's ``RetentionTask``s, run by ``inspraak purge`` (daily, from cron,
a systemd timer or the job queue: ``enqueue(purge_job)``)."""
from __future__ import annotations

from inspraak.areas import registry
from inspraak.database import utcnow


def run_retention() -> list[tuple[str, int]]:
    now = utcnow()
    return [(task.description, task.run(now)) for task in registry().retention]


def purge_job() -> None:
    """The same as a background job."""
    run_retention()
