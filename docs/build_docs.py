"""Assemble docs/quality.md and docs/performance.md from the per-area reports beside them.

Run: .venv/bin/python docs/build_docs.py
Each area keeps its own report (docs/quality-*.md, docs/performance-*.md), written by its
evaluation or benchmark command; this script stitches them under one table of contents so that
every figure is in docs/quality.md or docs/performance.md.
"""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent
INTRO = {
    "quality": "What draftgate's evaluation commands measured, on which data, and how to rerun each figure. "
               "Only measured figures are reported; where the same people wrote the rules and the test data, "
               "the sections say so.",
    "performance": "Speed figures measured on the project's 2-core machine, each with the command that reproduces "
                   "it. Figures taken while other work loaded the machine say so.",
}
ORDER = ["redaction", "escalation", "account", "commitments", "retrieval", "drafts", "guard", "knowledge", "api"]


def _sections(kind: str) -> list[Path]:
    """Return the per-area reports of one kind, in a reading order."""
    found = sorted(DOCS.glob(f"{kind}-*.md"))
    return sorted(found, key=lambda p: ORDER.index(p.stem.split("-", 1)[1]) if p.stem.split("-", 1)[1] in ORDER
                  else len(ORDER))


def build(kind: str) -> str:
    """Return the assembled document."""
    parts = [f"# draftgate {kind}\n\n{INTRO[kind]}\n\nRebuild this file with `.venv/bin/python docs/build_docs.py`.\n"]
    toc = []
    for path in _sections(kind):
        text = path.read_text(encoding="utf-8").strip()
        title = text.splitlines()[0].lstrip("# ").strip()
        toc.append(f"- [{title}](#{'-'.join(title.lower().split())}) (from `{path.name}`)")
        body = "\n".join(("#" + line) if line.startswith("#") else line for line in text.splitlines())
        parts.append(body)
    parts.insert(1, "\n".join(toc) + "\n")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    for kind in ("quality", "performance"):
        (DOCS / f"{kind}.md").write_text(build(kind), encoding="utf-8")
        print(f"wrote docs/{kind}.md")
