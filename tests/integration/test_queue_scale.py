"""The slim queue listing, one session per decision, and /metrics served from a snapshot, on both databases."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import event

from agent.settings import Settings
from review.prometheus import ReviewCollector
from tests.api_client import ApiClient


@pytest.fixture
def api(db_settings: Settings) -> Iterator[ApiClient]:
    """The API on SQLite and on PostgreSQL, with three drafts, one of them approved."""
    client = ApiClient(db_settings)
    drafts = [client.create(ticket_id=f"Q-{n}", subject=f"Export question {n}", body="How do I export my boards?",
                            customer={"plan": "pro", "name": f"Dana {n}"}) for n in range(3)]
    assert client.decide(drafts[0], "approve", {"acknowledge_flags": True, "final_text": "Thanks, here is how."}).status_code == 200
    yield client
    client.close()


def test_summary_view_is_slim_and_agrees_with_the_full_records(api: ApiClient) -> None:
    full = api.call("GET", "/v1/drafts?status=all", "rep").json()
    slim = api.call("GET", "/v1/drafts?status=all&view=summary", "rep")
    assert slim.status_code == 200, slim.text
    page = slim.json()
    assert page["view"] == "summary" and page["total"] == full["total"] == 3
    assert [s["id"] for s in page["items"]] == [f["id"] for f in full["items"]], "same drafts, same order"
    for s, f in zip(page["items"], full["items"], strict=True):
        assert s["etag"] == f["etag"] and s["status"] == f["status"] and s["reasons"] == f["reasons"]
        assert s["escalation_reasons"] == f["escalation_reasons"] and s["delivery_status"] == f["delivery"]["status"]
        assert s["subject"] == f["ticket"]["subject"] and s["customer"] == f["ticket"]["customer"]["name"]
        assert f["draft"].startswith(s["preview"]) and s["preview"]
        assert "llm_input" not in s and "citations" not in s
    assert {s["delivery_status"] for s in page["items"]} == {"not_approved", "waiting_for_url"}
    assert len(slim.content) * 3 < len(api.call("GET", "/v1/drafts?status=all", "rep").content)
    pending = api.call("GET", "/v1/drafts?view=summary&limit=1", "rep").json()
    assert pending["total"] == 2 and len(pending["items"]) == 1 and pending["next_offset"] == 1
    assert api.call("GET", "/v1/drafts?view=tiny", "rep").status_code == 422


def test_a_decision_uses_one_session_besides_authentication(api: ApiClient) -> None:
    draft = api.call("GET", "/v1/drafts?view=summary", "rep").json()["items"][0]
    engine = api.services.sessions.kw["bind"]
    checkouts: list[int] = []

    def count(*_: object) -> None:
        checkouts.append(1)

    event.listen(engine, "checkout", count)
    try:
        answer = api.call("POST", f"/v1/drafts/{draft['id']}/approve", "rep", {"acknowledge_flags": True, "final_text": "Thanks, here is how."},
                          **{"If-Match": draft["etag"]})
    finally:
        event.remove(engine, "checkout", count)
    assert answer.status_code == 200 and answer.json()["delivery"]["status"] == "waiting_for_url"
    assert len(checkouts) == 2, "one connection for the key, one for the decision and its answer"


def test_status_counts_stay_exact_through_every_change(api: ApiClient) -> None:
    from sqlalchemy import func, select

    from review.drafts import status_count
    from review.tables import Draft

    rows = api.call("GET", "/v1/drafts?view=summary", "rep").json()["items"]
    assert api.decide(rows[0], "reject", {"reason_code": "tone"}).status_code == 200
    assert api.decide(rows[1], "escalate", {"to": "billing"}).status_code == 200
    api.create(ticket_id="Q-9")
    with api.services.sessions() as session:
        actual = dict(session.execute(select(Draft.status, func.count()).group_by(Draft.status)).all())
        for status in ("pending_review", "approved", "rejected", "escalated", "sent"):
            assert status_count(session=session, status=status) == actual.get(status, 0), status
        assert status_count(session=session, status=None) == sum(actual.values()) == 4
        session.execute(Draft.__table__.delete().where(Draft.id == rows[0]["id"]))
        assert status_count(session=session, status="rejected") == 0
        session.rollback()
    page = api.call("GET", "/v1/drafts?status=all&view=summary", "rep").json()
    assert page["total"] == 4
    assert api.call("GET", "/v1/drafts", "ticketing").json()["total"] == 1, "its own pending drafts: Q-9"
    assert api.call("GET", "/v1/drafts?status=all", "ticketing").json()["total"] == 4


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_come_from_a_snapshot_refreshed_in_the_background(api: ApiClient) -> None:
    collector = ReviewCollector(api.services.sessions, max_age_s=0.3)
    first = {m.name: m for m in collector.collect()}
    taken = first["draftgate_metrics_snapshot_timestamp_seconds"].samples[0].value
    pending = next(s.value for s in first["draftgate_drafts"].samples if s.labels == {"status": "pending_review"})
    assert pending == 2
    draft = api.call("GET", "/v1/drafts?view=summary", "rep").json()["items"][0]
    assert api.decide(draft, "reject", {"reason_code": "tone"}).status_code == 200
    still = {m.name: m for m in collector.collect()}
    assert still["draftgate_metrics_snapshot_timestamp_seconds"].samples[0].value == taken, "fresh enough: not recomputed"
    time.sleep(0.4)
    list(collector.collect())  # older than max_age_s: this scrape starts a refresh and gets the old figures
    assert collector._refreshing is not None
    collector._refreshing.join(30)
    later = {m.name: m for m in collector.collect()}
    assert later["draftgate_metrics_snapshot_timestamp_seconds"].samples[0].value > taken
    rejected = {s.labels["action"]: s.value for s in later["draftgate_review_events"].samples}.get("rejected")
    assert rejected == 1


def test_prometheus_endpoint_shows_the_snapshot_time(api: ApiClient) -> None:
    answer = api.call("GET", "/metrics", "lead")
    samples = _samples(answer.text)
    assert abs(samples[("draftgate_metrics_snapshot_timestamp_seconds", ())] - time.time()) < 60
    assert samples[("draftgate_drafts", (("status", "pending_review"),))] == 2
