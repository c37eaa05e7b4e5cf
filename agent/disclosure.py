"""AI-assistance disclosure: the line a channel adds to what the customer receives.

The lead's policy says, per channel, ``none``, a ``footer`` line or a ``header`` line (key
``default`` for channels it does not list). ``disclose`` is applied once, where the delivered
text is fixed at approval, and the review page shows its result as the preview; it never adds
the line twice, so a rep who already typed it is not doubled.

>>> from agent.policy import Disclosure, EscalationPolicy
>>> policy = EscalationPolicy(disclosure={"chat": Disclosure(mode="footer", text="Drafted with AI help.")})
>>> disclose("Hello.", "chat", policy)
'Hello.\\n\\nDrafted with AI help.'
>>> disclose("Hello.", "email", policy)
'Hello.'
"""

from __future__ import annotations

from agent.policy import EscalationPolicy


def disclose(text: str, channel: str | None, policy: EscalationPolicy) -> str:
    """Return the text as the customer receives it on a channel: with the policy's disclosure line."""
    rule = policy.disclosure_for(channel)
    line = rule.text.strip()
    if rule.mode == "none" or not line:
        return text
    body = text.strip("\n")
    if rule.mode == "footer":
        return body if body.endswith(line) else f"{body}\n\n{line}"
    return body if body.startswith(line) else f"{line}\n\n{body}"
