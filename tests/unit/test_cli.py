"""The JSONL contract of the batch commands: one line out per line in, same id and order, errors per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def _run(tmp_path: Path, command: str, lines: list[str]) -> tuple[int, list[dict[str, object]]]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, [command, "--input", str(path)], env={"DRAFTGATE_DATA_DIR": str(tmp_path / "var")})
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_bad_lines_get_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    code, out = _run(tmp_path, "redact", [
        json.dumps({"id": "a", "text": "mail me at a.b@example.com"}),
        "{not json",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": "nothing to hide"}),
    ])
    assert code == 1
    assert [o["id"] for o in out] == ["a", None, "c", "d"]
    assert "[EMAIL_1]" in str(out[0]["redacted"]) and "error" in out[1] and "error" in out[2]
    assert out[3]["entities"] == []


@pytest.mark.parametrize("command", ["classify", "guard"])
def test_commands_keep_ids_and_order(tmp_path: Path, command: str) -> None:
    rows = [{"id": i, "text": "I'll refund you tomorrow.", "subject": "refund", "body": "I want my money back"}
            for i in ("x", 2, "z")]
    code, out = _run(tmp_path, command, [json.dumps(r) for r in rows])
    assert code == 0 and [o["id"] for o in out] == ["x", 2, "z"]
    if command == "guard":
        assert all(o["commitments"] and o["needs_human_review"] for o in out)
    else:
        assert all(o["escalate"] and "refund" in o["reasons"] for o in out)


def test_a_ticket_without_text_is_an_error_line(tmp_path: Path) -> None:
    code, out = _run(tmp_path, "classify", [json.dumps({"id": "empty", "customer": {"plan": "pro"}})])
    assert code == 1 and out[0]["id"] == "empty" and "body" in str(out[0]["error"])
