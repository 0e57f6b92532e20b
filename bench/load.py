"""The platform under gunicorn on 127.0.0.1, loaded by concurrent clients, next to a bare
Flask baseline served by the same gunicorn settings in the same run.

    python -m bench.load [--quick] [--duration 10]

On SQLite (a file in a temporary folder) and, when ``DATABASE_URL`` is set, on that
PostgreSQL database too. That database must be a scratch one: its ``public`` schema is
dropped and migrated anew (a database holding anything but a previous run's tables is
refused). With ``REDIS_URL`` the page cache lives in Redis, as in production.

Measured (throughput, p50/p95/p99):

* survey submission through the real form flow (GET the form, POST the respondent page
  with its CSRF token, POST the answers and send; each submission a new visitor) at 16
  and 64 clients, against ``POST /insert`` of ``bench.bare`` (one 1 KB INSERT);
* public pages for anonymous visitors (home, consultation list, a consultation, the
  results of a survey with 1,000 responses; with the page cache) against ``GET /page`` of
  ``bench.bare`` (a template, no database);
* roundtable sign-up under contention: 200 signed-in clients post the sign-up form at
  the same moment for 20 seats (then: 20 confirmed, 180 on the waitlist, never more),
  against 200 simultaneous bare INSERTs.

The load generator is a short asyncio + httpx client (``run_clients``) rather than
locust: each scenario is a few lines of Python that must read CSRF and submission tokens
out of the pages, one process on a shared 2-core machine takes less CPU away from the
server than locust's gevent workers with their web UI and statistics, and httpx is a
small, maintained dependency with HTTP/1.1 keep-alive and cookie jars per client. The
client shares the machine with the server, so absolute numbers are lower than on a
separate load machine; the ratios against the baseline are what the targets use.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-wachtwoord-2026"
SEATS, CONTENDERS = 20, 200
BODY = "x" * 1024


# --- the servers ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str, instance: Path, *, redis_url: str | None = None, port: int = 0,
               cache_seconds: int = 60) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("INSPRAAK_") and key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({
        "INSPRAAK_ENV": "development", "DATABASE_URL": database_url, "INSPRAAK_INSTANCE_PATH": str(instance),
        # One address sends all the load: the per-address rate limits would stop it.
        "INSPRAAK_RATELIMIT_ENABLED": "false",
        # Signing in 200 people first is set-up, not what is measured.
        "INSPRAAK_ARGON2_PROFILE": "CHEAPEST", "INSPRAAK_STAFF_TWO_FACTOR": "false",
        "INSPRAAK_JOBS_BACKEND": "thread", "INSPRAAK_PAGE_CACHE_SECONDS": str(cache_seconds),
        "INSPRAAK_BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(ROOT),
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py APP`` as a child process (stopped with SIGTERM)."""

    def __init__(self, app: str, env: dict[str, str], ready_path: str = "/") -> None:
        self.ready_path = ready_path
        self.port = free_port()
        self.env = {**env, "INSPRAAK_BIND": f"127.0.0.1:{self.port}"}
        self.app = app
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Gunicorn":
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), self.app],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"gunicorn {self.app} stopped:\n{self.log.read().decode(errors='replace')[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn {self.app} did not start within 60 s")
        self._until_every_worker_answers(deadline)
        return self

    def _until_every_worker_answers(self, deadline: float) -> None:
        """Workers build their app after the fork (preload off): wait until requests, a few
        at once so that every worker gets one, are answered, before anything is measured."""
        import httpx

        async def probe() -> bool:
            async with httpx.AsyncClient(base_url=self.base, timeout=60) as client:
                answers = await asyncio.gather(*(client.get(self.ready_path) for _ in range(16)),
                                               return_exceptions=True)
            return all(not isinstance(a, BaseException) and a.status_code == 200 for a in answers)

        while time.monotonic() < deadline + 60:
            if asyncio.run(probe()):
                return
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn {self.app} does not answer {self.ready_path}")

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def prepare_database(database_url: str, instance: Path) -> dict:
    """Migrate and fill the database in a child process (``--seed``); return what it made."""
    env = server_env(database_url, instance)
    subprocess.run([str(BIN / "inspraak"), "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    output = subprocess.run([sys.executable, "-m", "bench.load", "--seed"], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def reset_postgres(database_url: str) -> None:
    """Drop the public schema of a scratch database (refused when it holds other data)."""
    from sqlalchemy import create_engine, inspect

    from config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    try:
        tables = set(inspect(engine).get_table_names())
        if tables and "bench_blob" not in tables:
            raise SystemExit(f"bench.load: {database_url.split('@')[-1]} holds tables that no benchmark made "
                             f"({', '.join(sorted(tables)[:5])}, ...); give an empty scratch database in DATABASE_URL.")
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


def seed() -> dict:
    """Run inside ``--seed``: consultations, a survey with 1,000 responses, an event of 20
    seats and 200 participants, and the baseline's table. Printed as JSON."""
    from datetime import timedelta

    from inspraak import create_app
    from inspraak.accounts import services as accounts
    from inspraak.accounts.models import Role
    from inspraak.consultations import services as consultations
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from inspraak.roundtables import services as roundtables
    from inspraak.roundtables.models import ParticipantCategory, RoundtableKind, RoundtableMode
    from surveys import builder, services as surveys

    from bench.bare import metadata

    app = create_app()
    with app.app_context():
        metadata.create_all(db.engine)
        officer = accounts.create_user(email="bench-beleid@example.org", name="Bench Beleid", password=PASSWORD,
                                       role=Role.POLICY_OFFICER, verified=True)
        topics, now = consultations.topics(), utcnow()
        slugs = []
        for n in range(40):
            fields = consultations.ConsultationFields(
                title=f"Consultatie over biotechnologie {n}", topic=topics[n % len(topics)],
                summary="Het kabinet vraagt uw mening over nieuwe genomische technieken. " * 2,
                body_markdown="## Voorstel\n\n" + "Een toelichting op het voorstel, met *nadruk*. " * 40,
                opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10 + n))
            consultation = consultations.create_consultation(officer, fields)
            consultations.open_consultation(officer, consultation)
            slugs.append(consultation.slug)
        survey = builder.create_survey(officer, builder.SurveyFields(
            title="Kweekvlees: uw mening", intro_markdown="Wat vindt u?", topic=consultations.topic_by_slug("kweekvlees"),
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), allows_anonymous=True,
            shows_live_results=True))
        choice = builder.add_question(officer, survey.sections[0], builder.QuestionFields(
            kind="single_choice", text="Zou u kweekvlees eten?", option_labels=["Ja", "Nee", "Weet ik niet"],
            is_required=True))
        opinion = builder.add_question(officer, survey.sections[0], builder.QuestionFields(
            kind="long_text", text="Waarom?", is_required=True))
        builder.open_survey(officer, survey)
        values = [option["value"] for option in choice.options]
        for n in range(1000):
            surveys.import_response(
                survey, officer, submission_token=f"bench-{n:06d}",
                profile=surveys.RespondentProfile(category="citizen", organisation=None, publication="anonymous"),
                raw={choice.id: values[n % 3], opinion.id: f"Antwoord {n}: het klimaat en dierenwelzijn."}, now=now)
        starts = (now + timedelta(days=14)).replace(second=0, microsecond=0)
        event = roundtables.create_roundtable(officer, roundtables.RoundtableFields(
            kind=RoundtableKind.ROUNDTABLE, mode=RoundtableMode.FIRST_COME, title="Rondetafel kweekvlees",
            description_markdown="Een gesprek.", agenda_markdown="1. Welkom", consultation=None,
            topic=consultations.topic_by_slug("kweekvlees"), starts_at=starts, ends_at=starts + timedelta(hours=2),
            place="Den Haag", online_url=None, signup_opens_at=now - timedelta(days=1),
            signup_closes_at=now + timedelta(days=7), max_per_organisation=1,
            seats={ParticipantCategory.CITIZEN: SEATS}))
        roundtables.publish_roundtable(officer, event)
        for n in range(CONTENDERS):
            accounts.create_user(email=f"deelnemer{n}@example.org", name=f"Deelnemer {n}", password=PASSWORD,
                                 role=Role.PARTICIPANT, verified=True)
        result = {"consultation": slugs[0], "survey": survey.slug, "choice": choice.id, "choice_value": values[0],
                  "opinion": opinion.id, "roundtable": event.id}
        db.engine.dispose()
    return result


# --- the load generator -----------------------------------------------------------

def percentiles(samples: list[float]) -> dict[str, float]:
    if len(samples) < 2:
        value = samples[0] * 1000 if samples else 0.0
        return {"p50_ms": value, "p95_ms": value, "p99_ms": value}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


class Recorder:
    def __init__(self) -> None:
        self.requests: list[tuple[float, float]] = []  # (when it ended, how long it took)

    async def request(self, client, method: str, url: str, **kwargs):
        started = time.perf_counter()
        response = await client.request(method, url, **kwargs)
        ended = time.perf_counter()
        self.requests.append((ended, ended - started))
        return response


async def run_clients(base: str, clients: int, seconds: float, scenario, *, warmup: float = 3.0) -> dict:
    """``clients`` coroutines, each with its own connection and cookies, repeat ``scenario``
    for ``warmup`` seconds (not counted) and then for ``seconds``.

    An iteration counts when it *ends* inside the window, whenever it began: throughput is
    what the server completes per second of the window, and a latency is the whole wait of
    the client. (Counting only iterations that *began* inside the window gave 0 whenever an
    iteration took longer than the warm-up: at 64 clients every client was still in its
    first iteration when the window opened, and none began another before it closed.)"""
    import httpx

    loop = asyncio.get_running_loop()
    recorder = Recorder()
    iterations: list[float] = []
    errors: list[str] = []
    window = {"start": float("inf"), "end": float("inf")}

    def in_window(moment: float) -> bool:
        return window["start"] <= moment <= window["end"]

    async def one(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
            while loop.time() < stop_at:
                started = time.perf_counter()
                try:
                    await scenario(client, recorder)
                except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
                    if in_window(time.perf_counter()):
                        errors.append(f"{type(error).__name__}: {error}"[:200])
                    continue
                ended = time.perf_counter()
                if in_window(ended):
                    iterations.append(ended - started)

    async def switch() -> None:
        await asyncio.sleep(warmup)
        window["start"] = time.perf_counter()
        window["end"] = window["start"] + seconds
        await asyncio.sleep(seconds)

    stop_at = loop.time() + warmup + seconds
    await asyncio.gather(switch(), *(one(i) for i in range(clients)))
    requests = [duration for ended, duration in recorder.requests if in_window(ended)]
    return {"clients": clients, "seconds": seconds, "completed": len(iterations),
            "per_second": len(iterations) / seconds, "requests": len(requests),
            "requests_per_second": len(requests) / seconds, **percentiles(iterations),
            "request": percentiles(requests), "errors": len(errors), "error_sample": errors[:3]}


HIDDEN = re.compile(r'name="(csrf_token|submission_token)" type="hidden" value="([^"]+)"')


def hidden_fields(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def survey_scenario(seeded: dict):
    slug = seeded["survey"]
    url = f"/enquetes/{slug}/invullen"

    async def submit(client, recorder: Recorder) -> None:
        client.cookies.clear()  # a new visitor: own session, own tokens
        page = await recorder.request(client, "GET", url)
        fields = hidden_fields(page.text)
        page = await recorder.request(client, "POST", url, data={
            **fields, "category": "citizen", "publication": "anonymous", "action": "next"})
        if page.status_code == 302:
            page = await recorder.request(client, "GET", page.headers["location"])
        fields = hidden_fields(page.text)
        receipt = await recorder.request(client, "POST", f"{url}?pagina=2", data={
            **fields, f"q{seeded['choice']}-choice": seeded["choice_value"],
            f"q{seeded['opinion']}": BODY, "action": "submit"})
        if receipt.status_code == 302:
            receipt = await recorder.request(client, "GET", receipt.headers["location"])
        if "Bedankt voor uw reactie" not in receipt.text:
            raise RuntimeError(f"no receipt (status {receipt.status_code})")

    return submit


def get_scenario(path: str, expect: int = 200):
    async def get(client, recorder: Recorder) -> None:
        response = await recorder.request(client, "GET", path)
        if response.status_code != expect:
            raise RuntimeError(f"GET {path}: {response.status_code}")

    return get


async def insert(client, recorder: Recorder) -> None:
    response = await recorder.request(client, "POST", "/insert", data={"body": BODY})
    if response.status_code != 200:
        raise RuntimeError(f"insert: {response.status_code}")


async def contention(base: str, roundtable_id: int) -> dict:
    """200 signed-in people post the sign-up form at one moment; then the API's counts."""
    import httpx

    limits = httpx.Limits(max_connections=1)
    clients = [httpx.AsyncClient(base_url=base, timeout=120, limits=limits) for _ in range(CONTENDERS)]
    try:
        async def prepare(index: int, client) -> dict:
            page = await client.get("/account/inloggen")
            signed = await client.post("/account/inloggen", data={
                **hidden_fields(page.text), "email": f"deelnemer{index}@example.org", "password": PASSWORD})
            if signed.status_code != 302:
                raise RuntimeError(f"sign-in of deelnemer{index}: {signed.status_code}")
            # Connection: close, so the sign-up opens a fresh connection: an idle keep-alive
            # connection would be closed by gunicorn (keepalive) while the others prepare.
            form = await client.get(f"/rondetafels/{roundtable_id}/aanmelden", headers={"Connection": "close"})
            return {**hidden_fields(form.text), "consent": "y", "motivation": "Ik wil graag meepraten."}

        forms = []
        for start in range(0, CONTENDERS, 20):  # set-up, not measured: a few at a time
            forms += await asyncio.gather(*(prepare(i, clients[i]) for i in range(start, min(start + 20, CONTENDERS))))
        latencies: list[float] = []
        statuses: list[int] = []

        async def post(client, data) -> None:
            started = time.perf_counter()
            try:
                response = await client.post(f"/rondetafels/{roundtable_id}/aanmelden", data=data)
            except httpx.HTTPError:
                statuses.append(0)
                return
            latencies.append(time.perf_counter() - started)
            statuses.append(response.status_code)

        started = time.perf_counter()
        await asyncio.gather(*(post(client, data) for client, data in zip(clients, forms)))
        wall = time.perf_counter() - started
        async with httpx.AsyncClient(base_url=base) as reader:
            counts = (await reader.get(f"/api/v1/roundtables/{roundtable_id}")).json()["categories"]
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    seats = {c["category"]: c for c in counts}["citizen"]
    return {"clients": CONTENDERS, "seats": SEATS, "seconds": wall, "per_second": CONTENDERS / wall,
            **percentiles(latencies), "redirected": statuses.count(302), "errors": len(statuses) - statuses.count(302),
            "confirmed": seats["confirmed"], "waitlisted": seats["waitlisted"], "left": seats["left"]}


async def simultaneous_inserts(base: str) -> dict:
    import httpx

    clients = [httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=1))
               for _ in range(CONTENDERS)]
    latencies: list[float] = []
    try:
        async def post(client) -> None:
            begun = time.perf_counter()
            response = await client.post("/insert", data={"body": BODY})
            response.raise_for_status()
            latencies.append(time.perf_counter() - begun)

        started = time.perf_counter()
        await asyncio.gather(*(post(client) for client in clients))
        wall = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return {"clients": CONTENDERS, "seconds": wall, "per_second": CONTENDERS / wall, **percentiles(latencies)}


# --- one database -------------------------------------------------------------------

def run_database(label: str, database_url: str, *, seconds: float, client_counts: list[int],
                 redis_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="inspraak-bench-") as folder:
        instance = Path(folder) / "instance"
        started = time.perf_counter()
        seeded = prepare_database(database_url, instance)
        setup = time.perf_counter() - started
        env = server_env(database_url, instance, redis_url=redis_url)
        result: dict = {"database": label, "setup_seconds": setup, "survey": {}, "insert": {}, "pages": {}}
        pages = {"home": "/", "consultation list": "/consultaties/",
                 "consultation": f"/consultaties/{seeded['consultation']}",
                 "survey results": f"/enquetes/{seeded['survey']}/uitkomsten"}
        with Gunicorn("inspraak:create_app()", env, ready_path="/privacy") as server:
            for clients in client_counts:
                result["survey"][clients] = asyncio.run(
                    run_clients(server.base, clients, seconds, survey_scenario(seeded)))
            for name, path in pages.items():
                result["pages"][name] = asyncio.run(run_clients(server.base, 16, seconds, get_scenario(path)))
            result["signup"] = asyncio.run(contention(server.base, seeded["roundtable"]))
        with Gunicorn("bench.bare:create()", env, ready_path="/page") as bare:
            for clients in client_counts:
                result["insert"][clients] = asyncio.run(run_clients(bare.base, clients, seconds, insert))
            result["page"] = asyncio.run(run_clients(bare.base, 16, seconds, get_scenario("/page")))
            result["simultaneous_inserts"] = asyncio.run(simultaneous_inserts(bare.base))
    return result


def run(*, seconds: float = 10, quick: bool = False) -> list[dict]:
    """Every database this run can reach: SQLite always, PostgreSQL with DATABASE_URL."""
    client_counts = [4, 16] if quick else [16, 64]
    redis_url = os.environ.get("REDIS_URL") or None
    database_url = os.environ.get("DATABASE_URL")
    postgres = bool(database_url and database_url.startswith(("postgres://", "postgresql")))
    if postgres:
        reset_postgres(database_url)  # refuses a database with other data before anything runs
    results = []
    with tempfile.TemporaryDirectory(prefix="inspraak-bench-db-") as folder:
        results.append(run_database("SQLite", f"sqlite:///{folder}/bench.sqlite3", seconds=seconds,
                                    client_counts=client_counts, redis_url=redis_url))
    if postgres:
        reset_postgres(database_url)
        results.append(run_database("PostgreSQL", database_url, seconds=seconds, client_counts=client_counts,
                                    redis_url=redis_url))
    for result in results:
        result["gunicorn"] = {"workers": int(os.environ.get("INSPRAAK_WORKERS") or (os.cpu_count() or 1) + 1),
                              "threads": int(os.environ.get("INSPRAAK_THREADS") or 4), "worker_class": "gthread"}
        result["cache"] = "Redis" if redis_url else "files in the instance folder"
    return results


def table(results: list[dict]) -> list[str]:
    """The printed table: each figure next to its baseline and the target."""
    lines = [f"{'measurement':<46} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>4}  "
             f"{'baseline per s':>14} {'ratio':>6}  target"]

    def row(name, figure, baseline=None, target="", unit_ratio=None):
        ratio = unit_ratio if unit_ratio is not None else (figure["per_second"] / baseline["per_second"]
                                                           if baseline and baseline["per_second"] else None)
        lines.append(f"{name:<46} {figure['per_second']:>8.1f} {figure['p50_ms']:>8.1f} {figure['p95_ms']:>8.1f} "
                     f"{figure['p99_ms']:>8.1f} {figure.get('errors', 0):>4}  "
                     f"{(baseline or {}).get('per_second', 0):>14.1f} {'' if ratio is None else f'{ratio:.2f}':>6}  {target}")

    for result in results:
        db = result["database"]
        lines.append(f"-- {db} (gunicorn {result['gunicorn']['workers']} workers x {result['gunicorn']['threads']} "
                     f"threads; cache: {result['cache']})")
        for clients, figure in result["survey"].items():
            base = result["insert"][clients]
            row(f"{db} survey submissions, {clients} clients", figure, base,
                "ratio >= 0.5, p95 < 150 ms" if int(clients) == 16 else "ratio >= 0.5")
            request = {**figure["request"], "per_second": figure["requests_per_second"], "errors": 0}
            row(f"  its requests (5 per submission)", request, base)
            row(f"{db} bare 1 KB INSERT, {clients} clients", base)
        for name, figure in result["pages"].items():
            row(f"{db} page: {name} (16 clients, cached)", figure, result["page"], "ratio >= 0.5")
        row(f"{db} bare template page (16 clients)", result["page"])
        signup = result["signup"]
        row(f"{db} sign-up, {signup['clients']} at once for {signup['seats']} seats", signup,
            result["simultaneous_inserts"], f"confirmed {signup['confirmed']}, waitlisted {signup['waitlisted']}")
        row(f"{db} {CONTENDERS} simultaneous bare INSERTs", result["simultaneous_inserts"])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--quick", action="store_true", help="4 and 16 clients, for trying it out")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        print(json.dumps(seed()))
        return
    from datetime import datetime, timezone

    started = datetime.now(timezone.utc)
    results = run(seconds=args.duration, quick=args.quick)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes count in every figure)")
    print("\n".join(table(results)))
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    target = folder / f"load-{started:%Y%m%dT%H%M%SZ}.json"
    target.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
