"""Why a draft needs a person: typed findings (a code and a detail) and their wire form.

Drafts and the review log carry findings as strings (``"commitment_removed:refund"``,
``"no_approved_source"``): that is the API's contract. Inside draftgate a finding is a
``Finding``; ``str(finding)`` gives the wire form and ``Finding.of`` reads it back, the only place
that splits one.

>>> str(Finding("commitment_removed", "refund"))
'commitment_removed:refund'
>>> Finding.of("escalated:legal")
Finding(code='escalated', detail='legal')
>>> Finding.of("no_approved_source").detail
''
"""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One reason a draft needs a person: what kind of finding, and of what."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}:{self.detail}" if self.detail else self.code

    @classmethod
    def of(cls, reason: str) -> Finding:
        """Read a finding from its wire form."""
        code, _, detail = reason.partition(":")
        return cls(code, detail)


def wire(findings: list[Finding]) -> list[str]:
    """Return findings in their wire form, each once, in order."""
    return list(dict.fromkeys(str(f) for f in findings))
