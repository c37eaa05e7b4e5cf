"""Benchmark the command line's start-up: wall-clock seconds of `draftgate --help` and one-line runs.

    .venv/bin/python benchmarks/cli_startup.py            # 7 runs of each command
    .venv/bin/python benchmarks/cli_startup.py --runs 15

Each run is a fresh process of the installed ``draftgate`` script (next to this Python), as a user
types it, on a one-line JSONL file in a temporary folder; the median and the fastest run are printed
(on a shared machine the fastest is the steadier figure). Python's own start-up is printed as the floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICKET = {"id": 1, "subject": "Refund", "body": "I was charged twice, please refund me. Call me at +1 415 555 0100."}
TEXT = {"id": 1, "text": "We will refund you by Friday. Write to jane.doe@example.com if it does not arrive."}


def _time(command: list[str], *, cwd: Path, runs: int) -> list[float]:
    """Return the wall-clock seconds of ``runs`` fresh runs of ``command``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print one line per command: median and fastest of the runs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    script = str(Path(sys.executable).parent / "draftgate")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "ticket.jsonl").write_text(json.dumps(TICKET) + "\n")
        (cwd / "text.jsonl").write_text(json.dumps(TEXT) + "\n")
        cases = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "draftgate --help": [script, "--help"],
            "draftgate classify (1 line)": [script, "classify", "--input", "ticket.jsonl"],
            "draftgate redact (1 line)": [script, "redact", "--input", "text.jsonl"],
            "draftgate guard (1 line)": [script, "guard", "--input", "text.jsonl"],
        }
        print(f"{'command':<30} {'median s':>9} {'fastest s':>10}")
        for name, command in cases.items():
            times = _time(command, cwd=cwd, runs=args.runs)
            print(f"{name:<30} {statistics.median(times):>9.3f} {min(times):>10.3f}")


if __name__ == "__main__":
    main()
