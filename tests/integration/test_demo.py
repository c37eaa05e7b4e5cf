"""`draftgate demo` holds its port before anything else and never piles up live demo keys."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from agent.settings import Settings
from cli.demo import _new_key, revoke_demo_keys
from review.auth import ROLES
from review.services import Services
from review.tables import ApiKey

ROOT = Path(__file__).resolve().parents[2]


def test_a_busy_port_fails_at_once_and_says_how_to_pick_another(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(tmp_path / "var")}
        done = subprocess.run([sys.executable, "-m", "cli.main", "demo", "--port", str(port)], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"--port {port + 1}" in done.stderr and f"make demo PORT={port + 1}" in done.stderr
    assert "running at" not in done.stdout and "key:" not in done.stdout
    assert not (tmp_path / "var").exists(), "nothing was ingested, drafted or keyed"


def test_each_run_revokes_the_previous_demo_keys(settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    try:
        assert revoke_demo_keys(services) == 0
        for _ in range(3):
            revoke_demo_keys(services)
            keys = {role: _new_key(services, role) for role in ROLES}
        with services.sessions() as session:
            live = session.execute(select(ApiKey.name).where(ApiKey.revoked_at.is_(None))).scalars().all()
        assert sorted(live) == sorted(f"demo-{role}" for role in ROLES)
        assert revoke_demo_keys(services) == 4
        assert len(set(keys.values())) == 4
    finally:
        services.close()
