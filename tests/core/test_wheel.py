"""README's production install works: the built wheel carries templates, static files,
compiled catalogues and migrations, installs no global ``config`` module, and in a clean
virtual environment ``inspraak init-db`` migrates and the home page renders in Dutch and
English.

The wheel is built without network (``--no-build-isolation``, with the dev extra's
setuptools and babel). The clean venv gets the wheel itself; its dependencies come from
this environment's site-packages through a ``.pth`` line (read as a plain path, so the
editable install of the checkout is not visible there)."""
from __future__ import annotations

import os
import secrets
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, cwd=out)
    assert result.returncode == 0, result.stderr
    [built] = out.glob("inspraak-*.whl")
    return built


def test_the_wheel_carries_what_the_app_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("inspraak/templates/base.html", "inspraak/templates/macros/forms.html",
                   "inspraak/static/css/inspraak.css", "inspraak/_config.py",
                   "inspraak/migrations/alembic.ini", "inspraak/migrations/script.py.mako",
                   "inspraak/migrations/versions/0001_accounts_and_consultations.py",
                   "inspraak/translations/en/LC_MESSAGES/messages.mo", "surveys/area.py", "moderation/area.py",
                   "moderation/analysis/data/abuse_nl.txt", "moderation/analysis/data/lexicon_nl.tsv",
                   "inspraak/accounts/data/common_passwords_nl.txt"):
        assert needed in names, needed
    assert "config.py" not in names, "a global module named config would collide with other packages"
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_readme_production_steps_work_in_a_clean_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    venv_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    (venv_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--quiet", str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr

    work = tmp_path / "srv"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("INSPRAAK_", "PYTHON"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update({"INSPRAAK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(40),
                "INSPRAAK_PUBLIC_URL": "https://inspraak.example.nl", "INSPRAAK_MAIL_SERVER": "smtp.inspraak.invalid",
                "DATABASE_URL": f"sqlite:///{work}/inspraak.sqlite3", "INSPRAAK_INSTANCE_PATH": str(work / "instance")})
    init = subprocess.run([str(venv / "bin" / "inspraak"), "init-db"], env=env, cwd=work, capture_output=True,
                          text=True, timeout=180)
    assert init.returncode == 0, init.stderr
    assert "Database is up to date" in init.stdout

    probe = """
import importlib.util, inspraak
from inspraak import create_app
assert importlib.util.find_spec("config") is None, "a global config module is installed"
print("FROM", inspraak.__file__)
app = create_app()
client = app.test_client()
nl = client.get("/", base_url="https://inspraak.example.nl")
client.set_cookie("inspraak_taal", "en", domain="inspraak.example.nl")
en = client.get("/", base_url="https://inspraak.example.nl")
css = client.get("/static/css/inspraak.css", base_url="https://inspraak.example.nl")
print("STATUS", nl.status_code, en.status_code, css.status_code)
print("NL" if "Consultaties" in nl.get_data(as_text=True) else "no-nl")
print("EN" if "Consultations" in en.get_data(as_text=True) else "no-en")
"""
    render = subprocess.run([str(python), "-c", probe], env=env, cwd=work, capture_output=True, text=True, timeout=120)
    assert render.returncode == 0, render.stderr
    assert f"FROM {venv_site}" in render.stdout, render.stdout
    assert "STATUS 200 200 200" in render.stdout and "NL" in render.stdout.split() and "EN" in render.stdout.split()
