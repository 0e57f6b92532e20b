"""The scale-out path, as deployed (docs/deploy.md): two gunicorn servers, an RQ worker
(``inspraak worker``), PostgreSQL and Redis, all started by ``.ci/scaleout``. Skipped
unless that script set:

* ``INSPRAAK_SCALEOUT_SERVERS``: the two servers' base URLs, space separated;
* ``INSPRAAK_SCALEOUT_DATABASE_URL`` and ``INSPRAAK_SCALEOUT_REDIS_URL``: what they use;
* ``INSPRAAK_SCALEOUT_INSTANCE`` and ``INSPRAAK_SCALEOUT_QUEUE``: their instance folder and job queue.

This test process is a third instance of the platform on the same database and Redis
(it makes the data with the builders, as an officer would in the browser).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.scaleout, pytest.mark.skipif(
    not all(os.environ.get(f"INSPRAAK_SCALEOUT_{name}") for name in ("SERVERS", "DATABASE_URL", "REDIS_URL")),
    reason="scale-out test: .ci/scaleout starts two gunicorn servers, an RQ worker, PostgreSQL and Redis for it")]

HIDDEN = re.compile(r'name="(csrf_token|submission_token)" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="module")
def servers() -> list[str]:
    return os.environ["INSPRAAK_SCALEOUT_SERVERS"].split()


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    from config import normalise_database_url
    from inspraak.extensions import db
    from tests.helpers import make_app

    redis_url = os.environ["INSPRAAK_SCALEOUT_REDIS_URL"]
    app = make_app(tmp_path_factory.mktemp("scaleout"), create_schema=False,
                   SQLALCHEMY_DATABASE_URI=normalise_database_url(os.environ["INSPRAAK_SCALEOUT_DATABASE_URL"]),
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}, REDIS_URL=redis_url, JOBS_BACKEND="rq",
                   JOBS_QUEUE=os.environ.get("INSPRAAK_SCALEOUT_QUEUE", "inspraak"),
                   CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def survey(platform):
    from tests.builders import builders

    build = builders()
    survey = build.survey(status="draft", shows_live_results=True, title="Schaal: uw mening over NGT")
    question = build.question(survey, "long_text", "Wat vindt u van NGT-gewassen?", required=True)
    from surveys import builder

    builder.open_survey(survey.owner, survey)
    texts = ["Ik ben voor NGT, het helpt boeren bij droogte.", "Ik ben tegen, dit is onnatuurlijk en riskant.",
             "Goed idee, mits er een etiket op komt."]
    for n in range(30):
        build.imported_response(survey, {question.id: texts[n % 3]})
    return {"slug": survey.slug, "id": survey.id, "question": question.id}


def _fields(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def test_both_servers_serve_the_same_pages(servers):
    import httpx

    pages = []
    for base in servers:
        with httpx.Client(base_url=base) as client:
            response = client.get("/consultaties/")
            assert response.status_code == 200
            pages.append(re.sub(r"\s+", " ", response.text))
            css = re.search(r'href="(/static/css/inspraak\.[0-9a-f]{12}\.css)"', response.text).group(1)
            assert "immutable" in client.get(css).headers["Cache-Control"]
    assert pages[0] == pages[1]


def test_a_response_on_one_server_renews_the_cached_results_on_the_other(servers, survey):
    import httpx

    first, second = servers
    results = f"/enquetes/{survey['slug']}/uitkomsten"
    with httpx.Client(base_url=second) as reader:
        before = reader.get(results)
        assert before.status_code == 200
        assert reader.get(results).headers["X-Inspraak-Cache"] == "hit"  # stored in Redis
        etag = reader.get(results).headers["ETag"]
        assert reader.get(results, headers={"If-None-Match": etag}).status_code == 304

        # A visitor starts on the first server and sends from the second (one session, one draft).
        url = f"/enquetes/{survey['slug']}/invullen"
        with httpx.Client(base_url=first) as visitor:
            page = visitor.get(url)
            profile = visitor.post(url, data={**_fields(page.text), "category": "citizen",
                                              "publication": "anonymous", "action": "next"})
            assert profile.status_code == 302
            cookies = visitor.cookies
        with httpx.Client(base_url=second, cookies=cookies, follow_redirects=True) as visitor:
            page = visitor.get(profile.headers["location"])
            receipt = visitor.post(f"{url}?pagina=2", data={
                **_fields(page.text), f"q{survey['question']}": "Ik ben voor, het is goed voor het klimaat.",
                "action": "submit"})
            assert "Bedankt voor uw reactie" in receipt.text

        after = reader.get(results)
        assert after.headers["X-Inspraak-Cache"] == "miss"
        assert after.text != before.text
        assert reader.get(results, headers={"If-None-Match": etag}).status_code == 200


def test_the_worker_runs_the_analysis_job(platform, survey, tmp_path):
    from redis import Redis
    from rq.job import Job

    env = {key: value for key, value in os.environ.items() if not key.startswith("INSPRAAK_")}
    env.update({"INSPRAAK_ENV": "development", "DATABASE_URL": os.environ["INSPRAAK_SCALEOUT_DATABASE_URL"],
                "REDIS_URL": os.environ["INSPRAAK_SCALEOUT_REDIS_URL"],
                "INSPRAAK_JOBS_QUEUE": os.environ.get("INSPRAAK_SCALEOUT_QUEUE", "inspraak"),
                "INSPRAAK_INSTANCE_PATH": os.environ.get("INSPRAAK_SCALEOUT_INSTANCE", str(tmp_path))})
    output = tmp_path / "analyse.csv"
    queued = subprocess.run([str(Path(sys.executable).parent / "inspraak"), "analyse-survey", survey["slug"],
                             "--output", str(output)], env=env, capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0, queued.stderr
    job_id = re.search(r"queued as job (\S+);", queued.stdout).group(1)
    job = Job.fetch(job_id, connection=Redis.from_url(os.environ["INSPRAAK_SCALEOUT_REDIS_URL"]))
    deadline = time.monotonic() + 300
    while job.get_status(refresh=True) not in ("finished", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert job.get_status() == "finished", job.latest_result().exc_string if job.latest_result() else job.get_status()
    assert job.worker_name, "a worker process ran it"
    result = job.return_value()
    assert result["rows"] >= 31 and result["output"] == str(output)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("reference,question,text,language,sentiment")
    assert len(lines) == result["rows"] + 1


def test_the_workers_run_the_consultation_analysis_in_chunks(platform):
    """``.ci/scaleout`` starts two workers with INSPRAAK_ANALYSIS_CHUNK_SIZE=10: every job of
    the run (coordinator, label chunks, campaigns and themes, theme chunks, figures) runs on
    the real workers."""
    from redis import Redis
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    from inspraak.accounts.models import Role
    from inspraak.extensions import db
    from moderation.summaries import runs
    from moderation.summaries.models import SummaryAnswer, SummaryQuestion, SummaryRun
    from surveys import builder
    from tests.builders import builders

    build = builders()
    officer = build.user(Role.POLICY_OFFICER)
    consultation = build.consultation(officer, status="open")
    survey = build.survey(consultation=consultation, status="draft")
    question = build.question(survey, "long_text", "Licht uw antwoord toe", page=survey.sections[0])
    choice = build.question(survey, "single_choice", "Eens?", options=["Ja", "Nee"], page=survey.sections[0])
    builder.open_survey(officer, survey)
    texts = ["Een etiket op zaad geeft keuzevrijheid aan boeren en consumenten ({n}).",
             "Octrooien op planten maken veredelaars afhankelijk van zaadbedrijven ({n}).",
             "Droogtebestendige gewassen helpen boeren door hete zomers ({n})."]
    for n in range(45):
        build.imported_response(survey, {question.id: texts[n % 3].format(n=n), choice.id: ("ja", "nee")[n % 2]})
    run = runs.start_analysis(officer, consultation)
    assert run.status == "queued"   # on the queue: this process runs no job
    run_id = run.id
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        db.session.expire_all()
        run = db.session.get(SummaryRun, run_id)
        if run.status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert run.status == "done", run.error
    chunk_size = int(os.environ.get("INSPRAAK_SCALEOUT_CHUNK_SIZE", "10"))
    assert run.chunks == 2 * -(-45 // chunk_size) > 2 and run.pending_chunks == 0 and run.analysed == 45
    assert db.session.scalar(db.select(db.func.count()).select_from(SummaryAnswer)
                             .where(SummaryAnswer.question_id == question.id)) == 45
    figures = db.session.scalar(db.select(SummaryQuestion.figures).where(SummaryQuestion.question_id == question.id))
    assert figures["answered"]["all"] == 45 and figures["themes"]

    connection = Redis.from_url(os.environ["INSPRAAK_SCALEOUT_REDIS_URL"])
    queue = os.environ.get("INSPRAAK_SCALEOUT_QUEUE", "inspraak")
    assert not FailedJobRegistry(queue, connection=connection).get_job_ids()
    jobs = [job for job in Job.fetch_many(FinishedJobRegistry(queue, connection=connection).get_job_ids(), connection)
            if job is not None and job.args and job.args[0].startswith("moderation.summaries.runs:")
            and job.args[1][:1] == [run_id]]
    by_kind = {}
    for job in jobs:
        by_kind.setdefault(job.args[0].rpartition(":")[2], []).append(job)
    assert len(by_kind["analyse_chunk_job"]) == len(by_kind["assign_chunk_job"]) == run.chunks // 2
    assert [len(by_kind[step]) for step in ("run_analysis_job", "campaigns_and_themes_job", "finish_analysis_job")] == [1, 1, 1]
    assert all(job.worker_name for job in jobs), "worker processes ran them"
