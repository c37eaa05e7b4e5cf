"""``draftgate report`` and ``draftgate policy``: fairness and knowledge-gap reports, the escalation policy."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from agent.settings import Settings

report_app = typer.Typer(help="Fairness and coverage reports for CS leads.", no_args_is_help=True)
policy_app = typer.Typer(help="Check and show the escalation policy.", no_args_is_help=True)
Days = Annotated[int, typer.Option("--days", min=1, max=3650, help="window: drafts created in the last N days")]
Format = Annotated[str, typer.Option("--format", help="json or csv")]


def _since(days: int) -> str:
    """Return the start of the window as stored."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="microseconds")


def _check_format(fmt: str) -> None:
    """Refuse a format other than json or csv."""
    if fmt not in ("json", "csv"):
        raise typer.BadParameter("--format must be json or csv")


@report_app.command("fairness")
def fairness(days: Days = 30, fmt: Format = "json",
             min_group: Annotated[int, typer.Option("--min-group", min=1)] = 20) -> None:
    """Print acceptance, rejection, escalation and edit figures by plan, locale, region and channel."""
    from review import fairness as coverage
    from review.services import Services

    _check_format(fmt)
    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        report = coverage.fairness(session=session, since=_since(days), min_group=min_group)
    sys.stdout.write(coverage.to_csv(list(report.groups)) if fmt == "csv" else report.model_dump_json(indent=2) + "\n")


@report_app.command("knowledge-gaps")
def knowledge_gaps(days: Days = 30, fmt: Format = "json") -> None:
    """Print the topics of tickets no approved article answered, largest first."""
    from review import fairness as coverage
    from review.services import Services

    _check_format(fmt)
    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        report = coverage.knowledge_gaps(session=session, since=_since(days))
    sys.stdout.write(coverage.to_csv(list(report.gaps)) if fmt == "csv" else report.model_dump_json(indent=2) + "\n")


@policy_app.command("check")
def check(path: Annotated[Path | None, typer.Argument(help="policy file (default: DRAFTGATE_ESCALATION_POLICY)")]
          = None) -> None:
    """Validate a policy file; print its hash, or the line and reason it is refused for (exit 2)."""
    from agent.policy import PolicyError, load_policy
    from agent.settings import Settings

    try:
        policy = load_policy(path or Settings().escalation_policy)
    except PolicyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"ok: {policy.source} (hash {policy.hash})")


@policy_app.command("show")
def show(as_json: Annotated[bool, typer.Option("--json", help="JSON instead of YAML")] = False) -> None:
    """Print the escalation policy in force (the file's, or the defaults), with its source and hash."""
    import yaml

    from agent.policy import load_policy

    policy = load_policy(_settings().escalation_policy)
    body = {"source": policy.source, "hash": policy.hash, "policy": policy.model_dump(mode="json")}
    typer.echo(json.dumps(body, indent=2) if as_json else yaml.safe_dump(body, sort_keys=False).rstrip())


def _settings() -> Settings:
    """Read the settings; stop with the reason when the policy is refused."""
    from agent.policy import PolicyError, load_policy
    from agent.settings import Settings

    settings = Settings()
    try:
        load_policy(settings.escalation_policy)
    except PolicyError as exc:
        typer.echo(f"error: the escalation policy is refused: {exc}", err=True)
        raise typer.Exit(2) from None
    return settings
