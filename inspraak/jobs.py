"""Background work: ``enqueue(function, *args)``, the one way any area runs work later.

The backend is chosen by configuration (``JOBS_BACKEND``), never by the caller:

* ``thread`` (the embedded default): a small pool in this process runs the job inside
  an application context of its own;
* ``rq`` (the default when ``REDIS_URL`` is set): the job goes onto a Redis queue and an
  ``inspraak worker`` process runs it, on this machine or another;
* ``inline`` (tests): the job runs at once, before ``enqueue`` returns, in an
  application context (and so a database session) of its own.

A job is a module-level function and JSON-like arguments (ids, strings, bytes), never
ORM objects: it may run in another process, after the request has ended. Each job gets
a fresh database session, removed when it ends.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import Flask, current_app

log = logging.getLogger(__name__)

BACKENDS = ("inline", "thread", "rq")
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="inspraak-job")


@dataclass(frozen=True)
class Enqueued:
    """What ``enqueue`` returns: the backend that took the job and, on RQ, its id."""

    backend: str
    job_id: str | None = None


def function_path(function: Callable) -> str:
    """``module:qualname`` of a module-level function; anything else cannot be queued."""
    qualname = getattr(function, "__qualname__", "")
    module = getattr(function, "__module__", None)
    if not module or not qualname or "<" in qualname or "." in qualname:
        raise ValueError(f"{function!r} is not a module-level function; only those can run as jobs")
    return f"{module}:{qualname}"


def resolve(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def enqueue(function: Callable, *args, retries: int = 0, timeout: int = 3600) -> Enqueued:
    """Run ``function(*args)`` in the background. ``retries``: further tries on failure (RQ)."""
    path = function_path(function)
    app = current_app._get_current_object()
    backend = app.config.get("JOBS_BACKEND", "thread")
    if backend == "inline":
        # An application context of its own, so the job has its own session and removing
        # it at the end leaves the caller's session (and its objects) alone.
        with app.app_context():
            run_job(path, list(args))
        return Enqueued("inline")
    if backend == "thread":
        _pool.submit(_run_in_app, app, path, list(args))
        return Enqueued("thread")
    if backend == "rq":
        from rq import Retry

        job = rq_queue(app).enqueue(
            run_job, path, list(args), job_timeout=timeout,
            retry=Retry(max=retries, interval=[30, 120, 600][:retries] or None) if retries else None,
            description=path)
        return Enqueued("rq", job.id)
    raise RuntimeError(f"JOBS_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")


def enqueue_or_run(function: Callable, *args, timeout: int = 3600) -> tuple[Enqueued, object]:
    """For a command: queue the job when there is a queue (RQ); otherwise run it now, in the
    foreground, and return its result too. A command's process ends when the command returns,
    and a job left on this process's thread pool would end with it, half done."""
    app = current_app._get_current_object()
    if app.config.get("JOBS_BACKEND", "thread") == "rq":
        return enqueue(function, *args, timeout=timeout), None
    with app.app_context():
        return Enqueued("foreground"), run_job(function_path(function), list(args))


def run_job(path: str, args: list) -> object:
    """Run one job in the current application context with a fresh database session."""
    from inspraak.extensions import db

    try:
        return resolve(path)(*args)
    finally:
        db.session.remove()


def _run_in_app(app: Flask, path: str, args: list) -> None:
    with app.app_context():
        try:
            run_job(path, args)
        except Exception:  # noqa: BLE001 - a background failure must be logged, not lost
            log.exception("background job %s failed", path)


def redis_connection(app: Flask):
    from redis import Redis

    url = app.config.get("REDIS_URL")
    if not url:
        raise RuntimeError("The rq jobs backend needs REDIS_URL.")
    return Redis.from_url(url)


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=redis_connection(app))


def work(app: Flask, *, burst: bool = False) -> bool:
    """Process queued jobs in this process (``inspraak worker``), each in ``app``'s context."""
    from rq import SimpleWorker

    # SimpleWorker runs jobs in this process, so they share the application context
    # pushed here (a forking worker would share the parent's database connections).
    worker = SimpleWorker([rq_queue(app)], connection=redis_connection(app))
    with app.app_context():
        # The scheduler (retries after an interval) runs in long-lived workers, not in a burst.
        return worker.work(burst=burst, with_scheduler=not burst)
