"""The web pages' pure parts and the accounts: findings markup, diffs, chart geometry, users and their CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.settings import Settings
from cli.users import users_app
from review.db import transaction
from review.errors import InvalidRequest, NotAuthenticated
from review.services import Services
from review.users import create_user, sign_in
from web.charts import bar_chart, line_chart, nice_max, stacked_chart
from web.findings import all_ticked, annotate, checklist, reason_label, word_diff
from web.queries import QueueFilter


def test_annotate_marks_unsupported_sentences_and_citations() -> None:
    text = "Reset it in Settings [1]. We are open all night. Thanks [2]."
    segments = annotate(text, [{"text": "We are open all night.", "reason": "no source"}])
    assert "".join(s.text for s in segments) == text, "nothing is lost or added"
    assert [s.text for s in segments if s.unsupported] == ["We are open all night."]
    assert [s.cite for s in segments if s.cite] == [1, 2]
    assert annotate("plain", [{"text": "missing sentence"}])[0].text == "plain"


def test_checklist_has_one_item_per_reason_and_needs_all_ticked() -> None:
    reasons = ["no_approved_source", "commitment_removed:refund", "escalated:asks_for_human", "odd_reason"]
    items = checklist(reasons)
    assert [i.reason for i in items] == reasons
    assert "refund promise" in items[1].label and "Asks for a person" in items[2].label
    assert not all_ticked(reasons=reasons, ticked=reasons[:3])
    assert all_ticked(reasons=reasons, ticked=[*reasons, "extra"])
    assert reason_label("commitment_removed:refund") == "Promise removed: refund"


def test_word_diff_rebuilds_both_texts() -> None:
    before, after = "Hi Dana, you can reset it in Settings.", "Hello Dana, reset it under Settings now."
    pieces = word_diff(before, after)
    assert "".join(t for op, t in pieces if op != "+") == before
    assert "".join(t for op, t in pieces if op != "-") == after
    assert word_diff("same", "same") == [("=", "same")]


def test_chart_geometry() -> None:
    assert [nice_max(v) for v in (0, 0.3, 7, 12, 42, 100)] == [1.0, 0.4, 8, 20, 60, 100]
    chart = line_chart(["2026-01-01", "2026-01-02", "2026-01-03"], [50.0, None, 100.0], fmt="{:.0f}%", top=100)
    assert chart.path.count("M") == 2, "a day without data breaks the line"
    assert [p.value for p in chart.points] == ["50%", "no data", "100%"]
    stacked = stacked_chart(["d1", "d2"], {"approved": [3, 0], "rejected": [1, 0]}, {"approved": "A", "rejected": "R"})
    assert [t.label for t in stacked.yticks] == ["0", "1", "2", "3", "4"]
    assert [s.value for s in stacked.columns[0].segments] == [3, 1] and stacked.columns[1].segments == []
    bars = bar_chart({"tone": 1, "inaccurate": 4})
    assert [b.label for b in bars.bars] == ["inaccurate", "tone"] and bars.bars[0].width == 300


def test_queue_filter_ignores_values_it_does_not_offer() -> None:
    filters = QueueFilter.from_query({"risk": "extreme", "reason": "billing", "order": "oldest", "page": "-3"})
    assert (filters.risk, filters.reason, filters.order, filters.page) == ("", "billing", "oldest", 1)
    assert QueueFilter.from_query({"reason": "<script>"}).reason == ""
    assert filters.query_string(page=2) == "reason=billing&order=oldest&page=2"


def test_accounts_hash_with_argon2id_and_check_passwords(settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    with transaction(services.sessions) as session:
        user = create_user(session=session, name="alice", role="rep", password="long enough password")
        assert user.password_hash.startswith("$argon2id$")
        for bad in ({"name": "alice"}, {"role": "ticketing"}, {"password": "short"}, {"name": "a:b"}):
            with pytest.raises(InvalidRequest):
                create_user(session=session, **{"name": "bob", "role": "rep", "password": "long enough password",
                                                **bad})
    assert sign_in(sessions=services.sessions, name="alice", password="long enough password", throttle=services.sign_in_throttle).name == "alice"
    with pytest.raises(NotAuthenticated):
        sign_in(sessions=services.sessions, name="alice", password="wrong password!!", throttle=services.sign_in_throttle)
    with pytest.raises(NotAuthenticated):
        sign_in(sessions=services.sessions, name="nobody", password="long enough password", throttle=services.sign_in_throttle)
    services.close()


def test_users_cli_creates_lists_resets_and_disables(tmp_path: Path) -> None:
    runner, env = CliRunner(), {"DRAFTGATE_DATA_DIR": str(tmp_path / "var")}
    created = runner.invoke(users_app, ["create", "--role", "rep", "--name", "alice"], env=env)
    assert created.exit_code == 0, created.output
    password = created.output.strip().splitlines()[-1]
    assert len(password) >= 20
    own = runner.invoke(users_app, ["create", "--role", "lead", "--name", "lena", "--password-stdin"],
                        input="a chosen passphrase\n", env=env)
    assert own.exit_code == 0 and "a chosen passphrase" not in own.output
    assert runner.invoke(users_app, ["create", "--role", "rep", "--name", "alice"], env=env).exit_code == 2
    listed = runner.invoke(users_app, ["list"], env=env).output
    assert "rep\talice" in listed and "lead\tlena" in listed and password not in listed
    reset = runner.invoke(users_app, ["set-password", "alice"], input="another passphrase\nanother passphrase\n",
                          env=env)
    assert reset.exit_code == 0, reset.output
    assert runner.invoke(users_app, ["disable", "alice"], env=env).exit_code == 0
    assert "disabled" in runner.invoke(users_app, ["list"], env=env).output
    services = Services(settings=Settings(data_dir=tmp_path / "var", _env_file=None),  # type: ignore[call-arg]
                        use_model=False)
    assert sign_in(sessions=services.sessions, name="lena", password="a chosen passphrase",
                   throttle=services.sign_in_throttle).role == "lead"
    with pytest.raises(NotAuthenticated):
        sign_in(sessions=services.sessions, name="alice", password="another passphrase", throttle=services.sign_in_throttle)
    services.close()
