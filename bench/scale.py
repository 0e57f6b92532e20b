"""The consultation analysis on RQ workers at scale (issue 13): N generated answers in
PostgreSQL, analysed by the platform's sharded run (``moderation.summaries.runs``) on W
real ``inspraak worker`` processes, next to the single-machine pipeline on the same N
answers in the same run (the file CLI, ``moderation.analysis.fileio.analyse_file``, which
uses every core).

    DATABASE_URL=postgresql://.../scratch REDIS_URL=redis://127.0.0.1:6379/5 \\
        python -m bench.scale --sizes 100000 1000000 --workers 1 2

``DATABASE_URL`` must be a scratch database: its ``public`` schema is dropped and migrated
anew for every size (``bench.load.reset_postgres`` refuses a database holding anything but
a benchmark's tables). Jobs go to a queue of this process's own on ``REDIS_URL``.

Measured per size and worker count: seconds from queuing the run to DONE, answers per
second, the time of each step as seen from outside (label chunks; the one job that finds
the campaigns and fits the theme model; theme chunks; the figures), and each worker's peak
resident memory (VmHWM, read from /proc while it runs). From two sizes and two worker
counts it extrapolates to 4.6 million answers and more workers, assuming the work is
linear in the answers, the chunk steps divide over the workers with the parallel
efficiency measured here from 1 to 2 workers (and, as a second figure, ideally: each
worker on a core of its own), and the serial steps (one job each) do not parallelise.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import BIN, ROOT, reset_postgres, server_env

QUEUE = f"bench-scale-{os.getpid()}"
TARGET_ANSWERS = 4_600_000
CAMPAIGN_SHARE = 0.02
CATEGORIES = ["citizen"] * 12 + ["ngo", "ngo", "company", "knowledge_institution", "business_association", "other"]


def environment(database_url: str, redis_url: str, instance: Path, chunk_size: int) -> dict[str, str]:
    env = server_env(database_url, instance, redis_url=redis_url)
    env.update({"INSPRAAK_JOBS_BACKEND": "rq", "INSPRAAK_JOBS_QUEUE": QUEUE,
                "INSPRAAK_ANALYSIS_CHUNK_SIZE": str(chunk_size)})
    return env


def make_app(env: dict[str, str]):
    from config import DevelopmentConfig
    from inspraak import create_app

    return create_app(DevelopmentConfig(env))


# --- the data -----------------------------------------------------------------------

def prepare(env: dict[str, str], size: int) -> dict:
    """A migrated scratch database with a consultation whose questionnaire (a choice and an
    open question) has ``size`` responses, the open answers from ``synthetic.iter_answers``
    (seed ``size``: the same answers ``bench.analysis`` writes to its file)."""
    from datetime import timedelta

    from bench.bare import metadata
    from inspraak.accounts import services as accounts
    from inspraak.accounts.models import Role
    from inspraak.consultations import services as consultations
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from moderation.analysis.synthetic import iter_answers
    from surveys import builder

    reset_postgres(env["DATABASE_URL"])
    subprocess.run([str(BIN / "inspraak"), "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    app = make_app(env)
    with app.app_context():
        metadata.create_all(db.engine)   # marks the database as a benchmark's (bench.load.reset_postgres)
        officer = accounts.create_user(email="bench-scale@example.org", name="Bench Schaal", password="bench-wachtwoord-2026",
                                       role=Role.POLICY_OFFICER, verified=True)
        now = utcnow()
        consultation = consultations.create_consultation(officer, consultations.ConsultationFields(
            title="NGT: een miljoen reacties", topic=consultations.topics()[0], summary="Wat vindt u van NGT? " * 3,
            body_markdown="## Voorstel\n\nTekst.", opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=30)))
        consultations.open_consultation(officer, consultation)
        survey = builder.create_survey(officer, builder.SurveyFields(title="Vragenlijst", consultation=consultation,
                                                                     allows_anonymous=True))
        page = survey.sections[0]
        choice = builder.add_question(officer, page, builder.QuestionFields(
            kind="single_choice", text="Moet zaad een etiket krijgen?", option_labels=["Ja", "Nee", "Weet ik niet"]))
        opinion = builder.add_question(officer, page, builder.QuestionFields(kind="long_text", text="Licht uw antwoord toe"))
        builder.open_survey(officer, survey)
        values = [option["value"] for option in choice.options]
        ids = {"consultation": consultation.id, "survey": survey.id, "choice": choice.id, "open": opinion.id}
        started = time.perf_counter()
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            with raw.cursor() as cursor:
                with cursor.copy("COPY survey_response (id, survey_id, respondent_category, organisation_name, publication, "
                                 "source, submission_token, reference, page_reached, created_at, updated_at, submitted_at) "
                                 "FROM STDIN") as copy:
                    for n in range(size):
                        category = CATEGORIES[n % len(CATEGORIES)]
                        moment = now - timedelta(minutes=n % 40_000)
                        copy.write_row((n + 1, survey.id, category, None if category == "citizen" else f"Organisatie {n % 300}",
                                        ("anonymous", "with_name", "not_published")[n % 3], "import", f"scale-{n}",
                                        f"SC-{n:09d}", 2, moment, moment, moment))
                with cursor.copy("COPY survey_answer (response_id, question_id, value, moderation_status) FROM STDIN") as copy:
                    for n, text in enumerate(iter_answers(size, seed=size, campaign_share=CAMPAIGN_SHARE)):
                        copy.write_row((n + 1, choice.id, json.dumps(values[n % 3]), "not_applicable"))
                        copy.write_row((n + 1, opinion.id, json.dumps(text, ensure_ascii=False), "not_applicable"))
                cursor.execute("SELECT setval(pg_get_serial_sequence('survey_response', 'id'), (SELECT max(id) FROM survey_response))")
                cursor.execute("ANALYZE survey_response")
                cursor.execute("ANALYZE survey_answer")
            raw.commit()
        print(f"  filled {size:,} responses (COPY) in {time.perf_counter() - started:.0f} s")
        db.engine.dispose()
    return ids


def forget_analysis(env: dict[str, str]) -> None:
    """Every measurement starts from nothing stored (else the answers would be reused)."""
    from sqlalchemy import create_engine

    from config import normalise_database_url

    engine = create_engine(normalise_database_url(env["DATABASE_URL"]))
    with engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE summary_correction, summary_answer, summary_theme, summary_question, "
                                   "summary_run RESTART IDENTITY CASCADE")
    engine.dispose()


# --- the workers --------------------------------------------------------------------

def peak_memory(pid: int) -> int:
    """VmHWM of a running process, in bytes (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


class Workers:
    """``count`` real ``inspraak worker`` processes on this benchmark's queue."""

    def __init__(self, env: dict[str, str], count: int) -> None:
        self.env, self.count, self.processes = env, count, []

    def __enter__(self) -> "Workers":
        from redis import Redis
        from rq import Worker

        self.log = tempfile.TemporaryFile()
        for _ in range(self.count):
            self.processes.append(subprocess.Popen([str(BIN / "inspraak"), "worker"], cwd=ROOT, env=self.env,
                                                   stdout=self.log, stderr=subprocess.STDOUT))
        connection = Redis.from_url(self.env["REDIS_URL"])
        deadline = time.monotonic() + 120
        while sum(QUEUE in w.queue_names() for w in Worker.all(connection=connection)) < self.count:
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                self.log.seek(0)
                raise RuntimeError(f"the workers did not start:\n{self.log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.2)
        return self

    def __exit__(self, *_exc) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.log.close()


def measure_run(env: dict[str, str], ids: dict, workers: int, size: int) -> dict:
    from inspraak.consultations.models import Consultation
    from inspraak.extensions import db
    from moderation.summaries import runs
    from moderation.summaries.models import SummaryRun

    forget_analysis(env)
    app = make_app(env)
    with Workers(env, workers) as pool, app.app_context():
        peaks = {p.pid: 0 for p in pool.processes}
        started = time.perf_counter()
        run_id = runs.start_analysis(None, db.session.get(Consultation, ids["consultation"])).id
        # The steps, seen from outside: label chunks until pending_chunks first reaches 0; the
        # campaigns-and-themes job until the theme chunks are planned (chunks grows); theme
        # chunks until pending_chunks is 0 again; the finishing job until DONE.
        labels_done = fitted = assigned = None
        label_chunks = None
        while True:
            for pid in peaks:
                peaks[pid] = max(peaks[pid], peak_memory(pid))
            db.session.expire_all()
            run = db.session.get(SummaryRun, run_id)
            now = time.perf_counter()
            if run.status == "running" and run.chunks:
                if labels_done is None and run.pending_chunks == 0:
                    labels_done, label_chunks = now, run.chunks
                if labels_done is not None and fitted is None and run.chunks > label_chunks:
                    fitted = now
                if fitted is not None and assigned is None and run.pending_chunks == 0:
                    assigned = now
            if run.status in ("done", "failed"):
                break
            if any(p.poll() is not None for p in pool.processes):
                raise RuntimeError("a worker stopped during the run")
            time.sleep(0.25)
        seconds = now - started
        if run.status != "done":
            raise RuntimeError(f"the analysis run failed: {run.error}")
        labels_done = labels_done or now
        fitted = fitted or labels_done
        assigned = assigned or fitted
        cpu = sum(cpu_seconds(p.pid) for p in pool.processes)
        figures = {"answers": size, "workers": workers, "seconds": seconds,
                   "label_seconds": labels_done - started, "fit_seconds": fitted - labels_done,
                   "assign_seconds": assigned - fitted, "finish_seconds": now - assigned,
                   "chunks": run.chunks, "analysed": run.analysed, "worker_cpu_seconds": cpu,
                   "worker_peak_bytes": sorted(peaks.values(), reverse=True)}
        figures["parallel_seconds"] = figures["label_seconds"] + figures["assign_seconds"]
        figures["serial_seconds"] = figures["fit_seconds"] + figures["finish_seconds"]
        db.session.remove()
        db.engine.dispose()
    print(f"  {size:>9,} answers, {workers} worker(s): {seconds:.1f} s = {size / seconds:,.0f} answers/s "
          f"(labels in {figures['chunks'] // 2} chunks {figures['label_seconds']:.1f} s, campaigns and theme model "
          f"{figures['fit_seconds']:.1f} s, themes in chunks {figures['assign_seconds']:.1f} s, figures "
          f"{figures['finish_seconds']:.1f} s; {cpu:.0f} worker CPU s); peak per worker "
          + ", ".join(f"{b / 2**20:,.0f} MB" for b in figures["worker_peak_bytes"]))
    return figures


def measure_baseline(size: int) -> dict:
    """The file CLI on the same answers, in a process of its own (``bench.analysis``)."""
    from bench.analysis import _measure, _write_answers

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers-{size}.csv"
        _write_answers(path, size)
        figures = _measure("inspraak", path)
    print(f"  {size:>9,} answers, baseline (file CLI, {figures['workers'] or 1} process(es)): {figures['seconds']:.1f} s = "
          f"{figures['rows'] / figures['seconds']:,.0f} answers/s, peak {figures['peak_bytes'] / 2**20:,.0f} MB "
          f"+ worker processes of {figures['worker_peak_bytes'] / 2**20:,.0f} MB")
    return figures


# --- the extrapolation -------------------------------------------------------------

def extrapolate(measured: list[dict], target: int = TARGET_ANSWERS, worker_counts=(1, 2, 4, 8, 16)) -> dict | None:
    """Seconds for ``target`` answers with each worker count, from the measured runs (see the module):
    the parallel steps (label and theme chunks) and the serial ones (campaigns and theme
    model, figures) each as fixed seconds plus seconds per answer through the two sizes
    with one worker; the parallel part divided over the workers at the efficiency measured
    from 1 to 2 workers at the largest size."""
    by = {(m["answers"], m["workers"]): m for m in measured}
    sizes = sorted({m["answers"] for m in measured})
    small, large = sizes[0], sizes[-1]
    one = {n: by[(n, 1)] for n in sizes if (n, 1) in by}
    if not one:
        return None   # the cost per answer is measured with one worker

    def line(key: str) -> tuple[float, float]:
        if len(one) < 2:
            n = max(one)
            return 0.0, one[n][key] / n
        slope = (one[large][key] - one[small][key]) / (large - small)
        return max(0.0, one[large][key] - slope * large), slope

    parallel_fixed, parallel_per = line("parallel_seconds")
    serial_fixed, serial_per = line("serial_seconds")
    two = by.get((large, 2))
    efficiency = 1.0
    if two and two["parallel_seconds"] and (large, 1) in by:
        efficiency = min(1.0, max(0.0, by[(large, 1)]["parallel_seconds"] / two["parallel_seconds"] - 1.0))
    estimates = {}
    for workers in worker_counts:
        effective = 1 + (workers - 1) * efficiency
        estimates[workers] = parallel_fixed + parallel_per * target / effective + serial_fixed + serial_per * target
    return {"target_answers": target, "parallel_seconds_per_answer": parallel_per,
            "serial_seconds_per_answer": serial_per, "fixed_seconds": parallel_fixed + serial_fixed,
            "parallel_efficiency_1_to_2": efficiency, "seconds_by_workers": estimates,
            "seconds_by_workers_ideal": {w: parallel_fixed + parallel_per * target / w + serial_fixed + serial_per * target
                                         for w in worker_counts}}


# --- the benchmark ----------------------------------------------------------------

def run(*, sizes: list[int], workers: list[int], chunk_size: int = 5000, earlier: dict | None = None) -> dict:
    """Measure every size with every worker count; ``earlier``: the figures of an earlier
    run of this benchmark (``--with``), whose sizes join the table and the extrapolation."""
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database_url and database_url.startswith("postgres") and redis_url):
        print("scale: skipped (needs DATABASE_URL, a scratch PostgreSQL database, and REDIS_URL)")
        return {"skipped": True}
    print(f"scale: the analysis run on RQ workers ({chunk_size:,} answers a chunk) against the file CLI on the same "
          f"answers, {os.cpu_count()} core(s), load average {os.getloadavg()[0]:.1f}")
    measured, baselines = [], []
    with tempfile.TemporaryDirectory() as instance:
        env = environment(database_url, redis_url, Path(instance), chunk_size)
        for size in sizes:
            ids = prepare(env, size)
            for count in workers:
                measured.append(measure_run(env, ids, count, size))
            baselines.append({"answers": size, **measure_baseline(size)})
            for figure in measured:
                if figure["answers"] == size:
                    figure["ratio_to_baseline"] = figure["seconds"] / baselines[-1]["seconds"]
                    print(f"  {size:>9,} answers, {figure['workers']} worker(s) / baseline = {figure['ratio_to_baseline']:.2f}")
        reset_postgres(database_url)
    if earlier:
        measured = [m for m in earlier["runs"] if m["answers"] not in sizes] + measured
        baselines = [b for b in earlier["baseline"] if b["answers"] not in sizes] + baselines
    projection = extrapolate(measured)
    lines = table(measured, baselines, projection)
    print("\n".join(lines))
    return {"runs": measured, "baseline": baselines, "extrapolation": projection, "chunk_size": chunk_size, "table": lines}


def table(measured: list[dict], baselines: list[dict], projection: dict) -> list[str]:
    base = {b["answers"]: b for b in baselines}
    lines = ["-- analysis run on RQ workers (PostgreSQL; baseline: the file CLI on the same answers, every core)"]
    for m in measured:
        b = base[m["answers"]]
        lines.append(f"{m['answers']:>9,} answers, {m['workers']} worker(s): {m['seconds']:.0f} s "
                     f"({m['answers'] / m['seconds']:,.0f}/s; serial steps {m['serial_seconds']:.0f} s), peak "
                     f"{max(m['worker_peak_bytes']) / 2**20:,.0f} MB per worker | file CLI {b['seconds']:.0f} s; "
                     f"ratio {m['seconds'] / b['seconds']:.2f}"
                     + ("   target < 600 s" if m["answers"] >= 1_000_000 and m["workers"] == 2 else ""))
    if projection is None:
        lines.append("  no extrapolation: it needs a run with 1 worker (e.g. --workers 1 2) and, for growth, two sizes")
        return lines
    estimates = ", ".join(f"{w} worker(s) {s / 60:.0f} min" for w, s in projection["seconds_by_workers"].items())
    ideal = ", ".join(f"{w}: {s / 60:.0f}" for w, s in projection["seconds_by_workers_ideal"].items())
    lines.append(f"  {projection['target_answers'] / 1e6:.1f} million answers, linear per answer "
                 f"({projection['parallel_seconds_per_answer'] * 1e6:.0f} s per million in chunks, spread over the workers "
                 f"at the 1->2 efficiency measured here, {projection['parallel_efficiency_1_to_2']:.2f}; "
                 f"{projection['serial_seconds_per_answer'] * 1e6:.0f} s per million in the serial steps, not spread): "
                 f"{estimates}; with a core per worker (efficiency 1), minutes {ideal}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=5000)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--with", dest="earlier", type=Path,
                        help="the --json of an earlier run (other sizes, same machine) to add to the table and extrapolation")
    args = parser.parse_args()
    earlier = json.loads(args.earlier.read_text(encoding="utf-8")) if args.earlier else None
    figures = run(sizes=args.sizes, workers=args.workers, chunk_size=args.chunk_size, earlier=earlier)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
