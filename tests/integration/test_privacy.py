"""A privacy request has a path: a customer's data leaves drafts and the log, and the log still verifies."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys

from sqlalchemy import select, text

from agent.settings import Settings
from review import checkpoints, privacy
from review.db import transaction
from review.tables import Draft, OutboxMessage, ReviewEvent
from tests.api_client import ApiClient
from tests.conftest import ROOT

SECRET_BITS = ("Dana Whitfield", "dana.whitfield@example.com", "+44 20 7946 0958")


def _everything(api: ApiClient) -> str:
    """Return every stored text of every table, as one string."""
    with api.services.engine.connect() as conn:
        dumps = []
        for table in ("drafts", "outbox", "review_log", "review_log_personal"):
            dumps += [json.dumps([str(v) for v in row]) for row in conn.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(dumps)


def test_erasing_a_customer_removes_their_data_and_the_log_still_verifies(db_settings: Settings) -> None:
    api = ApiClient(db_settings)
    ticket = {"ticket_id": "T-77", "subject": "Export for Dana Whitfield",
              "body": "I am Dana Whitfield, call me on +44 20 7946 0958.",
              "customer": {"email": "dana.whitfield@example.com", "name": "Dana Whitfield"}}
    mine = api.create(**ticket)
    approved = api.decide(mine, "approve", {"final_text": "Hi Dana Whitfield, we will call +44 20 7946 0958.",
                                            "acknowledge_flags": True})
    assert approved.status_code == 200
    other = api.create(ticket_id="T-78", body="How do I export my boards?", customer={"email": "sam@example.com"})
    before = _everything(api)
    assert all(bit in before for bit in SECRET_BITS)
    with api.services.sessions() as session:
        edited = session.scalars(select(ReviewEvent).where(ReviewEvent.action == "edited")).one()
        assert "Dana" not in edited.details, "the diff is kept outside the hashed row"

    with transaction(api.services.sessions) as session:
        ids = privacy.drafts_of_customer(session=session, email="Dana.Whitfield@example.com")
        assert ids == [mine["id"]]
        done = privacy.erase(session=session, draft_ids=ids, actor="lead:lena", reason="DSR-1")
    assert done.drafts == 1 and done.personal_records == 1 and done.outbox_payloads == 1
    after = _everything(api)
    assert not [bit for bit in SECRET_BITS if bit in after], "no trace left in drafts, outbox or the log"
    assert api.read(other["id"])["ticket"]["body"] == "How do I export my boards?", "others are untouched"
    with api.services.sessions() as session:
        count, problems = checkpoints.verify(session=session, settings=api.settings)
        assert problems == [] and count > 0
        outbox = session.scalars(select(OutboxMessage)).one()
        assert outbox.status == "dead", "an erased reply is never delivered"
    api.close()


def test_retention_purges_old_decided_drafts_only(settings: Settings) -> None:
    api = ApiClient(settings)
    old, recent = api.create(), api.create()
    for draft in (old, recent):
        api.decide(draft, "reject", {"reason_code": "tone"})
    with transaction(api.services.sessions) as session:
        session.get(Draft, old["id"]).decided_at = "2020-01-01T00:00:00.000000+00:00"  # type: ignore[union-attr]
    with api.services.sessions() as session:
        expired = privacy.expired_drafts(session=session, retention_days=30, now=dt.datetime.now(dt.UTC))
    assert expired == [old["id"]]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(settings.data_dir),
           "HF_HUB_OFFLINE": "1", "DRAFTGATE_RETENTION_DAYS": "30"}
    code = "from cli.main import app; app(['privacy', 'purge'])"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "purged 1 draft(s)" in done.stdout, done.stderr
    assert api.read(old["id"])["draft"] == privacy.ERASED and api.read(recent["id"])["draft"] != privacy.ERASED
    api.close()


def test_the_data_dir_and_its_files_are_owner_only(settings: Settings) -> None:
    os.umask(0o022)  # as a default shell would leave it
    api = ApiClient(settings)
    api.create()
    mode = stat.S_IMODE(os.stat(settings.data_dir).st_mode)
    assert mode == 0o700, oct(mode)
    for path in settings.data_dir.iterdir():
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path.name} is {oct(path.stat().st_mode)}"
    api.close()
