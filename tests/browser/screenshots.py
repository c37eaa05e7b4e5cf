"""Take the screenshots in docs/screenshots/ from the real app on the demo data.

Run: ``.venv/bin/python -m tests.browser.screenshots [OUT_DIR]`` (needs /usr/bin/chromium and playwright).

It ingests the sample help center, drafts the 20 sample tickets three times through the real
pipeline, and decides about two thirds of them as two reps would (approvals with and without
edits, rejections, escalations), all through ``review.drafts``. To give the dashboard two weeks of
history, those steps run in time order under a simulated clock (the ``utcnow`` that ``review.drafts``
and ``review.review_log`` read), so drafts, decisions and the hash-chained review log agree and
``draftgate audit verify`` passes on the result.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import patch

from agent.models import DraftResult, Ticket
from agent.settings import Settings
from cli.demo import HELP_CENTER, TICKETS
from knowledge.ingest import ingest_folder
from review import drafts, review_log
from review.auth import Principal
from review.db import transaction
from review.services import Services
from review.tables import Draft
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.factories import PASSWORD, add_user, decide, ticketing
from tests.servers import running_app

NOW = dt.datetime.now(dt.UTC)
REASONS = ("inaccurate", "incomplete", "tone", "off_policy", "inaccurate", "not_needed")


class Clock:
    """A settable clock standing in for ``review.db.utcnow`` while the history is written."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> str:
        return self.now.isoformat(timespec="microseconds")


def draft_samples(services: Services, rounds: int = 3) -> list[tuple[Ticket, DraftResult]]:
    """Ingest the sample help center and draft the sample tickets ``rounds`` times (nothing stored yet)."""
    ingest_folder(root=HELP_CENTER, store=services.store(), stamp_path=services.stamp_path)
    rows = [json.loads(line) for line in TICKETS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for n in range(rounds):
        for row in rows:
            ticket = Ticket.model_validate({**row, "id": f"{row['id']}-{n + 1}"})
            out.append((ticket, services.draft(ticket=ticket, kind=ticket.kind or "reply")))
    return out


def schedule(count: int) -> list[tuple[dt.datetime, str, int]]:
    """Return (time, step, index) in time order: two weeks of arrivals, the older two thirds decided."""
    decided = count * 2 // 3
    steps = []
    for n in range(count):
        if n < decided:
            created = NOW - dt.timedelta(days=14) + dt.timedelta(hours=n * 13 * 24 / decided + n % 5)
            steps.append((created + dt.timedelta(minutes=6 + (n * 37) % 110), "decide", n))
        else:
            created = NOW - dt.timedelta(minutes=7 + (count - n) * 95)
        steps.append((created, "create", n))
    return sorted(steps)


def _edit(text: str, n: int) -> str | None:
    """Return a rep's edit of a draft for some drafts, None to approve as written."""
    if n % 3 == 0:
        return None
    if n % 3 == 1:
        return text.replace("Hi", "Hello", 1) + "\n\nLet me know if anything is unclear."
    return text.rsplit("\n\n", 1)[0] + "\n\nKind regards,\nThe Lumen support team"


def play(services: Services, samples: list[tuple[Ticket, DraftResult]], reps: list[Principal],
         creator: Principal, clock: Clock) -> list[str]:
    """Create and decide the drafts in time order under the clock; return the draft ids."""
    ids: list[str] = [""] * len(samples)
    for moment, step, n in schedule(len(samples)):
        clock.now = moment
        if step == "create":
            with transaction(services.sessions) as session:
                ids[n] = drafts.create(session=session, principal=creator, ticket=samples[n][0],
                                       result=samples[n][1]).id
        else:
            _decide_like_a_rep(services, ids[n], samples[n][1], reps[n % len(reps)], n)
    return ids


def _decide_like_a_rep(services: Services, draft_id: str, result: DraftResult, rep: Principal, n: int) -> None:
    """Escalate, reject or approve (sometimes edited) one draft."""
    if result.escalate and n % 2 == 0:
        decide(services, draft_id, rep, "escalate", to="billing" if n % 4 == 0 else "tier-2 support")
    elif n % 4 == 3:
        decide(services, draft_id, rep, "reject", reason_code=REASONS[n % len(REASONS)])
    else:
        decide(services, draft_id, rep, "approve", final_text=_edit(result.draft, n))


def _pick(services: Services, ids: list[str]) -> tuple[str, str]:
    """Return the pending draft with the most findings, and an approved draft that was edited."""
    with services.sessions() as session:
        rows = [d for d in (session.get(Draft, i) for i in ids) if d is not None]
        pending = max((len(json.loads(d.result_json)["reasons"]), d.id) for d in rows if d.status == "pending_review")
        edited = next(d.id for d in rows if d.final_text and "Kind regards" in d.final_text)
    return pending[1], edited


def shoot(base: str, out: Path, draft_id: str, history_id: str) -> None:
    """Sign in as a rep and as a lead and save the pages as PNG files."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for who, shots in (("alice", [("queue", "/queue"), ("draft", f"/queue/{draft_id}")]),
                           ("lena", [("dashboard", "/dashboard?days=30"), ("review-log", "/audit"),
                                     ("history", f"/audit/drafts/{history_id}")])):
            page = browser.new_page(viewport={"width": 1360, "height": 900})
            _sign_in(page, base, who)
            for name, path in shots:
                page.goto(f"{base}{path}")
                page.screenshot(path=str(out / f"{name}.png"), full_page=name != "review-log")
            page.close()
        browser.close()


def _sign_in(page: Any, base: str, name: str) -> None:
    """Sign in with the screenshot accounts' password."""
    page.goto(f"{base}/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/queue")


def main(out: Path) -> None:
    """Write two weeks of review history under a simulated clock, serve it, and take the screenshots."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "var", _env_file=None)  # type: ignore[call-arg]
        services = Services(settings=settings, use_model=False)
        samples = draft_samples(services)
        clock = Clock()
        clock.now = NOW - dt.timedelta(days=15)
        with patch.object(drafts, "utcnow", clock), patch.object(review_log, "utcnow", clock):
            creator = ticketing(services, name="helpdesk")
            reps = [add_user(services, "alice", "rep"), add_user(services, "bob", "rep")]
            add_user(services, "lena", "lead")
            ids = play(services, samples, reps, creator, clock)
        with services.sessions() as session:
            assert review_log.verify_all(session=session)[1] == [], "the simulated history keeps the chain intact"
        with running_app(settings=settings, services=services, run_worker=False) as base:
            shoot(base, out, *_pick(services, ids))
        services.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
