"""A real PostgreSQL database per test run (dropped at the end), with one schema per test inside it.

The server is the one at ``TEST_POSTGRES_URL`` (default: 127.0.0.1:5432, database ``test``, user
``postgres`` or else ``root``, trust auth). When none answers, PostgreSQL tests skip with a message
that says so; they never fall back to SQLite silently.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import psycopg
from sqlalchemy.engine import URL, make_url

DEFAULT_SERVER = "127.0.0.1:5432"
DEFAULT_USERS = ("postgres", "root")


def _candidates() -> list[URL]:
    """Return the admin URLs to try, the configured one first."""
    configured = os.environ.get("TEST_POSTGRES_URL")
    if configured:
        return [make_url(configured)]
    host, port = DEFAULT_SERVER.split(":")
    return [URL.create("postgresql+psycopg", username=user, host=host, port=int(port), database="test")
            for user in DEFAULT_USERS]


def _conninfo(url: URL, database: str | None = None) -> str:
    """Return a libpq connection string for a SQLAlchemy URL."""
    parts = {"host": url.host, "port": url.port or 5432, "user": url.username, "dbname": database or url.database,
             "password": url.password}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


@dataclass
class PostgresRun:
    """A database ``draftgate_test_<random>`` owned by this test run."""

    admin: URL
    database: str
    schemas: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> PostgresRun | str:
        """Create this run's database; return a message instead when no server answers."""
        tried, candidates = [], _candidates()
        for url in candidates:
            try:
                with psycopg.connect(_conninfo(url), connect_timeout=3, autocommit=True) as conn:
                    database = f"draftgate_test_{secrets.token_hex(6)}"
                    conn.execute(f'CREATE DATABASE "{database}"')
                    return cls(admin=url, database=database)
            except psycopg.Error as exc:
                tried.append(f"{url.render_as_string(hide_password=True)} ({str(exc).strip().splitlines()[0]})")
        where = f"{candidates[0].host}:{candidates[0].port or 5432}"
        return f"PostgreSQL not reachable at {where}: skipped (tried {'; '.join(tried)})"

    def url(self, schema: str | None = None) -> str:
        """Return the SQLAlchemy URL of this run's database, with ``schema`` first on the search path."""
        url = self.admin.set(drivername="postgresql+psycopg", database=self.database)
        if schema:
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def new_schema(self) -> str:
        """Create an empty schema for one test and return its URL."""
        schema = f"t_{secrets.token_hex(5)}"
        with psycopg.connect(_conninfo(self.admin, self.database), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        return self.url(schema)

    def drop(self) -> None:
        """Drop this run's database and everything in it."""
        with psycopg.connect(_conninfo(self.admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
