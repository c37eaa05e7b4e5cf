"""Decide whether a ticket must be owned by a person, why, and how risky it is.

Two detectors, combined by union, both explainable to the rep through `evidence`:

1. Cue rules (`agent.escalation_lexicon`, `agent.escalation_rules`): regular expressions per reason,
   e.g. ``refund: "want my money back"``. They carry the SaaS-specific knowledge (account
   takeover, GDPR requests, outages, prompt injection, ...) and know that "how do I reset my
   password" or "a board to track refunds" is routine.
2. A linear model (`agent.escalation_scorer`): TF-IDF word and character n-grams with multinomial
   logistic regression, fitted on the Banking77 train split plus bundled support examples from
   several industries (`python evals/escalation.py --train`). It catches paraphrases the rules
   miss, e.g. ``billing: model 0.91 ("extra", "statement")``. It does not escalate on its own a
   ticket that asks about a policy in general ("what's your refund policy before I buy?").

Reasons, their severity order, hand-over sentences and labels live in one table
(`agent.escalation_reasons`). Risk:

- ``high``: security, legal, prompt_injection or outage; or distress with a self-harm,
  bereavement, illness or livelihood cue (a "severe" cue).
- ``medium``: any other reason (refund, billing, privacy, contract, regulated, asks_for_human,
  or distress from anger or stress alone).
- ``low``: nothing to escalate.

Deterministic and local: no network, no model download. About 1 ms for a typical ticket on 2 cores,
bounded at ~15 ms for very long ones (the rules read the first 4,000 and last 1,000 characters, the
model the first 2,000). Input is expected to be PII-redacted already ([EMAIL_1], [PERSON_1], ...).
Figures and weaknesses: docs/quality-escalation.md.
"""

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from agent.escalation_reasons import HIGH_RISK, REASONS, SEVERITY
from agent.escalation_rules import CueHit, find_cues, general_question, normalise, refund_received
from agent.escalation_scorer import ModelScore, load_model, score_ticket, ticket_text
from agent.injection import addressed, score_injection
from agent.injection import threshold as injection_threshold

MAX_EVIDENCE = 8
CUE_PRECISION_PATH = Path(__file__).parent / "data" / "cue_precision.json"
WEAK_CUE_MODEL_FLOOR = 0.25
WEAK_INJECTION_CUE_FLOOR = 0.3
INJECTION_CUE_FLOOR = 0.1  # any injection cue needs the injection model to see something (fresh batch 4)
_PER_REASON_EVIDENCE = 2

Risk = Literal["low", "medium", "high"]


class Classification(BaseModel):
    """Whether a person must own the ticket, why, and how risky it is."""

    escalate: bool
    reasons: list[str] = Field(default_factory=list, description="subset of REASONS, most severe first")
    risk: Risk
    evidence: list[str] = Field(default_factory=list, description="short cues shown to the rep")


def _model_reasons(*, score: ModelScore, threshold: float) -> list[str]:
    """Return the reasons the model stands behind: it must escalate and name a reason clearly.

    `score.top_words` holds the reasons at or above the model's reason threshold, so a ticket
    whose escalation mass is spread thinly over many reasons is not escalated by the model.
    Injection is left to the injection model, which reads each segment and was trained against
    look-alikes; the escalation model reads the whole ticket and takes a log with "system" and
    "ignore" for an attack.
    """
    if score.escalate_probability < threshold:
        return []
    return [r for r in score.top_words if r in REASONS and r != "prompt_injection"]


def _evidence(*, reasons: list[str], hits: list[CueHit], score: ModelScore, model_reasons: list[str]) -> list[str]:
    """Return the cues behind each reason, most severe reason first."""
    lines: list[str] = []
    for reason in reasons:
        quotes = list(dict.fromkeys(h.quote for h in hits if h.reason == reason))[:_PER_REASON_EVIDENCE]
        lines.extend(f'{reason}: "{quote}"' for quote in quotes)
        if not quotes and reason in model_reasons:
            words = ", ".join(f'"{w}"' for w in score.top_words.get(reason, []))
            probability = score.probabilities.get(reason, 0.0)
            lines.append(f"{reason}: model {probability:.2f}" + (f" ({words})" if words else ""))
    return lines[:MAX_EVIDENCE]


def _risk(*, reasons: list[str], hits: list[CueHit]) -> Risk:
    """Return the risk level for a set of reasons (see the module docstring)."""
    if not reasons:
        return "low"
    severe_distress = any(h.severe and h.reason == "distress" for h in hits)
    if HIGH_RISK.intersection(reasons) or severe_distress:
        return "high"
    return "medium"


def classify(*, subject: str, body: str) -> Classification:
    """Classify a redacted ticket into escalation reasons, risk and evidence for the rep."""
    model = load_model()
    score = score_ticket(subject=subject, body=body, model=model)
    text = ticket_text(subject=subject, body=body)
    injection, address = score_injection(text), addressed(text)
    hits = [h for h in find_cues(subject=subject, body=body)
            if _cue_stands(hit=h, score=score, injection=injection.probability, text=text)]
    model_reasons = _model_reasons(score=score, threshold=model.escalate_threshold)
    if model_reasons and general_question(subject=subject, body=body):
        model_reasons = []  # a question about a policy in general: only a cue escalates it
    if refund_received(subject=subject, body=body):  # "the refund came through, you can close this"
        model_reasons = [r for r in model_reasons if r != "refund"]
        hits = [h for h in hits if h.reason not in ("refund", "billing") or h.critical]  # what it refunded is settled
    found = {h.reason for h in hits} | set(model_reasons)
    if injection.probability >= injection_threshold() or address is not None:
        found.add("prompt_injection")
    reasons = [r for r in SEVERITY if r in found]
    evidence = _evidence(reasons=reasons, hits=hits, score=score, model_reasons=model_reasons)
    if "prompt_injection" in reasons and not any(h.reason == "prompt_injection" for h in hits):
        evidence.insert(0, f'prompt_injection: speaks to the assistant ("{_snippet(address.quote)}")' if address
                        else f'prompt_injection: model {injection.probability:.2f} ("{_snippet(injection.segment)}")')
    return Classification(
        escalate=bool(reasons),
        reasons=reasons,
        risk=_risk(reasons=reasons, hits=hits),
        evidence=evidence[:MAX_EVIDENCE],
    )


@lru_cache(maxsize=1)
def _weak_cues() -> frozenset[str]:
    """Return the cues whose measured precision is too low to escalate alone (agent/data/cue_precision.json)."""
    if not CUE_PRECISION_PATH.exists():
        return frozenset()
    data = json.loads(CUE_PRECISION_PATH.read_text(encoding="utf-8"))
    return frozenset(cue for cue, figures in data["cues"].items() if figures["precision"] < data["min_precision"])


def quoted_hit(*, hit: CueHit, text: str) -> bool:
    """Tell whether a cue's words sit inside quotation marks ('they type "ignore previous instructions"')."""
    folded = normalise(text=text)
    words = hit.quote.lower().rstrip("…")
    at = folded.find(words)
    return at > 0 and folded[max(0, at - 2) : at].strip() in {'"', "'", "«", "„", "‚"}


def _cue_stands(*, hit: CueHit, score: ModelScore, injection: float, text: str = "") -> bool:
    """Tell whether a cue escalates: a precise cue alone, a weak one only when a model leans the same way.

    A weak injection cue (one that also fires on people who quote an attack: developers, QA logs) needs
    the injection model's score of the ticket's worst segment; any other weak cue the escalation model's.
    """
    if hit.reason == "prompt_injection" and quoted_hit(hit=hit, text=text):
        return injection >= WEAK_INJECTION_CUE_FLOOR  # quoted: a developer citing an attack, unless the model agrees
    if hit.critical:
        return True
    if hit.reason == "prompt_injection":
        return injection >= (WEAK_INJECTION_CUE_FLOOR if hit.cue in _weak_cues() else INJECTION_CUE_FLOOR)
    return hit.cue not in _weak_cues() or score.escalate_probability >= WEAK_CUE_MODEL_FLOOR


def _snippet(segment: str, size: int = 80) -> str:
    """Return the start of a segment on one line, for the evidence shown to the rep."""
    line = " ".join(segment.split())
    return line if len(line) <= size else line[: size - 1] + "…"
