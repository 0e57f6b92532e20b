"""Production installs from a lock file with hashes (``requirements/production.txt``), so
the exact versions can be audited wherever a vulnerability database is reachable.

The lock cannot drift silently from ``pyproject.toml``: every dependency of the main set
and of the ``production`` extra (and what their extras pull in) is pinned there, within
the range pyproject allows, with hashes. Regenerate it with ``make lock``.
"""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "production.txt"


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from pip-compile's format."""
    text = LOCK.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"^([A-Za-z0-9._-]+)==(\S+)\s*(.*)$", line)
        assert match, f"not an exact pin in {LOCK.name}: {line!r}"
        name, version, rest = match.groups()
        pins[canonicalize_name(name)] = (version, re.findall(r"--hash=sha256:([0-9a-f]{64})", rest))
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["production"]]


def test_every_pin_carries_hashes():
    pins = _locked()
    assert len(pins) > 20
    unhashed = [name for name, (_version, hashes) in pins.items() if not hashes]
    assert not unhashed, f"pinned without --hash: {unhashed}"


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _locked()
    problems = []
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} is not in {LOCK.name}")
            continue
        version = pins[name][0]
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement}: the lock pins {version}")
        # What an extra such as psycopg[binary] pulls in is pinned too.
        for extra in requirement.extras:
            for line in metadata.requires(requirement.name) or []:
                needed = Requirement(line)
                if needed.marker is not None and needed.marker.evaluate({"extra": extra}) \
                        and canonicalize_name(needed.name) not in pins:
                    problems.append(f"{needed.name} (from {requirement}) is not in {LOCK.name}")
    assert not problems, "requirements/production.txt is out of date; run `make lock`:\n  " + "\n  ".join(problems)


def test_the_readme_installs_production_from_the_lock():
    readme = (ROOT / "README.md").read_text()
    assert "pip install --require-hashes -r requirements/production.txt" in readme
    assert "pip install --no-deps ." in readme
