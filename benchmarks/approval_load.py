"""Load benchmark of the approval API with many drafts stored: create, list and approve throughput, list latency.

Run (from the project root, after the README set-up):

    .venv/bin/python benchmarks/approval_load.py --db sqlite
    .venv/bin/python benchmarks/approval_load.py --db postgresql [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

What it does:

1. a fresh data directory (and, for PostgreSQL, a database ``draftgate_bench_<random>``, dropped at the end);
2. ``draftgate ingest cli/demo_data/helpcenter`` (the sample help center), then one key per role;
3. ``--drafts`` drafts inserted directly in bulk (90% pending review, the rest sent, rejected or
   escalated; created over the last 30 days), each with its ``draft_created`` review-log row, so the
   hash chain stays valid;
4. ``draftgate serve`` in its own process (delivery worker on, no delivery URL);
5. from ``--clients`` parallel HTTP clients: ``POST /v1/drafts`` (extractive drafter, real retrieval),
   ``GET /v1/drafts`` (the review queue: pending, newest first, 50 a page) and ``POST .../approve``;
   then the queue listing again from one client, for its latency distribution, in both forms
   (``view=full``, the default, and ``view=summary``, the slim rows the web queue uses);
6. with ``--log-rows`` (default 1,000,000), the review log is first padded to that many rows with
   decisions, edits and guard findings on the stored drafts; ``/metrics`` is scraped from one client
   (served from its snapshot), and the snapshot's computation is timed on its own.

Prints one JSON object with the figures. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.models import Ticket  # noqa: E402
from agent.pipeline import draft_ticket  # noqa: E402
from agent.settings import Settings  # noqa: E402
from review import review_log  # noqa: E402
from review.auth import create_key  # noqa: E402
from review.db import make_engine, migrate, transaction  # noqa: E402
from review.prometheus import ReviewCollector  # noqa: E402
from review.services import Services  # noqa: E402
from review.tables import ApiKey, Draft, ReviewEvent  # noqa: E402

DRAFTGATE = Path(sys.executable).parent / "draftgate"  # the script installed beside this Python
HELP_CENTER = ROOT / "cli" / "demo_data" / "helpcenter"
TICKETS = [json.loads(line) for line in (ROOT / "cli" / "demo_data" / "tickets.jsonl").read_text().splitlines() if line]
STATUSES = ["pending_review"] * 90 + ["sent"] * 5 + ["rejected"] * 3 + ["escalated"] * 2


@contextlib.contextmanager
def database(kind: str, pg_url: str, data_dir: Path) -> Iterator[str]:
    """Yield the SQLAlchemy URL of an empty database of ``kind``, removed afterwards for PostgreSQL."""
    if kind == "sqlite":
        yield f"sqlite:///{data_dir / 'draftgate.sqlite3'}"
        return
    admin = make_url(pg_url)
    conninfo = f"host={admin.host} port={admin.port or 5432} user={admin.username} dbname={admin.database}"
    name = f"draftgate_bench_{secrets.token_hex(4)}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


EXTRA_EVENTS = (("approved", '{"acknowledged_flags": true, "edited": false}'),
                ("edited", '{"edit_distance": 12}'), ("rejected", '{"reason_code": "tone"}'),
                ("escalated", '{"to": "billing"}'), ("guard_findings", '{"reasons": ["no_approved_source"]}'),
                ("delivered", '{}'))


def bulk_insert(*, url: str, count: int, owner: int, log_rows: int = 0) -> float:
    """Insert ``count`` drafts and their ``draft_created`` log rows in batches; return the seconds taken."""
    template = draft_ticket(ticket=Ticket(subject="Export boards", body="How do I export my boards?"),
                            kind="reply", retriever=None, chat=None)
    result_json, ticket_json = template.model_dump_json(), Ticket(subject="Export boards").model_dump_json()
    engine, rng = make_engine(url), random.Random(5)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    step = dt.timedelta(days=30) / count
    began = time.perf_counter()
    with engine.connect() as conn:
        last = conn.execute(ReviewEvent.__table__.select().order_by(ReviewEvent.seq.desc()).limit(1)).first()
        seq, prev = (last.seq, last.hash) if last else (0, review_log.GENESIS)
        for first in range(0, count, 5000):
            drafts, events = [], []
            for n in range(first, min(count, first + 5000)):
                at = (start + n * step).isoformat(timespec="microseconds")
                draft_id = f"{n:08d}-{secrets.token_hex(2)}-4000-8000-{secrets.token_hex(6)}"
                status = rng.choice(STATUSES)
                drafts.append({"id": draft_id, "ticket_id": f"B-{n}", "kind": "reply", "status": status,
                               "version": 1 if status == "pending_review" else 3, "created_by": owner,
                               "ticket_json": ticket_json, "result_json": result_json, "draft_text": template.draft,
                               "needs_human_review": template.needs_human_review, "escalate": False, "risk": "low",
                               "created_at": at, "updated_at": at, "reasons": json.dumps(template.reasons),
                               "escalation_reasons": json.dumps(template.escalation_reasons)})
                seq += 1
                row = {"seq": seq, "prev_hash": prev, "action": "draft_created", "actor": "ticketing:bench",
                       "draft_id": draft_id, "note": None, "details": "{}", "created_at": at}
                prev = row["hash"] = review_log.row_hash(**{k: v for k, v in row.items() if k != "hash"})
                events.append(row)
            conn.execute(insert(Draft), drafts)
            conn.execute(insert(ReviewEvent), events)
            conn.commit()
        end = dt.datetime.now(dt.UTC)
        for first in range(seq, log_rows, 10_000):  # pad the log: later events on the stored drafts
            events = []
            for n in range(first, min(log_rows, first + 10_000)):
                action, details = EXTRA_EVENTS[n % len(EXTRA_EVENTS)]
                seq += 1
                row = {"seq": seq, "prev_hash": prev, "action": action, "actor": "rep:bench",
                       "draft_id": f"{rng.randrange(count):08d}-pad", "note": None, "details": details,
                       "created_at": end.isoformat(timespec="microseconds")}
                prev = row["hash"] = review_log.row_hash(**{k: v for k, v in row.items() if k != "hash"})
                events.append(row)
            conn.execute(insert(ReviewEvent), events)
            conn.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # as autovacuum would
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    engine.dispose()
    return time.perf_counter() - began


def timed(clients: int, calls: list[Callable[[httpx.Client], httpx.Response]], ok: set[int]) -> dict[str, Any]:
    """Run the calls on ``clients`` threads (one HTTP connection each); return rate and latency figures."""
    def run(chunk: list[Callable[[httpx.Client], httpx.Response]]) -> list[tuple[float, int]]:
        out = []
        with httpx.Client(timeout=120) as client:
            for call in chunk:
                t = time.perf_counter()
                status = call(client).status_code
                out.append((time.perf_counter() - t, status))
        return out

    chunks = [calls[i::clients] for i in range(clients)]
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [r for part in pool.map(run, chunks) for r in part]
    elapsed = time.perf_counter() - began
    latencies = sorted(s for s, _ in results)
    bad = [code for _, code in results if code not in ok]
    return {"requests": len(results), "clients": clients, "seconds": round(elapsed, 2),
            "rps": round(len(results) / elapsed, 1), "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
            "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1), "errors": len(bad)}


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[str]:
    """Run ``draftgate serve`` on a free port until the block ends."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen([str(DRAFTGATE), "serve", "--port", str(port)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"draftgate serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def _healthy(base: str) -> bool:
    """Return whether the server answers its health check."""
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def measure(base: str, keys: dict[str, str], pending: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """Measure create, list and approve over HTTP."""
    ticketing, rep = ({"Authorization": f"Bearer {keys[r]}"} for r in ("ticketing", "rep"))
    with httpx.Client(timeout=120) as warm:  # load the embedding model and the BM25 index once
        warm.post(f"{base}/v1/drafts", json=TICKETS[0], headers=ticketing).raise_for_status()
        warm.get(f"{base}/v1/drafts", headers=rep).raise_for_status()

    def create(n: int) -> Callable[[httpx.Client], httpx.Response]:
        return lambda c: c.post(f"{base}/v1/drafts", json={**TICKETS[n % len(TICKETS)], "id": f"L-{n}"},
                                headers=ticketing)

    def approve(draft_id: str) -> Callable[[httpx.Client], httpx.Response]:
        # The stored drafts hold the internal "Needs human review" note, which is never approved as is: the
        # rep approves their own text, as in the review UI.
        body = {"acknowledge_flags": True, "final_text": "Hi, you can export your boards from Settings > Export."}
        return lambda c: c.post(f"{base}/v1/drafts/{draft_id}/approve", json=body,
                                headers={**rep, "If-Match": f'"{draft_id[:8]}-v1"'})

    def listing(c: httpx.Client) -> httpx.Response:
        return c.get(f"{base}/v1/drafts", params={"status": "pending_review", "limit": 50}, headers=rep)

    def listing_all(c: httpx.Client) -> httpx.Response:
        return c.get(f"{base}/v1/drafts", params={"status": "all", "limit": 50}, headers=rep)

    def listing_summary(c: httpx.Client) -> httpx.Response:
        return c.get(f"{base}/v1/drafts", params={"status": "pending_review", "limit": 50, "view": "summary"},
                     headers=rep)

    def scrape(c: httpx.Client) -> httpx.Response:
        return c.get(f"{base}/metrics", headers={"Authorization": f"Bearer {keys['lead']}"})

    figures = {
        "create": timed(args.clients, [create(n) for n in range(args.creates)], {201}),
        "list": timed(args.clients, [listing] * args.lists, {200}),
        "list_summary": timed(args.clients, [listing_summary] * args.lists, {200}),
        "approve": timed(args.clients, [approve(d) for d in pending[:args.approves]], {200}),
        "list_one_client": timed(1, [listing] * args.lists, {200}),
        "list_summary_one_client": timed(1, [listing_summary] * args.lists, {200}),
        "list_all_statuses_one_client": timed(1, [listing_all] * (args.lists // 3), {200}),
    }
    scrape(httpx.Client(timeout=300))  # the first scrape of a process may wait for the start-up snapshot
    figures["metrics_one_client"] = timed(1, [scrape] * args.scrapes, {200})
    figures["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    return figures


def main() -> None:
    """Parse the options and run the benchmark in a fresh data directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--drafts", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--lists", type=int, default=300)
    parser.add_argument("--approves", type=int, default=300)
    parser.add_argument("--scrapes", type=int, default=100)
    parser.add_argument("--log-rows", type=int, default=1_000_000, help="pad the review log to this many rows")
    parser.add_argument("--keep", action="store_true", help="keep the data directory (printed on stderr)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="draftgate-bench-"))
    try:
        run(args, data_dir)
    finally:
        if args.keep:
            print(f"data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path) -> None:
    """Set up the database and the server, load the drafts, measure, print JSON."""
    with database(args.db, args.pg_url, data_dir) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTGATE_", "OPENAI_"))}
        env.update({"DRAFTGATE_DATA_DIR": str(data_dir), "DRAFTGATE_DATABASE_URL": url, "HF_HUB_OFFLINE": "1",
                    "DRAFTGATE_DRAFTER": "extractive"})
        subprocess.run([str(DRAFTGATE), "ingest", str(HELP_CENTER)], env=env, check=True, capture_output=True)
        migrate(url)
        services = Services(settings=Settings(data_dir=data_dir, database_url=url, _env_file=None), use_model=False)
        with transaction(services.sessions) as session:
            keys = {r: create_key(session=session, role=r, name=f"bench-{r}") for r in ("ticketing", "rep", "lead")}
        with services.sessions() as session:
            owner = session.scalars(select(ApiKey.id).where(ApiKey.name == "bench-ticketing")).one()
        insert_s = bulk_insert(url=url, count=args.drafts, owner=owner, log_rows=args.log_rows)
        with services.sessions() as session:
            pending = list(session.scalars(select(Draft.id).where(Draft.status == "pending_review")
                                           .order_by(Draft.id).limit(args.approves)))
            log_rows = session.scalar(select(func.count()).select_from(ReviewEvent))
        began = time.perf_counter()
        ReviewCollector(services.sessions, max_age_s=0).refresh()
        compute_s = time.perf_counter() - began
        services.close()
        load_before = [round(x, 1) for x in os.getloadavg()]
        with serving(env, data_dir / "serve.log") as base:
            figures = measure(base, keys, pending, args)
    print(json.dumps({"db": args.db, "drafts": args.drafts, "review_log_rows": log_rows,
                      "bulk_insert_s": round(insert_s, 1), "metrics_snapshot_compute_s": round(compute_s, 2),
                      "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                      "date": dt.date.today().isoformat(), "load_average_before": load_before, **figures}, indent=2))


if __name__ == "__main__":
    main()
