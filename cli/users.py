"""``draftgate users``: create, list, re-password, disable and enable web sign-in accounts.

``create`` prints a generated password once, alone on the last line (as ``keys create`` does);
``--password-stdin`` reads the password from the first line of stdin instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

users_app = typer.Typer(help="Create and manage web sign-in accounts for reps, leads and admins.",
                        no_args_is_help=True, rich_markup_mode=None)
T = TypeVar("T")
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")]


def _in_transaction(work: Callable[..., T]) -> T:
    """Run ``work(session=...)`` in one write transaction; turn domain errors into exit code 2."""
    from agent.settings import Settings
    from review.db import transaction
    from review.errors import DraftgateError
    from review.services import Services

    services = Services(settings=Settings(), use_model=False)
    try:
        with transaction(services.sessions) as session:
            return work(session=session)
    except DraftgateError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(2) from None
    finally:
        services.close()


def _read_stdin_password() -> str:
    """Return the first line of stdin, without its line break."""
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("create")
def users_create(role: Annotated[str, typer.Option(help="rep, lead or admin")],
                 name: Annotated[str, typer.Option(help="the sign-in name")],
                 password_stdin: PasswordStdin = False) -> None:
    """Create an account; print its generated password once, alone on the last line."""
    from review.users import create_user, generate_password

    password = _read_stdin_password() if password_stdin else generate_password()
    _in_transaction(lambda session: create_user(session=session, name=name, role=role, password=password))
    typer.echo(f"Created the {role} account {name!r}.")
    if not password_stdin:
        typer.echo("Its password is shown once; hand it over safely:")
        typer.echo(password)


@users_app.command("set-password")
def users_set_password(name: Annotated[str, typer.Argument(help="the sign-in name")],
                       password_stdin: PasswordStdin = False) -> None:
    """Set a new password (asked for twice, or read from stdin); this ends the account's sessions."""
    from review.users import set_password

    if password_stdin:
        password = _read_stdin_password()
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    _in_transaction(lambda session: set_password(session=session, name=name, password=password))
    typer.echo(f"Password of {name!r} changed; its open sessions are signed out.")


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument(help="the sign-in name")]) -> None:
    """Disable an account; its open sessions end at once."""
    from review.users import set_disabled

    _in_transaction(lambda session: set_disabled(session=session, name=name, disabled=True))
    typer.echo(f"Disabled {name!r}.")


@users_app.command("enable")
def users_enable(name: Annotated[str, typer.Argument(help="the sign-in name")]) -> None:
    """Enable a disabled account again."""
    from review.users import set_disabled

    _in_transaction(lambda session: set_disabled(session=session, name=name, disabled=False))
    typer.echo(f"Enabled {name!r}.")


@users_app.command("list")
def users_list() -> None:
    """List accounts (never their passwords)."""
    from review.users import list_users

    def show(session):  # type: ignore[no-untyped-def]
        for user in list_users(session=session):
            state = f"disabled {user.disabled_at}" if user.disabled_at else "active"
            typer.echo(f"{user.id}\t{user.role}\t{user.name}\t{user.created_at}\t{state}")

    _in_transaction(show)
