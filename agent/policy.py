"""A CS lead's escalation policy: account thresholds, competitors, second approvers, disclosure.

The policy is a YAML file named by ``DRAFTGATE_ESCALATION_POLICY``; without one the defaults of
DESIGN.md apply (``arr`` >= 100000 escalates with ``account_value``, ``always_human`` with
``always_human``, a custom contract with a billing, refund or contract topic with ``contract``, a
customer comparing us with another provider with ``competitor``; ``legal`` and ``account_value``
need a second approver; no disclosure). A file that cannot be read, is not YAML, or names an
unknown field or reason is refused with ``PolicyError``, whose message gives the line and the
reason, so ``draftgate serve`` stops at start instead of running with a policy nobody meant.
Every draft records the ``hash`` of the policy in force.

>>> EscalationPolicy().second_approver.reasons
['legal', 'account_value']
>>> len(EscalationPolicy().hash)
16
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.escalation_reasons import REASONS

SECOND_APPROVER_DEFAULT = ["legal", "account_value"]


class PolicyError(ValueError):
    """The escalation policy file is missing, not YAML, or not a valid policy."""


class _Strict(BaseModel):
    """A policy section: unknown keys are mistakes, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_reasons(reasons: list[str]) -> list[str]:
    """Refuse escalation reasons draftgate does not know."""
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise ValueError(f"unknown reason {', '.join(map(repr, unknown))}; known reasons: {', '.join(REASONS)}")
    return reasons


class AccountValue(_Strict):
    """When a customer's value alone means a person must own the ticket."""

    arr_at_least: float | None = Field(default=100_000, ge=0, description="None turns the ARR rule off")
    tiers: list[str] = Field(default_factory=list, description="tiers that always count (case-insensitive)")


class Competitors(_Strict):
    """Competitor names; generic phrases ("switching to another provider") always count."""

    names: list[str] = Field(default_factory=list)


class Complexity(_Strict):
    """When a ticket is too tangled for a draft: many products, a circling thread, repeated escalations."""

    product_areas_at_least: int = Field(default=4, ge=2)
    thread_messages_at_least: int = Field(default=10, ge=2)
    repeated_customer_messages: int = Field(default=2, ge=1, description="customer messages that repeat "
                                            "themselves ('still', 'again', 'as I said') in a thread")
    escalations_at_least: int = Field(default=2, ge=1, description="earlier escalated drafts of the same account")
    escalation_window_days: int = Field(default=30, ge=1)


class SecondApprover(_Strict):
    """Reasons whose drafts two different people must approve."""

    reasons: list[str] = Field(default_factory=lambda: list(SECOND_APPROVER_DEFAULT))

    _check = field_validator("reasons")(_known_reasons)


class Disclosure(_Strict):
    """How a channel tells the customer an AI helped: nothing, a footer line, or a header line."""

    mode: Literal["none", "footer", "header"] = "none"
    text: str = Field(default="This reply was drafted with AI assistance and reviewed by our support team.",
                      max_length=500)


class Readability(_Strict):
    """When a reply is hard to read: thresholds of the readability findings."""

    max_grade: float = Field(default=12, ge=1, description="Flesch-Kincaid grade above which English replies "
                             "are flagged")
    max_sentence_words: int = Field(default=35, ge=5)
    max_paragraph_words: int = Field(default=120, ge=20)
    structure_above_words: int = Field(default=180, ge=50, description="longer replies need paragraphs or a list")
    jargon: list[str] = Field(default_factory=list, description="extra words customers should not meet")


class EscalationPolicy(_Strict):
    """Everything a CS lead sets about escalation, approval and disclosure."""

    version: Literal[1] = 1
    account_value: AccountValue = Field(default_factory=AccountValue)
    always_human: bool = Field(default=True, description="honour the customer's always_human flag")
    contract_topics: list[str] = Field(default_factory=lambda: ["billing", "refund", "contract"])
    competitors: Competitors = Field(default_factory=Competitors)
    complexity: Complexity = Field(default_factory=Complexity)
    product_areas: dict[str, list[str]] = Field(default_factory=dict, description="extra or replacement "
                                                "keywords per product area (routing and complexity)")
    second_approver: SecondApprover = Field(default_factory=SecondApprover)
    readability: Readability = Field(default_factory=Readability)
    disclosure: dict[str, Disclosure] = Field(default_factory=dict, description="per channel; key 'default' "
                                              "applies to channels not listed")
    source: str = Field(default="defaults", exclude=True)

    _check = field_validator("contract_topics")(_known_reasons)

    @property
    def hash(self) -> str:
        """Return a short SHA-256 of the policy's content (not of its file's layout)."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def disclosure_for(self, channel: str | None) -> Disclosure:
        """Return the disclosure rule of a channel (or the default rule, or none)."""
        key = (channel or "").strip().lower()
        return self.disclosure.get(key) or self.disclosure.get("default") or Disclosure()


def policy_path() -> Path | None:
    """Return `Settings().escalation_policy` without building the settings (for the one-line commands).

    `DRAFTGATE_ESCALATION_POLICY` from the environment (any case), else from `.env`, as
    pydantic-settings reads it; importing pydantic-settings costs a fifth of a second, more than
    classifying a ticket. A unit test holds the two readings equal.
    """
    key = "DRAFTGATE_ESCALATION_POLICY"
    value = next((v for k, v in os.environ.items() if k.upper() == key), None)
    if value is None and Path(".env").is_file():
        from dotenv import dotenv_values

        value = next((v for k, v in dotenv_values(".env").items() if k.upper() == key), None)
    return Path(value) if value is not None else None


def load_policy(path: Path | None) -> EscalationPolicy:
    """Read and validate a policy file; None gives the defaults. Raise PolicyError with line and reason."""
    if path is None:
        return EscalationPolicy()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such escalation policy file (DRAFTGATE_ESCALATION_POLICY)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the escalation policy: {exc}") from None
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise PolicyError(f"{path}:{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"{path}:line 1: the policy must be a mapping of sections, not a {type(data).__name__}")
    try:
        return EscalationPolicy.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        error = exc.errors()[0]
        location = [str(p) for p in error["loc"]]
        line = _line_of(node, location)
        message = error["msg"].removeprefix("Value error, ")
        raise PolicyError(f"{path}:line {line}: {'.'.join(location)}: {message}") from None


def _line_of(node: Any, location: list[str]) -> int:
    """Return the 1-based line of the deepest YAML node on a validation error's path."""
    line = 1
    for part in location:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if str(k.value) == part), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            break
    return line
