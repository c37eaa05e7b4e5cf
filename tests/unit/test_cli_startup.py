"""The command line stays light: `--help` and the text commands never import the store, the database or torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("chromadb", "sqlalchemy", "alembic", "fastapi", "uvicorn", "torch", "sentence_transformers",
         "langchain_openai", "openai", "bm25s", "onnxruntime", "structlog", "pydantic_settings")
PROBE = """
import json, sys
from cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    heavy = sorted({m.split('.')[0] for m in sys.modules} & set(json.loads(HEAVY)))
    print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
"""


def _heavy_imports(tmp_path: Path, *args: str) -> tuple[list[str], str]:
    """Run the CLI in a fresh interpreter and return the heavy packages it imported, and its stdout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(tmp_path / "var")}
    done = subprocess.run([sys.executable, "-c", PROBE.replace("HEAVY)", repr(json.dumps(HEAVY)) + ")"), *args],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY="))
    return json.loads(line.removeprefix("HEAVY=")), done.stdout


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    heavy, out = _heavy_imports(tmp_path, "--help")
    assert heavy == [] and "classify" in out


@pytest.mark.parametrize(("command", "row", "field"), [
    ("classify", {"id": 1, "subject": "refund", "body": "I want my money back"}, "escalate"),
    ("redact", {"id": 1, "text": "mail me at a.b@example.com"}, "redacted"),
    ("guard", {"id": 1, "text": "We will refund you tomorrow."}, "commitments"),
])
def test_text_commands_import_neither_store_nor_database_nor_settings(tmp_path: Path, command: str, row: dict[str, object],
                                                          field: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(row) + "\n")
    heavy, out = _heavy_imports(tmp_path, command, "--input", str(path))
    assert heavy == [], f"`draftgate {command}` imported {heavy}"
    assert field in json.loads(out.splitlines()[0])
    assert not (tmp_path / "var").exists(), "a text command touches no data directory"
