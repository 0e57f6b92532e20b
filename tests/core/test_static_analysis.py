"""bandit finds no medium- or high-severity issue in the application's code.

A finding that is not a problem gets a ``# nosec BXXX`` with the reason on the same line
(one today: the analysis run's theme model, pickled by its own job into the database)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_bandit_reports_no_medium_or_high_issue():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "inspraak", "surveys", "moderation", "-x", "*/migrations/*",
         "--severity-level", "medium", "-f", "json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    issues = [f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_text']}" for i in report["results"]]
    assert issues == [], "\n".join(issues)
    assert report["metrics"]["_totals"]["loc"] > 5000  # it really scanned the code
