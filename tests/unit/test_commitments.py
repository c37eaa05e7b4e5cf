"""The commitment finder and stripper: promise forms, kept information, clean stripping, exact offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent import commitments_forms as forms
from agent import commitments_topics as topics
from agent.commitments import LABELS, Commitment, clause_labels, find_commitments, strip_commitments
from agent.commitments_segment import clauses, sentences

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "data" / "commitments_dev.jsonl"
HELD_OUT = ROOT / "tests" / "data" / "commitments_heldout.jsonl"


def labels_of(text: str) -> set[str]:
    """Return the union of labels found in a text."""
    return {label for c in find_commitments(text=text) for label in c.labels}


def clean(text: str) -> str:
    """Return the text with every commitment stripped."""
    return strip_commitments(text=text, commitments=find_commitments(text=text))


def test_interface_is_exactly_as_agreed() -> None:
    assert LABELS == ("refund", "credit", "timeline", "roadmap", "contract", "legal", "security", "guarantee")
    assert set(Commitment.model_fields) == {"text", "labels", "start", "end", "source"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain future
        ("We will refund the full amount of your subscription.", {"refund"}),
        # passive
        ("A refund will be issued to your original payment method.", {"refund"}),
        # indirect
        ("You'll see the money back on your card.", {"refund"}),
        # idiomatic
        ("Consider it done: the duplicate charge is gone.", {"refund"}),
        ("Your next month is on the house.", {"credit"}),
        # conditional
        ("If you upgrade, we'll waive the setup fee.", {"contract"}),
        ("If the issue comes back, we'll refund you in full.", {"refund"}),
        # already done
        ("I've credited your account with $25.", {"credit"}),
        ("I have reversed the charge.", {"refund"}),
        # offers
        ("I can offer you 25% off for the next year.", {"credit"}),
        ("Let me waive the late fee this time.", {"contract"}),
        # non-native English
        ("we will make refund to you", {"refund"}),
        ("i give you discount for next invoice", {"credit"}),
        ("We not charge you cancellation fee, you can leave anytime.", {"contract"}),
    ],
)
def test_promise_forms_are_found(text: str, expected: set[str]) -> None:
    assert labels_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our engineers will have this fixed by Friday.", {"timeline"}),
        ("Someone will call you back within the next hour.", {"timeline"}),
        ("Dark mode is coming in the next release.", {"roadmap"}),
        ("We're going to add SSO support in Q3.", {"roadmap", "timeline"}),
        ("I'll keep your current price forever.", {"contract"}),
        ("We'll cancel your contract with no penalty.", {"contract"}),
        ("You are entitled to a full refund under EU consumer law.", {"legal", "refund"}),
        ("Our product is fully GDPR compliant, so you don't need a DPA.", {"legal"}),
        ("No customer data was accessed during the incident.", {"security"}),
        ("Your data is completely safe with us.", {"security"}),
        ("I promise this won't happen again.", {"guarantee"}),
        ("After this patch, your dashboards will load instantly every time.", {"guarantee"}),
    ],
)
def test_each_label(text: str, expected: set[str]) -> None:
    assert labels_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # approved policy quoted as information
        "Refunds can be requested within 30 days from the Billing page.",
        "Our refund policy allows refund requests within 30 days of purchase.",
        "Per our terms, annual plans renew automatically unless cancelled 7 days before renewal.",
        "Discounts for nonprofits are available through our application form [2].",
        "Service credits under our SLA apply when monthly uptime falls below 99.9%.",
        "Our Privacy Policy explains that customer data is stored in EU data centers.",
        # hand-offs
        "I've passed this to billing, who will review it.",
        "I've forwarded your refund request to the billing team so they can review your case.",
        "I'll check with the billing team and update this ticket with what they say.",
        "Someone from the billing team will reply once they've reviewed the charge.",
        # questions, refusals, hedges
        "Would you like me to ask billing whether a credit is possible?",
        "We can't promise a date for the mobile app.",
        "I'm unable to change the terms of your contract.",
        "It may be possible to get a credit, but that's up to the billing team.",
        # how the product works, past releases, instructions
        "Your subscription will renew on March 3 unless you cancel before then.",
        "Version 3.8, released last Tuesday, includes the fix for the calendar export.",
        "To request a refund, open Settings > Billing and click Request refund.",
        "You'll receive an invoice by email every time your card is charged.",
    ],
)
def test_information_and_hand_offs_are_kept(text: str) -> None:
    assert find_commitments(text=text) == []
    assert clean(text) == text


def test_only_the_promising_clause_is_taken() -> None:
    text = "I'm really sorry about the double charge, and I'll refund the extra $15 right away."
    [found] = find_commitments(text=text)
    assert found.text == "I'll refund the extra $15 right away"
    assert found.labels == ["refund", "timeline"]
    assert clean(text) == "I'm really sorry about the double charge."


def test_a_leading_promising_clause_is_cut_with_its_connector() -> None:
    assert clean("Your data is safe, and I've reset your password.") == "I've reset your password."
    assert clean("Thanks for your patience; we'll credit your account today.") == "Thanks for your patience."


def test_offsets_are_exact_with_curly_quotes_and_crlf() -> None:
    text = "Hi Ana,\r\n\r\nThanks for waiting. We\u2019ll refund you today [1]. Bye!\r\n"
    [found] = find_commitments(text=text)
    assert text[found.start:found.end] == found.text == "We\u2019ll refund you today [1]."
    assert clean(text) == "Hi Ana,\r\n\r\nThanks for waiting. Bye!\r\n"


def test_a_whole_draft_reads_well_after_stripping() -> None:
    draft = (
        "Hi Sam,\n\n"
        "Thanks for reaching out, and sorry about the double charge. I've refunded the second payment [1]. "
        "Let us know if there's anything else!\n\n"
        "To export your data:\n"
        "1. Open Settings > Data.\n"
        "2. We'll also add PDF export next quarter.\n"
        "3. Click Export CSV [2].\n\n"
        "Refunds can be requested within 30 days from the Billing page [3].\n\n"
        "Needs human review: the customer asked about PDF export.\n\n"
        "Best,\nAlex"
    )
    assert [c.labels for c in find_commitments(text=draft)] == [["refund"], ["timeline", "roadmap"]]
    assert clean(draft) == (
        "Hi Sam,\n\n"
        "Thanks for reaching out, and sorry about the double charge. Let us know if there's anything else!\n\n"
        "To export your data:\n"
        "1. Open Settings > Data.\n"
        "2. Click Export CSV [2].\n\n"
        "Refunds can be requested within 30 days from the Billing page [3].\n\n"
        "Needs human review: the customer asked about PDF export.\n\n"
        "Best,\nAlex"
    )


def test_a_paragraph_that_only_promised_disappears_without_a_blank_line_run() -> None:
    assert clean("Hello,\n\nWe'll refund you in full.\n\nBest,\nMia") == "Hello,\n\nBest,\nMia"


def test_reviewer_notes_are_neither_flagged_nor_stripped() -> None:
    note = "Needs human review: we promised a refund by Friday in an earlier reply."
    assert find_commitments(text=note) == []


def test_reported_promises_in_summaries_are_found_for_the_guard_to_list() -> None:
    line = 'Follow-ups promised:\n- Reported agent promise: "I\'ll refund your subscription by Thursday."'
    [found] = find_commitments(text=line)
    assert found.text.startswith("Reported agent promise:") and found.labels == ["refund", "timeline"]


def test_strip_accepts_overlapping_and_unordered_spans() -> None:
    text = "We will refund you today. We'll credit you too. Thanks."
    found = find_commitments(text=text)
    assert strip_commitments(text=text, commitments=[*reversed(found), *found]) == "Thanks."


SENTENCES = [
    "Hi Jo,", "Thanks for writing in.", "We will refund you today [1].",
    "Your data is safe, and we'll fix it by Friday.",
    "Refunds can be requested from Billing [2].", "I've passed this to billing, who will review it.",
    "1. Open Settings.", "2. I've added a free month to your account.", "- We'll add SSO next quarter.",
    "Needs human review: check the plan.", "Best,", "Kim", "Could you send a screenshot?",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=10), st.sampled_from([" ", "\n", "\n\n"]))
def test_offsets_are_exact_and_stripping_leaves_no_debris(parts: list[str], joiner: str) -> None:
    text = joiner.join(parts)
    found = find_commitments(text=text)
    for commitment in found:
        assert text[commitment.start:commitment.end] == commitment.text
        assert commitment.labels and set(commitment.labels) <= set(LABELS)
    stripped = strip_commitments(text=text, commitments=found)
    assert "  " not in stripped and "\n\n\n" not in stripped
    assert not re.search(r"(?m)^[ \t]*(?:[-*•]|\d+[.)])?[ \t]*[.,;]?[ \t]*$(?<=\S)", stripped)
    assert not re.search(r"(?m)^\s*[,;.]", stripped)
    assert find_commitments(text=stripped) == []


def _data_clauses() -> list[str]:
    """Return every lower-cased clause of the dev and held-out texts."""
    out = []
    for path in (DEV, HELD_OUT):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line)["text"]
                for sentence in sentences(text=text):
                    out += [text[c.start:c.end].lower() for c in clauses(text=text, sentence=sentence)]
    return out


def test_keyword_gates_never_change_a_result() -> None:
    groups = {f"topic {k}": v for k, v in topics.TOPICS.items()}
    groups |= {f"assertion {k}": v for k, v in topics.ASSERTIONS.items()}
    gated = {name: pattern for name, pattern in groups.items() if isinstance(pattern, forms.Gated)}
    assert gated, "the costliest groups should be gated"
    for clause in _data_clauses():
        for name, pattern in gated.items():
            assert bool(pattern.search(clause)) == bool(pattern.pattern.search(clause)), (name, clause)


def _scores(path: Path) -> tuple[float, float]:
    """Return sentence-level precision and recall of "any commitment" on a labelled file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [(bool(row["labels"]), bool(find_commitments(text=row["text"]))) for row in rows]
    tp = sum(g and f for g, f in pairs)
    return tp / max(1, sum(f for _, f in pairs)), tp / max(1, sum(g for g, _ in pairs))


@pytest.mark.parametrize("path", [DEV, HELD_OUT], ids=["dev", "held-out"])
def test_no_regression_on_the_labelled_sets(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    precision, recall = _scores(path)
    assert precision >= 0.95 and recall >= 0.95


def test_results_are_deterministic_and_cached() -> None:
    text = "We'll refund you today, and your data is safe."
    assert find_commitments(text=text) == find_commitments(text=text)
    assert clause_labels(clause="We'll refund you today") == frozenset({"refund", "timeline"})



# --- the sentence model, for phrasings no rule was written for ---------------------------------------


@pytest.mark.parametrize(("text", "label"), [
    ("That charge is history, you will not lose a cent.", "refund"),
    ("Consider the late fee gone.", "contract"),
    ("We sort the sync trouble in the coming build.", "roadmap"),
])
def test_model_catches_promises_the_rules_miss_and_says_so(text: str, label: str) -> None:
    from agent.commitments import _sentence_commitments
    from agent.commitments_segment import sentences

    assert not _sentence_commitments(text=text, sentence=sentences(text=text)[0]), "a rule learned this one"
    [found] = find_commitments(text=text)
    assert found.source == "model" and found.labels  # the label is the model's best guess (docs/quality-commitments.md)
    assert (found.start, found.end) == (0, len(text))
    assert strip_commitments(text=text, commitments=[found]) == ""


@pytest.mark.parametrize("text", [
    "Could you tell me when the refund reached your card?",
    "I cannot promise you a refund or a date.",
    "Click Export to download the CSV.",
    "Hi Dana,",
])
def test_model_is_not_asked_about_questions_refusals_or_how_to(text: str) -> None:
    assert find_commitments(text=text) == []


def test_without_the_model_file_the_rules_work_alone(tmp_path: Path) -> None:
    from agent.commitments_scorer import commitment_model

    assert commitment_model(path=tmp_path / "absent.npz") is None
