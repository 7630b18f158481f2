"""SQLite for the async engine without a thread hop per statement.

aiosqlite runs every call on a worker thread; measured here each SQLAlchemy statement cost
180-570 µs of thread hand-offs, for work that SQLite itself does in 1-30 µs. SQLite is an
embedded, in-process database: these connections run each statement directly on the event loop
(through SQLAlchemy's documented `async_creator` hook) and never wait for a lock for long:
`busy_timeout` is kept short, and the service retries a turn that found the database locked,
after an `asyncio.sleep`, so the loop is never blocked behind another writer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

BUSY_TIMEOUT_MS = 50
CHECKPOINT_EVERY_S = 1.0

log = logging.getLogger(__name__)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> InlineCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, seq_of_parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _ImmediateQueue:
    """Stands in for aiosqlite's request queue, which SQLAlchemy uses to change the isolation level."""

    def put_nowait(self, request: tuple[Any, Callable[[], Any]]) -> None:
        future, function = request
        try:
            future.set_result(function())
        except Exception as error:  # handed back to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """The subset of aiosqlite's Connection that SQLAlchemy's aiosqlite dialect uses."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _ImmediateQueue()
        self._isolation_level: str | None = connection.isolation_level  # what autocommit goes back to

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def autocommit(self) -> bool:
        return self._conn.isolation_level is None

    async def set_autocommit(self, value: bool) -> None:
        """As psycopg's `set_autocommit`: each statement is its own transaction (no BEGIN, no COMMIT), or
        back to the transactions SQLAlchemy expects."""
        if value == self.autocommit:
            return
        if value:
            self._isolation_level = self._conn.isolation_level
        self._conn.isolation_level = None if value else self._isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(path: str) -> Callable[[], Any]:
    async def connect() -> InlineConnection:
        connection = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        # A commit that crosses the WAL's size limit would copy pages back into the database on the
        # event loop (4-7 ms, measured as the slowest Slack acks); a `Checkpointer` thread does it instead.
        connection.execute("PRAGMA wal_autocheckpoint=0")
        return InlineConnection(connection)

    return connect


class Checkpointer:
    """Copies the WAL back into the SQLite database from its own thread and connection, every second."""

    def __init__(self, path: str, every: float = CHECKPOINT_EVERY_S) -> None:
        self.path, self.every = path, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            while not self._stop.wait(self.every):
                self.checkpoint(connection)
            self.checkpoint(connection)
        finally:
            connection.close()

    @staticmethod
    def checkpoint(connection: sqlite3.Connection) -> None:
        try:  # PASSIVE never waits for readers or writers; what it can't copy now waits for the next round
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            log.debug("WAL checkpoint skipped this round", exc_info=True)


def is_locked(error: BaseException) -> bool:
    return "database is locked" in str(error) or "database table is locked" in str(error)
