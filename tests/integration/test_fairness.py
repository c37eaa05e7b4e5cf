"""Fairness by customer group and knowledge gaps: API (JSON and CSV), web page and CLI agree."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.settings import Settings
from review.db import transaction
from review.users import create_user
from tests.api_client import ApiClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api(db_settings: Settings) -> Iterator[ApiClient]:
    """The API with nothing ingested: every reply lacks an approved source."""
    client = ApiClient(db_settings)
    yield client
    client.close()


def _populate(api: ApiClient) -> None:
    """Create drafts for German and English customers and decide them differently."""
    for i in range(3):
        draft = api.create(ticket_id=f"DE-{i}", subject="Rechnung exportieren", body="Wie exportiere ich Rechnungen?",
                           customer={"locale": "de", "plan": "pro", "region": "EU", "channel": "email"})
        api.decide(draft, "reject", {"reason_code": "tone"})
    for i in range(2):
        draft = api.create(ticket_id=f"EN-{i}", subject="Export invoices", body="How do I export invoices?",
                           customer={"locale": "en", "plan": "pro", "channel": "chat"})
        api.decide(draft, "approve", {"acknowledge_flags": True, "final_text": f"Edited answer {i}."})
    api.create(ticket_id="EN-9", subject="=HYPERLINK(\"x\")", body="Our tracking script shows an error.",
               customer={"locale": "en", "region": "=cmd"})


def test_fairness_by_group_with_small_group_warnings(api: ApiClient) -> None:
    _populate(api)
    report = api.call("GET", "/v1/metrics/fairness?min_group=3", "lead").json()
    by = {(g["dimension"], g["group"]): g for g in report["groups"]}
    de, en = by[("locale", "de")], by[("locale", "en")]
    assert (de["drafts"], de["decided"], de["rejected"], de["acceptance_rate"], de["rejection_rate"]) == (3, 3, 3,
                                                                                                         0.0, 1.0)
    assert de["warning"] is None
    assert (en["drafts"], en["decided"], en["approved"], en["acceptance_rate"]) == (3, 2, 2, 1.0)
    assert en["warning"].startswith("only 2 decision(s), fewer than 3") and en["edited"] == 2
    assert en["mean_edit_distance"] is not None and en["mean_edit_distance"] > 0
    assert by[("plan", "pro")]["drafts"] == 5 and by[("plan", "(none)")]["drafts"] == 1
    assert by[("channel", "chat")]["approved"] == 2 and by[("region", "EU")]["rejected"] == 3
    assert api.call("GET", "/v1/metrics/fairness", "rep").status_code == 403

    exported = api.call("GET", "/v1/metrics/fairness?format=csv&min_group=3", "lead")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(report["groups"])
    assert {r["group"] for r in rows if r["dimension"] == "region"} == {"EU", "(none)", "'=cmd"}


def test_knowledge_gaps_group_tickets_without_a_source(api: ApiClient) -> None:
    _populate(api)
    report = api.call("GET", "/v1/metrics/knowledge-gaps", "lead").json()
    assert report["drafts_without_source"] == 6
    top, english = report["gaps"][0], report["gaps"][1]
    assert (top["tickets"], sorted(top["keywords"]), top["examples"]) == (3, ["exportieren", "rechnung"],
                                                                          ["DE-0", "DE-1", "DE-2"])
    assert (english["product_area"], english["category"], english["tickets"]) == ("billing", "how_to", 2)
    assert sorted(english["keywords"]) == ["export", "invoices"] and english["examples"] == ["EN-0", "EN-1"]
    assert [g["tickets"] for g in report["gaps"]] == sorted((g["tickets"] for g in report["gaps"]), reverse=True)
    examples = {e for g in report["gaps"] for e in g["examples"]}
    assert examples == {"DE-0", "DE-1", "DE-2", "EN-0", "EN-1", "EN-9"}
    exported = api.call("GET", "/v1/metrics/knowledge-gaps?format=csv", "lead").text
    assert exported.splitlines()[0] == "product_area,category,tickets,keywords,examples"


def test_the_page_and_the_cli_show_the_same_figures(api: ApiClient, db_settings: Settings) -> None:
    _populate(api)
    with transaction(api.services.sessions) as session:
        create_user(session=session, name="lena", role="lead", password="correct horse battery staple")
    client = api.client
    login = client.get("/login")
    token = login.text.split('name="csrf" value="')[1].split('"')[0]
    client.post("/login", data={"name": "lena", "password": "correct horse battery staple", "csrf": token})
    page = client.get("/dashboard/fairness?min_group=3")
    assert page.status_code == 200 and "too small to compare" in page.text and "Knowledge gaps" in page.text
    assert api.services.policy.hash in page.text
    assert client.get("/dashboard/fairness.csv?min_group=3").text == api.call(
        "GET", "/v1/metrics/fairness?format=csv&min_group=3", "lead").text
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(db_settings.data_dir)}
    if db_settings.database_url:
        env["DRAFTGATE_DATABASE_URL"] = db_settings.database_url
    done = subprocess.run([sys.executable, "-m", "cli.main", "report", "fairness", "--format", "csv", "--min-group",
                           "3"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == api.call("GET", "/v1/metrics/fairness?format=csv&min_group=3", "lead").text
