"""Train and measure the injection detector (`agent.injection`).

    .venv/bin/python evals/injection.py --train        # refit agent/data/injection_model.npz (scikit-learn)
    .venv/bin/python evals/injection.py --cv           # 5-fold cross-validation on the written tickets
    .venv/bin/python evals/injection.py FILE.jsonl     # score a labelled batch (`injection` or `reasons`)

Training data (sizes are printed by --train and recorded in the model file):
- positives: PyRIT's jailbreak templates and prompt-leak seeds (`evals/data/pyrit_attacks.jsonl`,
  garak's folder excluded), tickets with written attacks in seven languages (`evals/data/written/`);
- negatives: look-alike clean tickets (complaints about "your AI", developers asking about
  injection, logs with "ignore" and "system"), every written ticket without an attack, Banking77's
  train split, the SaaS training tickets, agents' sentences and help-center paragraphs.

Training is multiple-instance: a ticket with an attack is a bag of segments of which one or a few
carry it. The first fit sees the whole ticket; the second adds each attack ticket's most
suspicious segment (by the first fit) as a positive instance, so that the model learns the attack
and not the ordinary question around it. Negatives contribute every segment.
"""

import argparse
import csv
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.escalation_scorer import LinearModel, load_model, save_model, score_ticket, ticket_text  # noqa: E402
from agent.injection import MODEL_PATH, segments  # noqa: E402
from agent.redaction import redact  # noqa: E402
from evals.training import Example, TrainConfig, fit  # noqa: E402

DATA = ROOT / "evals" / "data"
WRITTEN = DATA / "written"
SHARED = ROOT.parent / "shared" / "data"
LABEL = "injection"
NONE = "none"
LOOKALIKE_WEIGHT = 3.0
KEEP_SEEDS = ("psfuzz", "leakage", "0din", "placeholder")


class Ticket(NamedTuple):
    """One labelled ticket (or text) and where it came from."""

    id: str
    text: str
    injection: bool
    source: str


def _jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def labelled(row: dict[str, Any]) -> bool:
    """Return whether a row is labelled as an injection (either label form)."""
    if "injection" in row:
        return bool(row["injection"])
    return "prompt_injection" in row.get("reasons", [])


def written_tickets() -> list[Ticket]:
    """Return the tickets written for training, with and without attacks."""
    out = []
    for path in sorted(WRITTEN.glob("*.jsonl")):
        if not path.name.startswith(("injection_", "escalation_")):
            continue
        for row in _jsonl(path):
            text = redact(text=ticket_text(subject=row.get("subject", ""), body=row.get("body", ""))).redacted
            out.append(Ticket(row["id"], text, labelled(row), f"written/{path.stem}"))
    return out


def pyrit_attacks() -> list[Ticket]:
    """Return PyRIT's jailbreak templates and prompt-leak seeds as attack texts."""
    rows = _jsonl(DATA / "pyrit_attacks.jsonl")
    keep = [r for r in rows if r["kind"] == "template" or any(k in r["source"] for k in KEEP_SEEDS)]
    return [Ticket(f"pyrit-{i}", r["text"], True, r["source"]) for i, r in enumerate(keep)]


def clean_texts(*, rng: random.Random) -> list[Ticket]:
    """Return clean support text: Banking77, SaaS tickets, agents' sentences, help-center paragraphs."""
    out = []
    with (SHARED / "banking77" / "train.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out += [Ticket(f"b77-{i}", r["text"], False, "banking77") for i, r in enumerate(rng.sample(rows, 4000))]
    for row in _jsonl(DATA / "escalation_saas_train.jsonl"):
        if "prompt_injection" not in row["reasons"]:
            out.append(Ticket(row["id"], ticket_text(subject=row["subject"], body=row["body"]), False, "saas"))
    for path in sorted(WRITTEN.glob("commitments_*.jsonl")):
        out += [Ticket(r["id"], r["text"], False, f"written/{path.stem}") for r in _jsonl(path)]
    for root in (SHARED / "helpcenter" / "articles", ROOT / "cli" / "demo_data" / "helpcenter"):
        for article in sorted(root.rglob("*.md")):
            body = article.read_text(encoding="utf-8").split("\n---", 1)[-1]
            out += [Ticket(f"{article.name}-{i}", p, False, "helpcenter")
                    for i, p in enumerate(segments(body)) if len(p) > 60]
    return out


def instances(tickets: list[Ticket], *, model: LinearModel | None) -> list[Example]:
    """Turn tickets into training rows: every segment of a clean ticket, the attack's segments of an attack."""
    rows = []
    for ticket in tickets:
        pieces = segments(ticket.text)
        if not ticket.injection:
            weight = LOOKALIKE_WEIGHT if ticket.source.startswith("written/") else 1.0
            rows += [Example(p, NONE, weight, ticket.source) for p in pieces]
            continue
        if ticket.source.startswith("pyrit/"):
            rows.append(Example(ticket.text[:2000], LABEL, 1.0, ticket.source))
            rows += [Example(p, LABEL, 0.5, ticket.source) for p in pieces if len(p) >= 40]
        elif model is None or not pieces:
            rows.append(Example(ticket.text[:2000], LABEL, 1.0, ticket.source))
        else:  # the attack, not the ordinary question around it
            ranked = sorted(pieces, key=lambda p: -score_ticket(subject="", body=p, model=model).escalate_probability)
            rows += [Example(p, LABEL, 2.0, ticket.source) for p in ranked[:1]]
    return rows


def train(tickets: list[Ticket], *, threshold: float) -> dict[str, Any]:
    """Fit the two rounds and return the model as plain data."""
    config = TrainConfig(c=4.0, min_df=2, escalate_threshold=threshold, reason_threshold=threshold)
    first = fit(examples=instances(tickets, model=None), config=config)
    model = _as_model(first)
    rows = instances(tickets, model=model)
    data = fit(examples=rows, config=config)
    data["format"] = "draftgate-injection-linear/1"
    data["trained_on"] = dict(sorted(Counter(t.source.split("/")[0] + ("+" if t.injection else "-")
                                             for t in tickets).items()))
    data["instances"] = len(rows)
    return data


def _as_model(data: dict[str, Any]) -> LinearModel:
    """Load fitted plain data as a scoring model."""
    path = Path(tempfile.gettempdir()) / "draftgate-injection-round1.npz"
    save_model(data=data, path=path)
    load_model.cache_clear()
    return load_model(path=path)


def ticket_probability(text: str, model: LinearModel) -> float:
    """Return the most suspicious segment's probability."""
    return max((score_ticket(subject="", body=p, model=model).escalate_probability for p in segments(text)),
               default=0.0)


def cross_validate(tickets: list[Ticket], *, folds: int = 3) -> None:
    """Print recall and false positives per threshold, holding out written tickets fold by fold."""
    rng = random.Random(11)
    written = [t for t in tickets if t.source.startswith("written/")]
    rest = [t for t in tickets if not t.source.startswith("written/")]
    rng.shuffle(written)
    scored: list[tuple[bool, float]] = []
    for k in range(folds):
        test = written[k::folds]
        train_set = rest + [t for i, t in enumerate(written) if i % folds != k]
        model = _as_model(train(train_set, threshold=0.5))
        scored += [(t.injection, ticket_probability(t.text, model)) for t in test]
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        report(scored, threshold=threshold)


def report(scored: list[tuple[bool, float]], *, threshold: float) -> None:
    """Print recall on attacks and the false-positive rate on clean tickets at a threshold."""
    attacks = [p for y, p in scored if y]
    clean = [p for y, p in scored if not y]
    recall = sum(p >= threshold for p in attacks) / max(len(attacks), 1)
    false = sum(p >= threshold for p in clean) / max(len(clean), 1)
    print(f"threshold {threshold:.2f}: recall {recall:.3f} ({len(attacks)} attacks), "
          f"false positives {false:.3f} ({len(clean)} clean)")


def main() -> None:
    """Train, cross-validate or score a batch."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("batch", nargs="?", type=Path)
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    rng = random.Random(5)
    if args.train or args.cv:
        tickets = pyrit_attacks() + written_tickets() + clean_texts(rng=rng)
        print(dict(Counter(t.source.split("/")[0] + ("+" if t.injection else "-") for t in tickets)))
        if args.cv:
            cross_validate(tickets)
        if args.train:
            data = train(tickets, threshold=args.threshold)
            save_model(data=data, path=MODEL_PATH)
            print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB, {data['instances']} instances)")
    if args.batch:
        from agent.injection import injection_model
        model = injection_model()
        assert model is not None, "no model: run --train first"
        rows = _jsonl(args.batch)
        scored = [(labelled(r), ticket_probability(ticket_text(subject=r.get("subject", ""),
                                                               body=r.get("body", r.get("text", ""))), model))
                  for r in rows]
        report(scored, threshold=model.escalate_threshold)


if __name__ == "__main__":
    main()
