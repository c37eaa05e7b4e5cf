"""The escalation policy file: defaults, refusals with line and reason, and the account reasons it drives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.account import account_reasons
from agent.disclosure import disclose
from agent.handoff import handoff_brief
from agent.models import Customer, Message, Ticket
from agent.policy import Disclosure, EscalationPolicy, PolicyError, load_policy
from agent.routing import language_of, route

ROOT = Path(__file__).resolve().parents[2]


def reasons(body: str, policy: EscalationPolicy | None = None, topics: list[str] | None = None,
            earlier: int = 0, messages: list[Message] | None = None, **customer: object) -> list[str]:
    ticket = Ticket(subject="", body=body, messages=messages, customer=Customer(**customer))  # type: ignore[arg-type]
    return account_reasons(ticket=ticket, text=ticket.conversation(), topics=topics or [],
                           policy=policy or EscalationPolicy(), earlier_escalations=earlier).reasons


def test_defaults_match_the_design() -> None:
    assert reasons("Hello", arr=100000) == ["account_value"]
    assert reasons("Hello", arr=99999.99) == []
    assert reasons("Hello", always_human=True) == ["always_human"]
    assert reasons("Invoice question", custom_contract=True, topics=["billing"]) == ["contract"]
    assert reasons("How do I add a user?", custom_contract=True, topics=[]) == []
    assert reasons("Hello", tier="enterprise") == []  # tiers count only when the policy lists them


@pytest.mark.parametrize("text", [
    "We are switching to another provider next month.", "Honestly we're considering other vendors.",
    "Your competitor offers this for half the price.", "We plan on moving to Matomo.",
    "We're evaluating Fathom instead.", "Is there an alternative to your tool for teams?",
])
def test_competitor_phrases(text: str) -> None:
    assert reasons(text) == ["competitor"]


@pytest.mark.parametrize("text", [
    "How do I move to the Business plan?", "I want to switch to annual billing.", "We're moving to a new office.",
    "Can I migrate to the new dashboard?", "Please move to The next step.",
])
def test_not_competitors(text: str) -> None:
    assert "competitor" not in reasons(text)


def test_named_competitors_come_from_the_policy() -> None:
    policy = EscalationPolicy.model_validate({"competitors": {"names": ["Acme Analytics"]}})
    assert reasons("acme analytics quoted us less", policy) == ["competitor"]
    assert reasons("acme analytics quoted us less") == []


def test_complexity_needs_many_areas_a_circling_thread_or_repeated_escalations() -> None:
    many = "My invoice is wrong, the API webhook fails, the tracking script breaks and the dashboard report is empty."
    assert reasons(many) == ["complexity"]
    assert reasons("My invoice is wrong and the API fails.") == []
    circling = [Message(author="customer", body="It still doesn't work."), Message(author="agent", body="Try X."),
                Message(author="customer", body="As I said, I already did that. Same problem.")]
    assert reasons("", messages=circling) == ["complexity"]
    assert reasons("Hello", earlier=2) == ["complexity"]
    assert reasons("Hello", earlier=1) == []


def test_a_policy_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("account_value:\n  arr_at_least: 50000\n  tiers: [Gold]\nsecond_approver:\n"
                    "  reasons: [legal, account_value, contract]\n")
    policy = load_policy(path)
    assert policy.account_value.arr_at_least == 50000 and policy.second_approver.reasons[-1] == "contract"
    assert reasons("Hi", policy, tier="gold") == ["account_value"]
    assert policy.hash != EscalationPolicy().hash and policy.source == str(path)
    assert load_policy(None).hash == EscalationPolicy().hash


@pytest.mark.parametrize(("content", "expected"), [
    ("second_approver:\n  reasons: [legal, vip]\n", r"line 2: second_approver\.reasons: unknown reason 'vip'"),
    ("account_value:\n  arr_at_least: 1\n  tier: [gold]\n", r"line 3: account_value\.tier: Extra inputs"),
    ("account_value:\n  arr_at_least: lots\n", r"line 2: account_value\.arr_at_least: Input should be"),
    ("disclosure:\n  chat: {mode: sidebar}\n", r"line 2: disclosure\.chat\.mode: Input should be 'none'"),
    ("second_approver: [legal\n", r"line 2: not valid YAML"),
    ("- just\n- a list\n", r"line 1: the policy must be a mapping"),
    ("contract_topics: [billing, weather]\n", r"line 1: contract_topics: unknown reason 'weather'"),
])
def test_a_bad_policy_is_refused_with_line_and_reason(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(PolicyError, match=expected):
        load_policy(path)


def test_a_missing_policy_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such escalation policy file"):
        load_policy(tmp_path / "missing.yaml")


def test_the_cli_refuses_a_bad_policy_at_start(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("second_approver:\n  reasons: [legal, vip]\n")
    env = {**os.environ, "DRAFTGATE_ESCALATION_POLICY": str(path), "DRAFTGATE_DATA_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(ROOT)}
    tickets = tmp_path / "t.jsonl"
    tickets.write_text('{"id": 1, "subject": "Hi", "body": "Hello", "customer": {"arr": 300000}}\n')
    done = subprocess.run([sys.executable, "-m", "cli.main", "classify", "--input", str(tickets)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert f"{path}:line 2: second_approver.reasons: unknown reason 'vip'" in done.stderr
    path.write_text("account_value: {arr_at_least: 500000}\n")
    done = subprocess.run([sys.executable, "-m", "cli.main", "classify", "--input", str(tickets)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and '"escalate": false' in done.stdout


def test_disclosure_per_channel() -> None:
    policy = EscalationPolicy(disclosure={"default": Disclosure(mode="header", text="AI-assisted."),
                                          "portal": Disclosure(mode="none")})
    assert disclose("Hi.", "email", policy) == "AI-assisted.\n\nHi."
    assert disclose("AI-assisted.\n\nHi.", "email", policy) == "AI-assisted.\n\nHi."
    assert disclose("Hi.", "portal", policy) == "Hi."
    assert disclose("Hi.", None, EscalationPolicy()) == "Hi."


def test_routing_fields() -> None:
    outage = route(text="The site is down for all our users", reasons=["outage"], risk="high", language="en")
    assert (outage.category, outage.urgency) == ("incident", "urgent")
    idea = route(text="It would be nice to have dark mode", reasons=[], risk="low", language="de")
    assert (idea.category, idea.urgency, idea.language, idea.product_area) == ("feature_request", "low", "de",
                                                                                 "general")
    bug = route(text="The tracking script throws an error", reasons=[], risk="low", language="en")
    assert (bug.category, bug.product_area) == ("technical", "tracking")
    assert language_of(detected="fr", locale="de-DE") == "fr" and language_of(detected=None, locale=None) == "en"


def test_the_handoff_brief_is_guarded() -> None:
    ticket = Ticket(subject="", body="Your agent said we will refund you in full by Friday. I tried logging out. "
                    "Please confirm the refund.", customer=Customer(plan="pro", arr=120000))
    brief = handoff_brief(ticket=ticket, text=ticket.conversation(), reasons=["refund", "account_value"],
                          citations=[])
    assert "we will refund you" not in brief.text().lower()
    assert brief.removed_commitments and "refund" in brief.removed_commitments[0].labels
    assert brief.tried.startswith("I tried logging out") and brief.asked == "Please confirm the refund."
    assert "ARR 120,000" in brief.customer_impact and "Refund" in brief.customer_impact


def _findings(text: str, **rules: object) -> list[str]:
    from agent.policy import Readability
    from agent.readability import readability

    return [str(f) for f in readability(text=text, rules=Readability(**rules)).findings]  # type: ignore[arg-type]


def test_readability_findings() -> None:
    from agent.policy import Readability
    from agent.readability import readability

    plain = "Hi Dana,\n\nYou can export your stats from the dashboard [1].\n\nBest,\nSupport"
    assert _findings(plain) == []
    long = "You can " + " and ".join(["open the settings page"] * 10) + "."
    assert _findings(long) == ["readability:long_sentence", "readability:grade_level"]
    assert _findings("As per our records the backend payload was deprecated.") == ["readability:jargon"]
    assert _findings("Please check the widget.", jargon=["widget"]) == ["readability:jargon"]
    wall = " ".join(["We looked at your account today."] * 35)
    assert _findings(wall) == ["readability:wall_of_text", "readability:no_structure"]
    listed = "Try this:\n" + "\n".join(f"{i}. We looked at your account today and it works." for i in range(1, 30))
    assert _findings(listed) == []
    hard = ("Notwithstanding organisational considerations, comprehensive authentication reconfiguration "
            "necessitates administrative authorisation.")
    assert "readability:grade_level" in _findings(hard)
    assert readability(text=hard, rules=Readability(), language="de").findings == []
    assert readability(text=plain, rules=Readability()).grade is not None
    assert readability(text="Needs human review: nothing", rules=Readability()).grade is None


def test_the_readme_example_is_a_valid_policy(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Escalation policy", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme.yaml"
    path.write_text(example)
    policy = load_policy(path)
    assert policy.second_approver.reasons == ["legal", "account_value", "security", "contract"]
    assert policy.disclosure_for("chat").mode == "footer" and policy.disclosure_for("sms").mode == "none"
    assert policy.readability.max_grade == 10 and "sso" in policy.product_areas


@pytest.mark.parametrize(("environ", "dotenv"), [
    ({}, None),
    ({"DRAFTGATE_ESCALATION_POLICY": "policies/leads.yaml"}, None),
    ({"draftgate_escalation_policy": "lower.yaml"}, "DRAFTGATE_ESCALATION_POLICY=from-dotenv.yaml\n"),
    ({}, "# the CS leads' file\nDRAFTGATE_ESCALATION_POLICY='quoted policy.yaml'\nDRAFTGATE_DATA_DIR=./var\n"),
    ({}, "export DRAFTGATE_ESCALATION_POLICY=exported.yaml\n"),
    ({"DRAFTGATE_ESCALATION_POLICY": ""}, None),
])
def test_the_one_line_commands_read_the_policy_path_as_the_settings_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], dotenv: str | None) -> None:
    from agent.policy import policy_path
    from agent.settings import Settings

    for key in [k for k in os.environ if k.upper().startswith("DRAFTGATE_")]:
        monkeypatch.delenv(key)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert policy_path() == Settings().escalation_policy
