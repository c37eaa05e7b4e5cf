"""Database engine, sessions and migrations; SQLite by default, PostgreSQL with the same code."""

from __future__ import annotations

import datetime as dt
import fcntl
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class WriterTurn:
    """The turn of one SQLite writer at a time, across the threads and processes of this host.

    SQLite's busy handler polls a locked database with sleeps of up to 100 ms, so under load a writer
    waits long after the previous one committed. Writers take their turn here instead: a thread lock
    within the process and an ``flock`` on ``<database>.writers`` across processes (server workers,
    the command line, a delivery worker); each wakes the moment the previous writer lets go.
    ``BEGIN IMMEDIATE`` and the busy timeout still guard writers that do not take a turn.
    """

    def __init__(self, database: Path) -> None:
        self._thread = threading.Lock()
        self._path = database.resolve().with_name(database.name + ".writers")
        self._file: Any = None

    def __enter__(self) -> None:
        self._thread.acquire()
        try:
            if self._file is None:
                self._file = self._path.open("a")
            fcntl.flock(self._file, fcntl.LOCK_EX)
        except BaseException:
            self._thread.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        try:
            fcntl.flock(self._file, fcntl.LOCK_UN)
        finally:
            self._thread.release()


_TURNS: weakref.WeakKeyDictionary[Engine, WriterTurn] = weakref.WeakKeyDictionary()


def utcnow() -> str:
    """Return the current UTC time as an ISO-8601 string with microseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and serialised write transactions."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _serialise_sqlite_writes(engine)
        if path and path != ":memory:":
            _TURNS[engine] = WriterTurn(Path(path))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _serialise_sqlite_writes(engine: Engine) -> None:
    """Start SQLite write transactions with BEGIN IMMEDIATE so read-then-write steps cannot interleave.

    Reads use a deferred BEGIN and never block each other (WAL).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory for an engine."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """Open a write transaction (serialised on SQLite), commit on success, roll back on any error.

    On a SQLite file the transaction first waits its turn (``WriterTurn``).
    """
    bind = sessions.kw.get("bind")
    turn: AbstractContextManager[Any] = _TURNS.get(bind, nullcontext()) if bind is not None else nullcontext()
    with turn, sessions() as session, session.begin():
        session.connection(execution_options={"sqlite_immediate": True})
        yield session


def migrate(url: str) -> None:
    """Bring the database schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")
