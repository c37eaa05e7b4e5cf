"""Answering from articles: the questions a ticket asks, the section that answers each, and its text.

- ``questions``: the sentences of a ticket that ask something (a ticket without one asks one
  question: itself).
- ``choose_section``: among the passages of the retrieved articles, the one most similar to the
  question, with a small prior for the article retrieval ranked first and for a section heading
  that shares the question's words; the passages of the same section around it join it, so a
  numbered list split by the chunker comes back whole, from its step 1.
- ``section_block``: the section as a customer can read it: whole paragraphs, whole lists and whole
  code blocks in their order, never cut inside Markdown; headings, imports, components, images and
  admonition fences left out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from agent.text import content_words, split_sentences

MAX_BLOCK_CHARS = 1600
SECTION_MODEL_PATH = Path(__file__).parent / "data" / "section_model.json"
SECTION_FEATURES = ("similarity", "rank_0", "rank_1", "rank_2", "rank_3plus", "heading_shared", "steps", "opening",
                    "position", "length")
# the hand-set weights measured in docs/quality-replay.md, used when no trained model is installed
HAND_WEIGHTS = {"similarity": 1.0, "rank_0": 0.04, "rank_2": -0.03, "rank_3plus": -0.05, "heading_shared": 0.12,
                "steps": 0.05}
_QUESTION_START = re.compile(
    r"^(how|where|what|which|why|when|can|could|is|are|do|does|did|should|would|will|may|i need to know)\b", re.I)
_DROP_LINE = re.compile(r"^\s*(#{1,6}\s|import\s|export\s|!\[|<[A-Za-z/][^>]*>\s*$|<!--|:::)")
_LIST_LINE = re.compile(r"^\s*(\d+[.)]|[-*+])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")


class Section(BaseModel):
    """A passage of an article that may answer a question (as retrieval returns it)."""

    source_path: str
    title: str
    section: str
    text: str
    similarity: float
    passage_id: str
    article_hash: str


class ChosenSection(BaseModel):
    """The section chosen to answer one question, with neighbouring passages of the same section joined."""

    question: str
    source_path: str
    title: str
    section: str
    text: str
    score: float
    similarity: float
    passage_ids: list[str]
    article_hash: str


def questions(*, text: str) -> list[str]:
    """Return the distinct questions a ticket asks, in order; a short fragment joins the question before it.

    >>> questions(text="Hi. How do I block my IP? Also, can I export my data? Possible? Thanks")
    ['How do I block my IP?', 'Also, can I export my data? Possible?']
    """
    found: list[str] = []
    for sentence in split_sentences(text):
        stripped = sentence.strip().strip("*_ ")
        if not stripped.rstrip(")").endswith("?"):
            continue
        if len(content_words(stripped)) < 2 and found:
            found[-1] = f"{found[-1]} {stripped}"
        elif len(content_words(stripped)) >= 2 and stripped not in found:
            found.append(stripped)
    return found


class SectionModel(BaseModel):
    """A linear score over ``SECTION_FEATURES`` in units of similarity."""

    features: list[str]
    weights: list[float]

    def score(self, row: Sequence[float]) -> float:
        """Return the candidate's score."""
        return float(sum(w * x for w, x in zip(self.weights, row, strict=True)))


@lru_cache(maxsize=4)
def section_model(path: Path = SECTION_MODEL_PATH) -> SectionModel:
    """Return the trained section model, or the hand-set weights when none is installed."""
    if path.exists():
        model = SectionModel.model_validate(json.loads(path.read_text(encoding="utf-8")))
        if tuple(model.features) == SECTION_FEATURES:
            return model
    return SectionModel(features=list(SECTION_FEATURES), weights=[HAND_WEIGHTS.get(f, 0.0) for f in SECTION_FEATURES])


def section_features(*, question: str, candidates: Sequence[Section],
                     article_order: Sequence[str]) -> list[list[float]]:
    """Return one feature row per candidate passage (in ``SECTION_FEATURES`` order)."""
    asked = set(content_words(question))
    per_article: dict[str, list[str]] = {}
    for candidate in candidates:
        per_article.setdefault(candidate.source_path, []).append(candidate.passage_id)
    rows = []
    for candidate in candidates:
        rank = article_order.index(candidate.source_path) if candidate.source_path in article_order else 4
        heading = set(content_words(candidate.section.split(" > ")[-1]))
        siblings = per_article[candidate.source_path]
        place = siblings.index(candidate.passage_id)
        rows.append([
            candidate.similarity, float(rank == 0), float(rank == 1), float(rank == 2), float(rank >= 3),
            len(asked & heading) / len(heading) if heading else 0.0,
            float(any(_LIST_LINE.match(line) for line in candidate.text.splitlines())),
            float(place == 0), place / max(len(siblings) - 1, 1), math.log1p(len(candidate.text)) / 8,
        ])
    return rows


def choose_sections(*, question: str, candidates: Sequence[Section], article_order: Sequence[str],
                    ordered: Sequence[Section], most: int = 1, margin: float = 0.0,
                    model: SectionModel | None = None) -> list[ChosenSection]:
    """Return the best-scoring sections for a question (the runners-up within ``margin``), each made whole."""
    if not candidates:
        return []
    model = model or section_model()
    rows = section_features(question=question, candidates=candidates, article_order=article_order)
    scores = {c.passage_id: model.score(row) for c, row in zip(candidates, rows, strict=True)}

    def score(candidate: Section) -> float:
        return scores[candidate.passage_id]

    ranked = sorted(candidates, key=score, reverse=True)
    chosen: list[ChosenSection] = []
    for best in ranked:
        if len(chosen) >= most or (chosen and score(best) < chosen[0].score - margin):
            break
        if any(c.source_path == best.source_path and c.section == best.section for c in chosen):
            continue
        parts = [s for s in ordered if s.source_path == best.source_path and s.section == best.section] or [best]
        chosen.append(ChosenSection(
            question=question, source_path=best.source_path, title=best.title, section=best.section,
            text="\n\n".join(p.text for p in parts), score=round(score(best), 4), similarity=best.similarity,
            passage_ids=[p.passage_id for p in parts], article_hash=best.article_hash))
    return chosen


def section_block(text: str, *, limit: int = MAX_BLOCK_CHARS) -> str:
    """Return whole paragraphs, lists and code blocks of a section, in order, up to about ``limit`` characters."""
    units = _units(text)
    kept: list[str] = []
    size = 0
    for unit in units:
        if kept and size + len(unit) > limit:
            break
        kept.append(unit)
        size += len(unit)
    return "\n\n".join(kept)


def _units(text: str) -> list[str]:
    """Split a section into units that are never cut: a paragraph, a whole list, or a code block."""
    units: list[list[str]] = []
    current: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            current.append(line.rstrip())
            in_fence = not in_fence
            continue
        if in_fence:
            current.append(line.rstrip())
            continue
        if not line.strip():
            if current:
                units.append(current)
                current = []
            continue
        if _DROP_LINE.match(line):
            continue
        current.append(line.rstrip())
    if current:
        units.append(current)
    kept = ["\n".join(u) for u in units if any(ln.strip() for ln in u)]
    return _join_lists([u for i, u in enumerate(kept) if not _points_at_missing(u, kept[i + 1:i + 2])])


def _points_at_missing(unit: str, following: list[str]) -> bool:
    """Return whether a short lead-in ("it looks like this:") introduces a picture that was left out."""
    if not unit.rstrip().endswith(":") or len(unit) > 140 or "\n" in unit.strip():
        return False
    return not following or not (_LIST_LINE.match(following[0]) or _FENCE.match(following[0])
                                 or following[0].startswith("    "))


def _join_lists(paragraphs: list[str]) -> list[str]:
    """Join consecutive list paragraphs (items separated by blank lines) and a lead-in ending in ':'."""
    out: list[str] = []
    for paragraph in paragraphs:
        is_list = bool(_LIST_LINE.match(paragraph)) or (paragraph.startswith(" ") and bool(out))
        if out and is_list and (bool(_LIST_LINE.match(out[-1].splitlines()[-1])) or
                                out[-1].rstrip().endswith(":") or _LIST_LINE.match(out[-1])):
            out[-1] = f"{out[-1]}\n\n{paragraph}"
        else:
            out.append(paragraph)
    return out
