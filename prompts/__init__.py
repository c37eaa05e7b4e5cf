"""Versioned prompt templates kept as data, and a tiny loader that fails on missing variables."""

from __future__ import annotations

import string
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel


class PromptError(KeyError):
    """A template was rendered without one of its variables, or does not exist."""


class PromptTemplate(BaseModel):
    """A named, versioned pair of system and user templates (``$variable`` placeholders)."""

    name: str
    version: str
    system: str
    user: str

    def variables(self) -> set[str]:
        """Return the names of the variables the template needs."""
        found: set[str] = set()
        for text in (self.system, self.user):
            for _, named, braced, _ in string.Template.pattern.findall(text):
                found.add(named or braced)
        return found - {""}

    def render(self, **values: str) -> tuple[str, str]:
        """Return (system, user) text; raise PromptError naming every missing variable."""
        missing = sorted(self.variables() - values.keys())
        if missing:
            raise PromptError(f"prompt {self.name} v{self.version} needs: {', '.join(missing)}")
        return (string.Template(self.system).substitute(values), string.Template(self.user).substitute(values))


@cache
def load(name: str) -> PromptTemplate:
    """Load the prompt template ``name`` shipped in this package."""
    try:
        text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"no prompt template named {name!r}") from None
    return PromptTemplate.model_validate(yaml.safe_load(text))
