"""The review log's head is anchored outside its table: truncation and full rewrites are caught.

The attacks are made for real on the stored rows: a SQLite file opened with the sqlite3 module, a
PostgreSQL table changed over its own connection; ``draftgate audit verify`` runs as a process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from agent.settings import Settings
from review import review_log
from tests.api_client import ApiClient
from tests.conftest import ROOT


def _history(db_settings: Settings) -> ApiClient:
    """Three drafts: one approved, one rejected, one pending."""
    api = ApiClient(db_settings)
    for action, body in (("approve", {"final_text": "Go to Settings.", "acknowledge_flags": True}),
                         ("reject", {"reason_code": "tone"}), (None, None)):
        draft = api.create()
        if action:
            assert api.decide(draft, action, body or {}).status_code == 200
    return api


def _verify(settings: Settings, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(settings.data_dir),
           "HF_HUB_OFFLINE": "1", **({"DRAFTGATE_DATABASE_URL": settings.database_url} if settings.database_url else {})}
    code = f"from cli.main import app; app({['audit', 'verify', *extra]!r})"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def _tamper(settings: Settings, *statements: str) -> None:
    """Change the stored review log behind draftgate's back."""
    engine = create_engine(settings.sqlalchemy_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _rehash_from(settings: Settings, seq: int) -> None:
    """Recompute every hash from ``seq`` on, as a careful forger would."""
    engine = create_engine(settings.sqlalchemy_url)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM review_log ORDER BY seq")).mappings().all()
        prev = review_log.GENESIS
        for row in rows:
            if row["seq"] >= seq:
                new = review_log.row_hash(seq=row["seq"], prev_hash=prev, action=row["action"], actor=row["actor"],
                                          draft_id=row["draft_id"], note=row["note"], details=row["details"],
                                          created_at=row["created_at"])
                conn.execute(text("UPDATE review_log SET prev_hash=:p, hash=:h WHERE seq=:s"),
                             {"p": prev, "h": "x" + new[1:], "s": row["seq"]})  # dodge the unique index
                conn.execute(text("UPDATE review_log SET hash=:h WHERE seq=:s"), {"h": new, "s": row["seq"]})
                prev = new
            else:
                prev = row["hash"]
    engine.dispose()


def test_an_untouched_log_verifies_against_its_checkpoints(db_settings: Settings) -> None:
    api = _history(db_settings)
    api.close()
    done = _verify(db_settings)
    assert done.returncode == 0, done.stderr
    assert "checkpoint" in done.stdout


def test_rows_cut_from_the_end_are_detected_as_truncation(db_settings: Settings) -> None:
    api = _history(db_settings)
    with api.services.sessions() as session:
        last = session.execute(text("SELECT max(seq) FROM review_log")).scalar_one()
    api.close()
    _tamper(db_settings, f"DELETE FROM review_log WHERE seq > {last - 3}")
    done = _verify(db_settings)
    assert done.returncode == 1
    assert "[truncated]" in done.stderr, done.stderr
    assert "[chain]" not in done.stderr, "the remaining chain is itself intact"


def test_an_edited_row_with_every_later_hash_recomputed_is_detected(db_settings: Settings) -> None:
    api = _history(db_settings)
    api.close()
    _tamper(db_settings, "UPDATE review_log SET note = 'nothing to see' WHERE action = 'rejected'")
    with create_engine(db_settings.sqlalchemy_url).connect() as conn:
        seq = conn.execute(text("SELECT seq FROM review_log WHERE action = 'rejected'")).scalar_one()
    _rehash_from(db_settings, seq)
    done = _verify(db_settings)
    assert done.returncode == 1
    assert "[checkpoint_mismatch]" in done.stderr and "[chain]" not in done.stderr, done.stderr


def test_a_forged_or_deleted_checkpoint_file_is_reported_and_an_exported_copy_still_anchors(
        db_settings: Settings, tmp_path: Path) -> None:
    api = _history(db_settings)
    api.close()
    exported = tmp_path / "kept-elsewhere.jsonl"
    export = _run(db_settings, "audit", "checkpoints")
    assert export.returncode == 0
    exported.write_text(export.stdout)
    latest: dict[str, Any] = json.loads(export.stdout.splitlines()[-1])
    assert set(latest) >= {"seq", "hash", "at", "signature"}
    local = db_settings.data_dir / "checkpoints.jsonl"
    local.write_text(local.read_text() + json.dumps({**latest, "seq": latest["seq"] + 50}) + "\n")
    forged = _verify(db_settings)
    assert forged.returncode == 1 and "[checkpoint_signature]" in forged.stderr, forged.stderr
    local.unlink()  # the forger removes the local anchor and cuts the log
    _tamper(db_settings, f"DELETE FROM review_log WHERE seq > {latest['seq'] - 2}")
    alone = _verify(db_settings)
    assert alone.returncode == 1 and "[checkpoint_missing]" in alone.stderr, alone.stderr
    anchored = _verify(db_settings, "--checkpoints", str(exported))
    assert anchored.returncode == 1 and "[truncated]" in anchored.stderr, anchored.stderr


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(settings.data_dir),
           "HF_HUB_OFFLINE": "1", **({"DRAFTGATE_DATABASE_URL": settings.database_url} if settings.database_url else {})}
    code = f"from cli.main import app; app({list(args)!r})"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
