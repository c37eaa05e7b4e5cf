"""schemathesis against ``/openapi.json`` of the running app: no 5xx, every response matches the schema.

Each operation gets schema-valid (positive) and schema-violating (negative) requests, with the key
of a role allowed to call it; path ids are sometimes those of real drafts, so the responses checked
include real draft records. Positive requests must also be accepted (a schema that promises more
than the server takes is a bug). Bounded: ``EXAMPLES`` per operation and mode.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agent.settings import Settings
from review.services import Services
from tests.servers import make_keys, running_app

pytestmark = pytest.mark.slow
EXAMPLES = 20
ROLE = {"POST /v1/drafts": "ticketing"}
OPERATIONS = [
    "POST /v1/drafts", "GET /v1/drafts", "GET /v1/drafts/{draft_id}", "POST /v1/drafts/{draft_id}/approve",
    "POST /v1/drafts/{draft_id}/reject", "POST /v1/drafts/{draft_id}/escalate", "GET /v1/audit",
    "GET /v1/audit/export", "GET /v1/audit/verify", "GET /v1/metrics/review", "GET /healthz",
    "GET /v1/policy", "GET /v1/metrics/fairness", "GET /v1/metrics/knowledge-gaps",
    "GET /v1/outbox", "POST /v1/outbox/{message_id}/requeue",
]
# A schema-valid If-Match can still be stale: 412 is the contract's answer, like 404 for an unknown id.
CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2XX", "3XX", 401, 403, 404, 409, 412, 429, "5XX"]}}})
ALWAYS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


class Target:
    """The running app, its keys, its schema and the ids of drafts it holds."""

    def __init__(self, base: str, keys: dict[str, str], draft_ids: list[str]) -> None:
        self.base, self.keys, self.draft_ids = base, keys, draft_ids
        document = httpx.get(f"{base}/openapi.json", timeout=30).raise_for_status().json()
        self.schema = schemathesis.openapi.from_dict(_without_huge_limits(document), config=CONFIG)
        self.operations = {op.label: op for op in (r.ok() for r in self.schema.get_all_operations())}


def _without_huge_limits(node: Any) -> Any:
    """Drop maxLength / maxItems above 10,000 from the document.

    Negative generation would try to build a longer value, which Hypothesis cannot do for 200,000
    characters; the body-size limit behind them is covered by the end-to-end test (413).
    """
    if isinstance(node, dict):
        return {k: _without_huge_limits(v) for k, v in node.items()
                if not (k in ("maxLength", "maxItems") and isinstance(v, int) and v > 10_000)}
    if isinstance(node, list):
        return [_without_huge_limits(v) for v in node]
    return node


def _seed(base: str, keys: dict[str, str]) -> list[str]:
    """Create drafts in each state, so that lists and reads return real records."""
    ids = []
    for n, then in enumerate(["approve", "reject", "escalate", None, None]):
        draft = httpx.post(f"{base}/v1/drafts", headers={"Authorization": f"Bearer {keys['ticketing']}"}, timeout=60,
                           json={"ticket_id": f"S-{n}", "subject": "Export", "body": "How do I export boards?"}).json()
        body = {"approve": {"acknowledge_flags": True, "final_text": "Use Export."}, "reject": {"reason_code": "tone"},
                "escalate": {"to": "tier2"}}
        if then:
            httpx.post(f"{base}/v1/drafts/{draft['id']}/{then}", json=body[then], timeout=60,
                       headers={"Authorization": f"Bearer {keys['rep']}", "If-Match": draft["etag"]})
        ids.append(draft["id"])
    return ids


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """The app on loopback with a few drafts in it (no delivery URL: approved drafts wait), on each database."""
    data_dir: Path = tmp_path_factory.mktemp("schemathesis")
    url = request.getfixturevalue("postgres_run").new_schema() if request.param == "postgresql" else None
    settings_ = Settings(data_dir=data_dir, database_url=url, _env_file=None)  # type: ignore[call-arg]
    services = Services(settings=settings_, use_model=False)
    keys = make_keys(services)
    with running_app(settings=settings_, services=services, run_worker=False) as base:
        yield Target(base, keys, _seed(base, keys))
    services.close()


def test_the_schema_lists_exactly_the_api_operations(target: Target) -> None:
    assert sorted(target.operations) == sorted(OPERATIONS), "add new operations to OPERATIONS"


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_conforms(target: Target, label: str, mode: schemathesis.GenerationMode) -> None:
    operation = target.operations[label]
    role = ROLE.get(label, "lead" if label.split()[1].startswith(("/v1/audit", "/v1/metrics", "/v1/outbox")) else "rep")
    checks = [*ALWAYS, positive_data_acceptance] if mode == schemathesis.GenerationMode.POSITIVE else ALWAYS
    real_ids = st.sampled_from([None, *target.draft_ids])

    @given(case=operation.as_strategy(generation_mode=mode), draft_id=real_ids)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any, draft_id: str | None) -> None:
        if mode == schemathesis.GenerationMode.POSITIVE:
            if draft_id and case.path_parameters and "draft_id" in case.path_parameters:
                case.path_parameters["draft_id"] = draft_id
            if label == "POST /v1/drafts":  # a reused key with another body is a 422 by contract
                case.headers = {**(case.headers or {}), "Idempotency-Key": str(uuid.uuid4())}
        case.call_and_validate(base_url=target.base, headers={"Authorization": f"Bearer {target.keys[role]}"},
                               checks=checks, timeout=60)

    try:
        run()
    except Unsatisfiable:
        assert mode == schemathesis.GenerationMode.NEGATIVE, "only an operation without inputs has no negative case"
