"""Fit the escalation model on the Banking77 train split plus the bundled SaaS examples.

Run through `python evals/escalation.py --train`. Needs scikit-learn (training only; serving
reads the JSON file with numpy). Deterministic: the same data gives the same file.

Labels: a Banking77 message gets the reason of its intent in `escalation_map.json`, or "none"
when the intent is routine; intents mapped to `null` (ambiguous) are left out. A SaaS example
gets one row per reason (or "none"), weighted `saas_weight` so that ~260 SaaS tickets count
against ~7,600 banking messages.
"""

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from agent.escalation import quoted_hit
from agent.escalation_rules import find_cues, write_gate_table
from agent.escalation_scorer import MODEL_PATH, save_model, ticket_features, ticket_text
from agent.redaction import redact

SAAS_TRAIN_PATH = Path(__file__).parent / "data" / "escalation_saas_train.jsonl"
WRITTEN = Path(__file__).parent / "data" / "written"
NONE = "none"


class Example(NamedTuple):
    """One training row: ticket text, label and sample weight."""

    text: str
    label: str
    weight: float
    source: str


class TrainConfig(NamedTuple):
    """Hyper-parameters, chosen by cross-validation on the train split only."""

    c: float = 10.0
    min_df: int = 3
    saas_weight: float = 4.0
    saas_escalate_weight: float = 2.0
    helpcenter_weight: float = 1.0
    escalate_threshold: float = 0.5  # swept on Banking77 test + fresh SaaS batches: fewer false escalations
    reason_threshold: float = 0.3    # out of domain for 0.004 Banking77 recall (docs/quality-escalation.md)


def banking_examples(*, banking_dir: Path, split: str) -> list[Example]:
    """Return the scored Banking77 messages of a split as training rows."""
    intents = json.loads((banking_dir / "escalation_map.json").read_text())["intents"]
    rows = []
    with (banking_dir / f"{split}.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected = intents[row["category"]]
            if expected["escalate"] is None:
                continue
            label = expected["reason"] if expected["escalate"] else NONE
            rows.append(Example(text=row["text"], label=label, weight=1.0, source=f"banking77/{row['category']}"))
    return rows


def saas_examples(*, path: Path = SAAS_TRAIN_PATH, config: TrainConfig) -> list[Example]:
    """Return the bundled SaaS tickets as training rows, one per reason."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        ticket = json.loads(line)
        text = ticket_text(subject=ticket["subject"], body=ticket["body"])
        weight = config.saas_escalate_weight if ticket["reasons"] else config.saas_weight
        for label in ticket["reasons"] or [NONE]:
            rows.append(Example(text=text, label=label, weight=weight, source=f"saas/{ticket['id']}"))
    return rows


def written_examples(*, config: TrainConfig) -> list[Example]:
    """Return the tickets written for training in seven languages (evals/data/written/escalation_*.jsonl)."""
    rows = []
    for path in sorted(WRITTEN.glob("escalation_*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            ticket = json.loads(line)
            text = redact(text=ticket_text(subject=ticket.get("subject", ""), body=ticket["body"])).redacted
            weight = config.saas_escalate_weight if ticket["reasons"] else config.saas_weight
            for label in ticket["reasons"] or [NONE]:
                rows.append(Example(text=text, label=label, weight=weight, source=f"written/{ticket['id']}"))
    return rows


def helpcenter_examples(*, articles_dir: Path, weight: float) -> list[Example]:
    """Return help-center titles and descriptions as routine rows (SaaS vocabulary that is not a problem).

    Lines on which any cue fires are left out, so that a sentence like "request a refund within
    30 days" never teaches the model that refund talk is routine.
    """
    rows = []
    for path in sorted(articles_dir.rglob("*.md")):
        fields = dict(_front_matter(text=path.read_text(encoding="utf-8")))
        text = ". ".join(v for k, v in sorted(fields.items()) if k in ("title", "description") and v)
        if text and not find_cues(subject="", body=text):
            rows.append(Example(text=text, label=NONE, weight=weight, source=f"helpcenter/{path.name}"))
    return rows


def _front_matter(*, text: str) -> list[tuple[str, str]]:
    """Return the simple `key: value` pairs of a Markdown front-matter block."""
    if not text.startswith("---"):
        return []
    block = text[3:].split("\n---", 1)[0]
    pairs = [line.split(":", 1) for line in block.splitlines() if ":" in line]
    return [(key.strip(), value.strip().strip('"')) for key, value in pairs]


def fit(*, examples: list[Example], config: TrainConfig) -> dict[str, Any]:
    """Fit TF-IDF + multinomial logistic regression and return the model as plain data."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=ticket_features, sublinear_tf=True, min_df=config.min_df, dtype=np.float32)
    matrix = vectorizer.fit_transform([e.text for e in examples])
    classes = [NONE, *sorted({e.label for e in examples} - {NONE})]
    labels = np.asarray([classes.index(e.label) for e in examples])
    clf = LogisticRegression(C=config.c, max_iter=5000, tol=1e-6)
    clf.fit(matrix, labels, sample_weight=np.asarray([e.weight for e in examples]))
    return _as_data(vectorizer=vectorizer, clf=clf, classes=classes, config=config)


def _as_data(*, vectorizer: Any, clf: Any, classes: list[str], config: TrainConfig) -> dict[str, Any]:
    """Turn the fitted objects into JSON-ready data with 16-bit quantised coefficients."""
    coef = clf.coef_.T.astype(np.float64)  # features x classes
    intercept = clf.intercept_.astype(np.float64)
    if len(classes) == 2:  # binary: sklearn keeps one column; softmax over (0, z) is the same sigmoid
        coef = np.hstack([np.zeros_like(coef), coef])
        intercept = np.asarray([0.0, intercept[0]])
    scale = float(np.abs(coef).max()) / 32767.0
    return {
        "format": "draftgate-escalation-linear/1",
        "classes": classes,
        "features": vectorizer.get_feature_names_out().tolist(),
        "idf": [round(float(v), 4) for v in vectorizer.idf_],
        "coef_scale": scale,
        "coef": np.rint(coef / scale).astype(int).ravel().tolist(),
        "intercept": [round(float(v), 6) for v in intercept],
        "escalate_threshold": config.escalate_threshold,
        "reason_threshold": config.reason_threshold,
        "config": config._asdict(),
    }


def training_examples(*, data_dir: Path, config: TrainConfig) -> list[Example]:
    """Return every training row: Banking77 train split, SaaS examples, help-center negatives."""
    examples = banking_examples(banking_dir=data_dir / "banking77", split="train")
    examples += saas_examples(config=config)
    examples += written_examples(config=config)
    articles = data_dir / "helpcenter" / "articles"
    return examples + helpcenter_examples(articles_dir=articles, weight=config.helpcenter_weight)


MIN_CUE_PRECISION = 0.8
MIN_CUE_FIRES = 3


def cue_precision(*, data_dir: Path) -> dict[str, Any]:
    """Measure each cue on the training tickets: how often a ticket it fires on should escalate.

    Measured on the tickets of the natural mix (the written escalation sets, half routine and half
    sensitive with a few attacks; the SaaS and Banking77 sets), not on the injection sets (half
    look-alikes by design) nor the `*_hard*` sets (mostly look-alikes written to defeat the cues): a
    base rate no queue has. Those train the models only.
    Cues below MIN_CUE_PRECISION (over at least MIN_CUE_FIRES fires) escalate only when the model
    leans the same way (agent.escalation._cue_stands): a bare "refund" or "hack" is a mention, and
    "ignore previous instructions" quoted by a developer is not an attack. An injection cue counts as
    right only on an attack, and is counted only where it is not quoted: a quoted one never stands alone.
    """
    tickets: list[tuple[str, str, bool, bool]] = []  # subject, body, escalates, carries an injection
    written = [path for path in sorted(WRITTEN.glob("escalation_*.jsonl")) if "_hard" not in path.stem]
    for path in [SAAS_TRAIN_PATH, *written]:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                attack = bool(row["injection"]) if "injection" in row else "prompt_injection" in row["reasons"]
                tickets.append((row.get("subject", ""), row["body"], attack or bool(row.get("reasons")), attack))
    banking = banking_examples(banking_dir=data_dir / "banking77", split="train")
    tickets += [("", e.text, e.label != NONE, False) for e in banking]
    fires: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for subject, body, escalate, attack in tickets:
        text = ticket_text(subject=subject, body=body)
        for hit in {h.cue: h for h in find_cues(subject=subject, body=body)}.values():
            if hit.reason == "prompt_injection" and quoted_hit(hit=hit, text=text):
                continue  # quoted, it is judged with the model's score anyway (agent.escalation._cue_stands)
            fires[hit.cue] += 1  # an injection cue is right only on an injection, not on any escalation
            right[hit.cue] += attack if hit.reason == "prompt_injection" else escalate
    cues = {cue: {"fires": n, "precision": round(right[cue] / n, 3)} for cue, n in sorted(fires.items())
            if n >= MIN_CUE_FIRES}
    return {"min_precision": MIN_CUE_PRECISION, "tickets": len(tickets), "cues": cues}


def train_and_save(*, data_dir: Path, path: Path = MODEL_PATH, config: TrainConfig | None = None) -> Path:
    """Fit on the training rows and write the model file."""
    config = config or TrainConfig()
    examples = training_examples(data_dir=data_dir, config=config)
    data = fit(examples=examples, config=config)
    data["trained_on"] = dict(sorted(Counter(e.source.split("/")[0] for e in examples).items()))
    save_model(data=data, path=path)
    precision = cue_precision(data_dir=data_dir)
    (path.parent / "cue_precision.json").write_text(json.dumps(precision, indent=1), encoding="utf-8")
    write_gate_table(path.parent / "cue_gates.json")
    return path
