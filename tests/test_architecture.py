"""DESIGN.md's import rules and request-flow rules, enforced by reading the source."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("inspraak", "surveys", "moderation")


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _violations():
    found = []
    for path in _modules():
        rel = _rel(path)
        imports = _imports(path)
        top = {name.split(".")[0] for name in imports}
        if rel.startswith("inspraak/") and rel not in ("inspraak/__init__.py", "inspraak/demo.py"):
            found += [f"{rel} imports {name}" for name in top & {"surveys", "moderation"}]
        if rel.startswith("surveys/"):
            found += [f"{rel} imports moderation" for name in top if name == "moderation"]
        if rel.startswith("moderation/"):
            for name in imports:
                parts = name.split(".")
                if parts[0] == "surveys" and len(parts) > 1 and parts[1] not in ("models", "services"):
                    found.append(f"{rel} imports {name} (only surveys.models and surveys.services)")
        if rel.startswith("moderation/analysis/"):
            banned = {"flask", "sqlalchemy", "flask_sqlalchemy", "inspraak", "surveys"}
            found += [f"{rel} imports {name} (analysis is pure)" for name in top if name in banned or name.startswith("flask")]
    return found


def test_import_rules_of_design_md():
    assert _violations() == []


def test_the_rule_checker_catches_a_violation(tmp_path, monkeypatch):
    """The checker itself must be able to fail."""
    fake = ROOT / "moderation" / "analysis" / "_architecture_probe.py"
    fake.write_text("import flask\nfrom surveys.views import bp\n")
    try:
        found = _violations()
    finally:
        fake.unlink()
    assert any("analysis is pure" in v for v in found)
    assert any("surveys.views" in v for v in found)


@pytest.mark.parametrize("path", [p for p in _modules() if p.name == "views.py"], ids=_rel)
def test_views_never_touch_the_database_session(path):
    assert "db.session" not in path.read_text(), f"{_rel(path)}: views call one service, never db.session"


@pytest.mark.parametrize("path", [p for p in _modules() if p.name == "models.py"], ids=_rel)
def test_models_send_no_mail_and_know_no_request(path):
    imports = _imports(path)
    assert not any(name.startswith(("inspraak.mail", "flask.request", "flask.render_template")) for name in imports)
    assert "current_user" not in path.read_text()


@pytest.mark.parametrize("path", [p for p in _modules() if p.name == "services.py"], ids=_rel)
def test_services_take_the_acting_user_as_an_argument(path):
    source = path.read_text()
    assert "current_user" not in source and "from flask import request" not in source
