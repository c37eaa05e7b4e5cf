"""Routing fields for a ticket: category, product area, urgency and language (seed 003's task map).

Deterministic and explainable: the category follows the escalation reasons first, then a few
phrase families; the product area is the area whose keywords the ticket mentions most (keywords
from ``PRODUCT_AREAS``, extended or replaced per area by the policy's ``product_areas``); urgency
follows risk, the reasons and urgent wording; the language is the one the language step found, or
the customer's locale.

>>> route(text="I was charged twice on my invoice", reasons=["billing"], risk="medium", language="en").category
'billing'
>>> product_areas_in("The API webhook and the tracking script both fail", {})
['integrations', 'tracking']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from agent.models import Routing

CATEGORIES = ("billing", "security_privacy", "legal", "incident", "account_management", "technical",
              "how_to", "feature_request", "general")
URGENCIES = ("low", "normal", "high", "urgent")
PRODUCT_AREAS: dict[str, list[str]] = {
    "billing": ["invoice", "charge", "charged", "payment", "subscription", "pricing", "refund", "credit card",
                "billing", "receipt", "vat"],
    "account": ["login", "log in", "password", "2fa", "two-factor", "sign in", "team member", "invite",
                "account settings", "email address"],
    "integrations": ["integration", "api", "webhook", "zapier", "wordpress", "shopify", "search console",
                     "plugin", "sso"],
    "tracking": ["tracking", "script", "snippet", "pageview", "page view", "custom event", "goal", "proxy",
                 "ad blocker"],
    "reports": ["dashboard", "report", "stats", "chart", "funnel", "email report", "shared link"],
    "data": ["import", "export", "csv", "gdpr", "retention", "delete my data", "data deletion"],
}
_BY_REASON = (("security_privacy", {"security", "privacy", "prompt_injection"}),
              ("legal", {"legal", "regulated"}),
              ("incident", {"outage"}),
              ("billing", {"billing", "refund"}),
              ("account_management", {"contract", "account_value", "always_human", "competitor"}))
_PHRASES = (("technical", re.compile(r"\b(?:error|bug|broken|not working|doesn'?t work|fails?|failing|crash\w*|"
                                     r"stopped working|500|404)\b", re.I)),
            ("feature_request", re.compile(r"\b(?:feature request|would be (?:nice|great)|please add|could you add|"
                                           r"do you plan|roadmap|wish(?:list)?)\b", re.I)),
            ("how_to", re.compile(r"\b(?:how (?:do|can|to)|where (?:do|can|is)|is it possible|can i|what is the way)"
                                  r"\b", re.I)))
_URGENT = re.compile(r"\b(?:urgent(?:ly)?|asap|immediately|right now|emergency|critical|production is down|"
                     r"site is down|all (?:our )?users)\b", re.I)


def _areas(policy_areas: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Return the product areas and their keywords, the policy's lists replacing the built-in ones."""
    return {**PRODUCT_AREAS, **{name: list(words) for name, words in policy_areas.items()}}


@functools.lru_cache(maxsize=32)
def _patterns(policy_areas: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    """Return one compiled pattern per product area (singular or plural of any of its keywords)."""
    areas = _areas({name: list(words) for name, words in policy_areas})
    return [(name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es)?\b", re.I))
            for name, words in areas.items() if words]


def product_areas_in(text: str, policy_areas: Mapping[str, Sequence[str]]) -> list[str]:
    """Return the product areas a text mentions, most mentioned first (ties in table order)."""
    key = tuple((name, tuple(words)) for name, words in policy_areas.items())
    hits = {name: len(pattern.findall(text)) for name, pattern in _patterns(key)}
    return sorted((n for n in hits if hits[n]), key=lambda n: -hits[n])


def route(*, text: str, reasons: Sequence[str], risk: str, language: str,
          policy_areas: Mapping[str, Sequence[str]] | None = None) -> Routing:
    """Return the routing fields of a (redacted) ticket text."""
    areas = product_areas_in(text, policy_areas or {})
    return Routing(category=_category(text, reasons), product_area=areas[0] if areas else "general",
                   urgency=_urgency(text, reasons, risk), language=language)  # type: ignore[arg-type]


def _category(text: str, reasons: Sequence[str]) -> str:
    """Return the category: from the escalation reasons first, then from the wording."""
    for category, codes in _BY_REASON:
        if codes.intersection(reasons):
            return category
    return next((category for category, pattern in _PHRASES if pattern.search(text)), "general")


def _urgency(text: str, reasons: Sequence[str], risk: str) -> str:
    """Return how soon a person should look: outages and security are urgent, high risk is high."""
    if {"outage", "security"}.intersection(reasons) or (risk == "high" and _URGENT.search(text)):
        return "urgent"
    if risk == "high" or _URGENT.search(text):
        return "high"
    return "normal" if reasons or risk == "medium" else "low"


def language_of(*, detected: str | None, locale: str | None) -> str:
    """Return the ticket's language: the detected one, else the locale's primary subtag, else ``en``.

    >>> language_of(detected=None, locale="de-AT")
    'de'
    """
    if detected:
        return detected
    return (locale or "en").replace("_", "-").split("-")[0].lower() or "en"
