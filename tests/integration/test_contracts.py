"""The shared contract checks of DESIGN.md, run against the installed ``draftgate`` as integrators would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

CHECKS = SHARED / "contract"


@pytest.mark.slow
@pytest.mark.parametrize("check", ["check_cli.py", "check_api.py"])
def test_contract_holds(check: str) -> None:
    if not (CHECKS / check).exists():
        pytest.skip(f"{CHECKS / check} is not beside the project")
    if not (ROOT / ".venv" / "bin" / "draftgate").exists():
        pytest.skip("the contract checks need the README set-up (.venv/bin/draftgate)")
    done = subprocess.run([sys.executable, str(CHECKS / check)], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
