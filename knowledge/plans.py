"""Plan gating: which passages may answer a customer on a given plan, and which passages compare plans."""

from __future__ import annotations

import re

PLAN_ORDER = ("free", "hobby", "starter", "basic", "growth", "pro", "team", "business", "premium", "enterprise")
_PLAN_WORD = re.compile(r"\b(" + "|".join(p for p in PLAN_ORDER if p not in ("free", "team")) + r")\b", re.I)
COMPARISON_MIN_PLANS = 3


def plan_allows(*, customer_plan: str | None, min_plan: str, plans: str) -> bool:
    """Return whether a customer on ``customer_plan`` may be answered from a passage."""
    plan = (customer_plan or "").strip().lower()
    if not plan:
        return True
    if plans and plan not in plans.split("|"):
        return False
    if min_plan and plan in PLAN_ORDER and min_plan in PLAN_ORDER:
        return PLAN_ORDER.index(plan) >= PLAN_ORDER.index(min_plan)
    return True


def compares_plans(text: str) -> bool:
    """Return whether a passage names several plans (a plan comparison, pricing or upgrade text).

    "free" and "team" are left out: in most help centers they are ordinary words.

    >>> compares_plans("| Time tracking | – | ✓ | ✓ |  Starter, Pro, Business and Enterprise")
    True
    >>> compares_plans("Invite your team on the Business plan.")
    False
    """
    return len({m.lower() for m in _PLAN_WORD.findall(text)}) >= COMPARISON_MIN_PLANS


def required_plan(*, min_plan: str, plans: str) -> str:
    """Return the lowest plan that unlocks a passage, for naming it in a query."""
    if min_plan:
        return min_plan
    listed = [p for p in plans.split("|") if p]
    ranked = sorted(listed, key=lambda p: PLAN_ORDER.index(p) if p in PLAN_ORDER else len(PLAN_ORDER))
    return ranked[0] if ranked else ""
