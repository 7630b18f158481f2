"""Where the database is and how to reach it: URL normalisation, engines, sessions.

Users paste plain URLs (`sqlite:///coach.db`, `postgresql://user@host/db`); the project picks the
drivers: aiosqlite / psycopg (async) for the application, the sync twins for Alembic.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.sqlite_inline import BUSY_TIMEOUT_MS, inline_creator

APP_NAME = "strategy-coach"


class DatabaseUrlError(ValueError):
    pass


def default_sqlite_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "coach.db"


def database_url(raw: str | None = None) -> str:
    """The configured URL: the argument, `DATABASE_URL`, or a SQLite file in the user's data folder."""
    raw = raw or os.environ.get("DATABASE_URL")
    if raw:
        return raw
    path = default_sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _parse(raw: str) -> URL:
    try:
        url = make_url(raw)
    except Exception as exc:  # SQLAlchemy raises ArgumentError with a terse message
        raise DatabaseUrlError(
            f"DATABASE_URL {raw!r} is not a database URL; use e.g. sqlite:///coach.db "
            "or postgresql://user@localhost/coach"
        ) from exc
    backend = url.get_backend_name()
    if backend == "postgres":  # Heroku-style URLs
        url = url.set(drivername="postgresql")
        backend = "postgresql"
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(f"DATABASE_URL uses {backend!r}; the coach supports sqlite and postgresql")
    return url


def async_url(raw: str) -> URL:
    url = _parse(raw)
    driver = "sqlite+aiosqlite" if url.get_backend_name() == "sqlite" else "postgresql+psycopg"
    return url.set(drivername=driver)


def sync_url(raw: str) -> URL:
    url = _parse(raw)
    driver = "sqlite+pysqlite" if url.get_backend_name() == "sqlite" else "postgresql+psycopg"
    return url.set(drivername=driver)


def is_sqlite(raw: str) -> bool:
    return _parse(raw).get_backend_name() == "sqlite"


def _tune_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(raw: str | None = None, **kwargs: object) -> AsyncEngine:
    url = async_url(database_url(raw))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            kwargs.setdefault("async_creator", inline_creator(url.database))
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    # No pre-ping (a round trip per checkout, a quarter of a turn): a dropped connection is invalidated
    # by SQLAlchemy when it fails, and the service runs that turn again on a fresh one.
    kwargs.setdefault("pool_recycle", 1800)
    return create_async_engine(url, **kwargs)


def sqlite_file(raw: str | None) -> str | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    url = async_url(database_url(raw))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return url.database
    return None


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
