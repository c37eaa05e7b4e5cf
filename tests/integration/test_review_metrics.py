"""The figures leads ask for, computed from the review log, through the API and Prometheus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from agent.settings import Settings
from review.delivery import run_once
from review.metrics import durations
from tests.api_client import ApiClient
from tests.receiver import Receiver


@pytest.fixture
def reviewed(db_settings: Settings, webhook_receiver: Receiver) -> Iterator[ApiClient]:
    """Five drafts: approved as drafted, approved with an edit, rejected twice, escalated; approvals delivered."""
    api = ApiClient(db_settings.model_copy(update={"delivery_url": webhook_receiver.url,
                                                   "delivery_secret": SecretStr("m")}))
    drafts = [api.create(ticket_id=f"T-{n}", kind="summary" if n == 0 else "reply") for n in range(5)]
    ack = {"acknowledge_flags": True}
    assert api.decide(drafts[0], "approve", ack).status_code == 200
    refused = api.decide(drafts[1], "approve", {**ack, "final_text": drafts[1]["draft"] + "!!"})
    assert refused.status_code == 422 and refused.json()["code"] == "internal_note_in_text"
    clean = "\n".join(line for line in drafts[1]["draft"].splitlines() if "Needs human review" not in line)
    assert api.decide(drafts[1], "approve", {**ack, "final_text": clean + "!!"}).status_code == 200
    assert api.decide(drafts[2], "reject", {"reason_code": "tone"}).status_code == 200
    assert api.decide(drafts[3], "reject", {"reason_code": "inaccurate"}).status_code == 200
    assert api.decide(drafts[4], "escalate", {"to": "billing"}).status_code == 200
    with httpx.Client(timeout=5) as client:
        assert run_once(sessions=api.services.sessions, settings=api.settings, client=client) == 2
    yield api
    api.close()


def test_review_metrics_through_the_api(reviewed: ApiClient) -> None:
    answer = reviewed.call("GET", "/v1/metrics/review", "lead")
    assert answer.status_code == 200, answer.text
    m = answer.json()
    assert (m["drafts_created"], m["decisions"], m["approved"], m["rejected"], m["escalated"]) == (5, 5, 2, 2, 1)
    assert m["acceptance_rate"] == 0.4 and m["edit_rate"] == 0.5 and m["edited"] == 1
    assert m["mean_edit_distance"] > 2.0, "the internal note deleted and two characters added"
    assert m["rejection_reasons"] == {"inaccurate": 1, "tone": 1}
    assert m["guard_findings"]["no_approved_source"] == 4, "the four replies had no approved source"
    assert m["delivered"] == 2 and m["dead_lettered"] == 0
    for key in ("draft_to_approval", "draft_to_delivery"):
        timing = m[key]
        assert timing["count"] == 2 and 0 <= timing["p50_s"] <= timing["p95_s"] == timing["max_s"] < 60
    assert m["draft_to_delivery"]["max_s"] >= m["draft_to_approval"]["max_s"]


def test_review_metrics_window_and_roles(reviewed: ApiClient) -> None:
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    empty = reviewed.client.get("/v1/metrics/review", params={"from": future},
                                headers={"Authorization": f"Bearer {reviewed.keys['admin']}"}).json()
    assert empty["decisions"] == 0 and empty["acceptance_rate"] is None and empty["draft_to_approval"]["count"] == 0
    assert empty["since"].startswith(future[:19])
    naive = reviewed.client.get("/v1/metrics/review", params={"to": "2999-01-01T00:00:00"},
                                headers={"Authorization": f"Bearer {reviewed.keys['lead']}"}).json()
    assert naive["until"] == "2999-01-01T00:00:00.000000+00:00" and naive["approved"] == 2
    assert reviewed.call("GET", "/v1/metrics/review", "rep").status_code == 403
    assert reviewed.call("GET", "/v1/metrics/review", "ticketing").status_code == 403
    assert reviewed.call("GET", "/v1/metrics/review", None).status_code == 401
    bad = reviewed.client.get("/v1/metrics/review", params={"from": "yesterday"},
                              headers={"Authorization": f"Bearer {reviewed.keys['lead']}"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.from"


def test_review_metrics_on_prometheus(reviewed: ApiClient) -> None:
    answer = reviewed.call("GET", "/metrics", "lead")
    assert answer.status_code == 200
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(answer.text) for s in family.samples}
    assert samples[("draftgate_review_acceptance_ratio", ())] == 0.4
    assert samples[("draftgate_review_edit_ratio", ())] == 0.5
    assert samples[("draftgate_review_edit_distance_mean", ())] > 2.0
    assert samples[("draftgate_review_rejections_total", (("reason", "tone"),))] == 1
    assert samples[("draftgate_guard_findings_total", (("type", "no_approved_source"),))] == 4
    assert samples[("draftgate_draft_to_approval_seconds_count", ())] == 2
    assert samples[("draftgate_draft_to_delivery_seconds", (("quantile", "0.95"),))] >= 0
    assert reviewed.call("GET", "/metrics", "rep").status_code == 403


def test_duration_summary_uses_nearest_rank() -> None:
    summary = durations([float(n) for n in range(1, 21)])
    assert (summary.count, summary.mean_s, summary.p50_s, summary.p95_s, summary.max_s) == (20, 10.5, 10, 19, 20)
    assert durations([]).mean_s is None
