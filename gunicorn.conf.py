"""gunicorn settings for Inspraak: ``gunicorn -c gunicorn.conf.py 'inspraak:create_app()'``.

Every value can be changed through the environment (the systemd units in deploy/ and the
benchmark in bench/load.py set them), so one file serves a laptop, CI and production.

Why these values:

* ``gthread`` workers (processes with threads): a request spends much of its time waiting
  for the database (PostgreSQL over the network, or SQLite's fsync), so a few threads per
  process keep the CPU busy without the memory of a process per request. Python's GIL keeps
  one process on one core, hence processes = cores (+1 for the time one waits on I/O).
* ``preload_app = False``: each worker builds its own app, so no database connection,
  Redis connection or thread pool is created before the fork and then shared by every
  worker (a pool shared across fork hands the same socket to two processes). It also
  lets ``kill -HUP`` reload new code worker by worker. The cost: start-up happens once per
  worker (about a second) and memory is not shared copy-on-write.
* ``timeout``: a worker that does not answer for this long is killed and replaced. Heavy
  work (analysis, exports of a whole survey, reports) runs as background jobs, never in a
  request, so 30 s is generous; a stuck request should not hold a thread for minutes.
* ``graceful_timeout``: on a restart (a roll-out) workers finish the requests they have.
* ``keepalive``: the TLS proxy in front keeps connections to gunicorn open for a few
  seconds; a value below the proxy's upstream keep-alive avoids races on closed sockets.
* ``max_requests`` (with jitter): workers are replaced now and then, so a slow leak in a
  library never grows without bound, and never all workers at once.
"""
from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


bind = os.environ.get("INSPRAAK_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _int("INSPRAAK_WORKERS", multiprocessing.cpu_count() + 1)
threads = _int("INSPRAAK_THREADS", 4)
preload_app = False
timeout = _int("INSPRAAK_TIMEOUT", 30)
graceful_timeout = _int("INSPRAAK_GRACEFUL_TIMEOUT", 30)
keepalive = _int("INSPRAAK_KEEPALIVE", 5)
max_requests = _int("INSPRAAK_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
backlog = _int("INSPRAAK_BACKLOG", 2048)
# The proxy in front sets X-Forwarded-*; Inspraak itself decides how far to trust them
# (INSPRAAK_PROXY_HOPS, werkzeug's ProxyFix), so gunicorn passes them on untouched.
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("INSPRAAK_ACCESS_LOG") or None  # "-" for stdout; off by default
errorlog = "-"
loglevel = os.environ.get("INSPRAAK_LOG_LEVEL", "info")
proc_name = "inspraak"
# Temporary files of the worker heartbeat in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
