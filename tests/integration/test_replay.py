"""``draftgate replay`` as a new user runs it: closed tickets in, JSONL, measures and an HTML report out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CLOSED = [
    {"id": "c1", "subject": "Password reset", "body": "How do I reset my password? I forgot it.",
     "customer": {"plan": "pro", "name": "Dr."},
     "human_reply": "Hi,\n\n1. Open the sign-in page and click Forgot password\n2. Enter your email address\n"
                    "3. Follow the link in the email\n\nBest,\nSam"},
    {"id": "c2", "subject": "Refund", "messages": [{"author": "customer", "body": "I want a refund for last month."}],
     "human_reply": "Could you send us the invoice number? Then I can look at your account."},
]


@pytest.mark.slow
def test_replay_writes_a_line_per_ticket_the_measures_and_a_report(ingested_settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "closed.jsonl"
    source.write_text("\n".join([*map(json.dumps, CLOSED), '{"id": "bad", "subject": "no reply"}', "not json"]) + "\n")
    report = tmp_path / "report.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(ingested_settings.data_dir)}
    done = subprocess.run([sys.executable, "-m", "cli.main", "replay", "--input", str(source), "--report", str(report)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, "bad lines make the run exit 1 at the end"
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2", "bad", None]
    first = lines[0]
    assert first["draft"].startswith("Hi there,"), "'Dr.' is not a name to greet"
    comparison = first["comparison"]
    assert set(comparison) >= {"similarity", "missing_steps", "added_commitments", "stop_conditions"}
    assert 0 < comparison["similarity"] <= 1 and isinstance(comparison["missing_steps"], list)
    assert "needs_customer_data" in lines[1]["comparison"]["stop_conditions"]
    assert "human_reply" in lines[2]["error"] and "error" in lines[3]
    assert "steps_covered" in done.stderr and "stop needs_customer_data: c2" in done.stderr
    html = report.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "<table>" in html
    assert "<script" not in html and "http" not in html.split("<body>")[0], "self-contained: no scripts, no fetches"
    assert "Steps covered" in html and "c1" in html
