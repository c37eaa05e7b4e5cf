"""Compare draftgate's redaction with Presidio on the presidio-research synthetic PII set.

Run from the repository root:

    .venv/bin/python evals/redaction.py [--limit N] [--data PATH]

Prints, for the whole set, the tuning half (first half) and the held-out half, a markdown table per
entity type with token-level precision and recall for draftgate and for Presidio (pattern
recognizers on a blank spaCy pipeline, so no NER model), the share of gold entities left with no
visible token, and milliseconds per text for both. Scoring: every word token (`\\w+`) gets the type
of the gold span covering it; a token counts as a true positive when the prediction covering it has
the same type. Gold types outside draftgate's eight (GPE, ORGANIZATION, DATE_TIME, ...) count as
"no entity", so predicting STREET_ADDRESS on a labelled city is a false positive.
"""

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agent.redaction import ENTITY_TYPES, redact  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "presidio_synth" / "synth_dataset_v2.json"
GOLD_MAP = {"EMAIL_ADDRESS": "EMAIL", "IBAN_CODE": "IBAN"}
PRESIDIO_MAP = {
    "EMAIL_ADDRESS": "EMAIL",
    "IBAN_CODE": "IBAN",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "PERSON": "PERSON",
    "LOCATION": "STREET_ADDRESS",
}
PUBLISHED = {"PERSON": "0.65", "STREET_ADDRESS": "0.21 (LOCATION)"}
TOKEN_RE = re.compile(r"\w+")

Labelled = list[tuple[str, int, int]]


def load_samples(*, path: Path, limit: int | None) -> list[tuple[str, Labelled]]:
    """Load texts and their gold spans, mapped to draftgate's entity names."""
    rows = json.loads(path.read_text(encoding="utf-8"))[:limit]
    samples = []
    for row in rows:
        spans = [
            (GOLD_MAP.get(span["entity_type"], span["entity_type"]), span["start_position"], span["end_position"])
            for span in row["spans"]
        ]
        samples.append((row["full_text"], [span for span in spans if span[0] in ENTITY_TYPES]))
    return samples


def ours(text: str) -> Labelled:
    """Predict spans with draftgate's redaction."""
    return [(entity.type, entity.start, entity.end) for entity in redact(text=text).entities]


def presidio_predictor() -> Callable[[str], Labelled]:
    """Build Presidio's analyzer on a blank English spaCy pipeline and return a predictor."""
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankSpacyNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
        """A spaCy engine that uses `spacy.blank("en")`: tokenizer only, no NER model."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    for noisy in ("presidio-analyzer", "tldextract", "tldextract.suffix_list"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    engine = BlankSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])

    def predict(text: str) -> Labelled:
        results = analyzer.analyze(text=text, language="en")
        ranked = sorted(results, key=lambda result: -result.score)
        return [(PRESIDIO_MAP[r.entity_type], r.start, r.end) for r in ranked if r.entity_type in PRESIDIO_MAP]

    return predict


def timed(predict: Callable[[str], Labelled], texts: Sequence[str]) -> tuple[list[Labelled], float]:
    """Run a predictor over all texts after a short warm-up; return predictions and ms per text."""
    for text in texts[:20]:
        predict(text)
    began = time.perf_counter()
    predictions = [predict(text) for text in texts]
    return predictions, (time.perf_counter() - began) * 1000 / max(1, len(texts))


def token_labels(text: str, spans: Labelled) -> list[str]:
    """Label each word token with the type of the first span covering it ("O" for none)."""
    labels = []
    for match in TOKEN_RE.finditer(text):
        covering = [kind for kind, start, end in spans if start < match.end() and end > match.start()]
        labels.append(covering[0] if covering else "O")
    return labels


def score(samples: Sequence[tuple[str, Labelled]], predictions: Sequence[Labelled]) -> dict[str, Counter[str]]:
    """Count token-level true positives, false positives and false negatives per type."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ENTITY_TYPES}
    for (text, gold), predicted in zip(samples, predictions, strict=True):
        for truth, guess in zip(token_labels(text, gold), token_labels(text, predicted), strict=True):
            if truth in counts:
                counts[truth]["gold"] += 1
                counts[truth]["tp" if guess == truth else "fn"] += 1
            if guess in counts and guess != truth:
                counts[guess]["fp"] += 1
    return counts


def hidden_share(samples: Sequence[tuple[str, Labelled]], predictions: Sequence[Labelled]) -> Counter[str]:
    """Count gold entities whose every word token is covered by some prediction (of any type)."""
    hidden: Counter[str] = Counter()
    for (text, gold), predicted in zip(samples, predictions, strict=True):
        for kind, start, end in gold:
            hidden[kind + ":all"] += 1
            words = [m for m in TOKEN_RE.finditer(text, start, end)]
            if all(any(s < m.end() and e > m.start() for _, s, e in predicted) for m in words):
                hidden[kind] += 1
    return hidden


def ratio(numerator: int, denominator: int) -> str:
    """Format a ratio with two decimals, or a dash when undefined."""
    return f"{numerator / denominator:.2f}" if denominator else "–"


def table(
    title: str, samples: Sequence[tuple[str, Labelled]], ours_p: Sequence[Labelled], theirs_p: Sequence[Labelled]
) -> str:
    """Render one markdown table comparing both systems on the given samples."""
    mine, theirs = score(samples, ours_p), score(samples, theirs_p)
    hid_mine, hid_theirs = hidden_share(samples, ours_p), hidden_share(samples, theirs_p)
    lines = [
        f"### {title} ({len(samples)} texts)",
        "",
        "| entity | gold tokens | ours P | ours R | Presidio P | Presidio R | entities fully hidden: ours / Presidio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ENTITY_TYPES:
        m, t = mine[kind], theirs[kind]
        total = hid_mine[kind + ":all"]
        hidden = f"{ratio(hid_mine[kind], total)} / {ratio(hid_theirs[kind], total)}"
        lines.append(
            f"| {kind} | {m['gold']} | {ratio(m['tp'], m['tp'] + m['fp'])} | {ratio(m['tp'], m['gold'])} "
            f"| {ratio(t['tp'], t['tp'] + t['fp'])} | {ratio(t['tp'], t['gold'])} | {hidden} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Run both systems over the data set and print the comparison tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="synth_dataset_v2.json")
    args = parser.parse_args(argv)
    samples = load_samples(path=args.data, limit=args.limit)
    texts = [text for text, _ in samples]
    ours_p, ours_ms = timed(ours, texts)
    theirs_p, theirs_ms = timed(presidio_predictor(), texts)
    half = len(samples) // 2
    print(table("All texts", samples, ours_p, theirs_p), end="\n\n")
    print(table("Tuning half (first)", samples[:half], ours_p[:half], theirs_p[:half]), end="\n\n")
    print(table("Held-out half (second)", samples[half:], ours_p[half:], theirs_p[half:]), end="\n\n")
    print(f"Throughput: ours {ours_ms:.2f} ms/text, Presidio {theirs_ms:.2f} ms/text (same texts, one process).")
    print(
        "Presidio's published recall with spaCy en_core_web_lg: "
        + ", ".join(f"{kind} {value}" for kind, value in PUBLISHED.items())
    )


if __name__ == "__main__":
    main()
