"""Score a ticket with the shipped linear escalation model (TF-IDF n-grams + logistic regression).

The model is plain data in `agent/data/escalation_model.npz` (`save_model`): feature names, IDF
weights, a 16-bit coefficient row per class ("none" plus the reasons it was trained on), intercepts
and the decision thresholds. Scoring needs only numpy: no pickles, no sklearn at run time, and the
arrays load in a few milliseconds (the same data as JSON took a quarter of a second to parse, paid
by every one-line `draftgate classify`). Rows are sorted by a 64-bit hash of their feature
(`feature_hash`), and a ticket's features are looked up with a binary search in that array: a
dictionary of the 300,000 feature names of the injection model took 0.1 s to build at every start.
The names stay in the file for people and tools; scoring never reads them. The same
`ticket_features` function is the analyzer used at training time (`evals.training`), so
training and serving cannot drift apart.
"""

import itertools
import json
import math
import re
import unicodedata
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from agent.escalation_rules import normalise

MODEL_PATH = Path(__file__).parent / "data" / "escalation_model.npz"
MAX_MODEL_CHARS = 2_000
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_PLACEHOLDER = re.compile(r"\[([A-Za-z]+)(?:_[A-Za-z]+)*_\d+\]")
_CHAR_SIZES = (3, 4, 5)


class LinearModel(NamedTuple):
    """The fitted model, ready for scoring (rows in the order of `hashes`)."""

    classes: tuple[str, ...]
    hashes: np.ndarray  # uint64, sorted: feature_hash of each row's feature
    idf: np.ndarray
    coef: np.ndarray  # features x classes
    intercept: np.ndarray
    escalate_threshold: float
    reason_threshold: float


class ModelScore(NamedTuple):
    """What the model says about one ticket."""

    escalate_probability: float
    probabilities: dict[str, float]
    top_words: dict[str, list[str]]


def ticket_text(*, subject: str, body: str) -> str:
    """Join subject and body the way the model was trained."""
    return f"{subject}. {body}" if subject else body


def fold_accents(text: str) -> str:
    """Return text without diacritics, so "téléphone" and "telephone" are one word.

    >>> fold_accents("Können Sie überprüfen, ob la facturación está bien?")
    'Konnen Sie uberprufen, ob la facturacion esta bien?'
    """
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def ticket_features(text: str) -> list[str]:
    """Return word 1-2-grams and within-word character 3-5-grams ("#" prefix) of a text, in any language."""
    text = _PLACEHOLDER.sub(" ", text[:MAX_MODEL_CHARS])  # identifiers say nothing about escalation
    words = _TOKEN.findall(fold_accents(normalise(text=text)))
    features = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        features.extend(_char_grams(word))
    return features


@lru_cache(maxsize=65_536)
def _char_grams(word: str) -> tuple[str, ...]:
    """Return the "#"-prefixed character 3-5-grams of one word padded with spaces."""
    padded = f" {word} "
    return tuple(
        "#" + padded[i : i + size] for size in _CHAR_SIZES if len(padded) >= size for i in range(len(padded) - size + 1)
    )


_ARRAYS = {"idf": np.float32, "coef": np.int16}  # coefficients are quantised to 16 bits by the trainers


@lru_cache(maxsize=1 << 17)
def feature_hash(feature: str) -> int:
    """Return a stable 64-bit hash of a feature (CRC-32 and Adler-32 of its UTF-8 bytes side by side)."""
    data = feature.encode()
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def _hashes(features: list[str] | tuple[str, ...]) -> np.ndarray:
    """Return the feature hashes of a list of features as a uint64 array."""
    return np.fromiter((feature_hash(f) for f in features), dtype=np.uint64, count=len(features))


def save_model(*, data: dict[str, Any], path: Path) -> None:
    """Write a fitted model (plain data as the trainers return it) as the .npz file `load_model` reads."""
    if any("\n" in feature for feature in data["features"]):
        raise ValueError("a feature name holds a line break")
    hashes = _hashes(data["features"])
    order = np.argsort(hashes, kind="stable")
    if len(np.unique(hashes)) != len(hashes):
        raise ValueError("two features share a hash: rename one or change feature_hash")
    meta = {k: v for k, v in data.items() if k not in {"features", *_ARRAYS}}
    n_classes = len(data["classes"])
    idf = np.asarray(data["idf"], dtype=np.float32)[order]
    coef = np.asarray(data["coef"], dtype=np.int16).reshape(len(hashes), n_classes)[order]
    features = "\n".join(data["features"][i] for i in order)
    with path.open("wb") as out:
        np.savez_compressed(out, meta=np.asarray(json.dumps(meta)), features=np.asarray(features),
                            hashes=hashes[order], idf=idf, coef=coef)


@lru_cache(maxsize=4)
def load_model(*, path: Path = MODEL_PATH) -> LinearModel:
    """Load the model file once; raise FileNotFoundError with the command that rebuilds it."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python evals/escalation.py --train`")
    with np.load(path, allow_pickle=False) as stored:
        data = json.loads(str(stored["meta"]))
        hashes, idf, quantised = stored["hashes"], stored["idf"], stored["coef"]
    coef = quantised.astype(np.float32).reshape(len(hashes), len(data["classes"]))
    return LinearModel(
        classes=tuple(data["classes"]),
        hashes=hashes,
        idf=idf,
        coef=coef * np.float32(data["coef_scale"]),
        intercept=np.asarray(data["intercept"], dtype=np.float32),
        escalate_threshold=float(data["escalate_threshold"]),
        reason_threshold=float(data["reason_threshold"]),
    )


def _tfidf(*, model: LinearModel, text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Return the known feature rows of text, their L2-normalised sublinear TF-IDF weights, and their names."""
    counts = Counter(ticket_features(text))
    names = list(counts)
    if not names or not len(model.hashes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), []
    wanted = _hashes(names)
    rows = np.minimum(np.searchsorted(model.hashes, wanted), len(model.hashes) - 1)
    known = np.flatnonzero(model.hashes[rows] == wanted)
    if not len(known):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), []
    cols = rows[known].astype(np.int64)
    tf = np.fromiter((1.0 + math.log(counts[names[i]]) for i in known), dtype=np.float32, count=len(known))
    weights = tf * model.idf[cols]
    return cols, weights / np.float32(np.linalg.norm(weights)), [names[i] for i in known]


def _top_words(*, model: LinearModel, cols: np.ndarray, weights: np.ndarray, names: list[str], klass: int) -> list[str]:
    """Return up to three word n-grams that push the ticket hardest towards a class."""
    contrib = weights * (model.coef[cols, klass] - model.coef[cols, 0])
    words: list[str] = []
    for i in np.argsort(-contrib):
        name = names[i]
        if contrib[i] <= 0 or len(words) == 3:
            break
        if not name.startswith("#"):
            words.append(name)
    return words


def score_ticket(*, subject: str, body: str, model: LinearModel | None = None) -> ModelScore:
    """Return the escalation probability, per-class probabilities and the words behind them."""
    model = model or load_model()
    cols, weights, names = _tfidf(model=model, text=ticket_text(subject=subject, body=body))
    logits = model.intercept + weights @ model.coef[cols] if len(cols) else model.intercept.copy()
    exp = np.exp(logits - logits.max())
    probs = exp / exp.sum()
    probabilities = {name: float(p) for name, p in zip(model.classes, probs, strict=True)}
    top = {
        name: _top_words(model=model, cols=cols, weights=weights, names=names, klass=k)
        for k, name in enumerate(model.classes)
        if k and probabilities[name] >= model.reason_threshold
    }
    return ModelScore(
        escalate_probability=1.0 - probabilities[model.classes[0]],
        probabilities=probabilities,
        top_words=top,
    )
