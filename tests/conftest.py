"""Shared fixtures: a fresh database per test run (SQLite and PostgreSQL), emptied between tests.

PostgreSQL is the one on 127.0.0.1:5432 (user postgres, database test). Each run creates a
database with a random name and drops it afterwards. Where the server is missing the PostgreSQL
tests skip with the reason, except in CI (CI or COACH_REQUIRE_POSTGRES set), where that fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.config import Settings
from bot.context import AppContext
from storage.migrate import upgrade
from storage.scratch import scratch_postgres, why_unreachable

PG_ADMIN_URL = os.environ.get("COACH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FIXED_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _postgres_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("COACH_REQUIRE_POSTGRES"))


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's Slack, Teams or database settings."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "MICROSOFT_", "TEAMS_", "DATABASE_URL", "COACH_SCHEDULER", "COACH_DOCUMENT",
                            "PUBLIC_URL")):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = Path(tmp_path_factory.mktemp("db")) / f"coach-{uuid.uuid4().hex[:8]}.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of the PostgreSQL server's admin database (skips, or fails in CI, when it is not there)."""
    unreachable = why_unreachable(PG_ADMIN_URL)
    if unreachable:
        reason = f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({unreachable})"
        if _postgres_required():
            pytest.fail(f"{reason}; CI requires it", pytrace=False)
        pytest.skip(f"{reason}; start it to run the PostgreSQL tests")
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def postgres_database(postgres_server: str) -> Iterator[str]:
    with scratch_postgres(postgres_server, "coach_test") as url:
        upgrade(url)
        yield url


def empty_all_tables(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        names = [n for n in sa.inspect(conn).get_table_names() if n != "alembic_version"]
        if not names:
            return
        if conn.dialect.name == "postgresql":
            quoted = ", ".join(f'"{n}"' for n in names)
            conn.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(sa.text("PRAGMA foreign_keys=OFF"))
            for name in names:
                conn.execute(sa.text(f'DELETE FROM "{name}"'))
    engine.dispose()


@pytest.fixture
def db_url(sqlite_database: str) -> str:
    """A migrated, empty SQLite database (the default backend)."""
    empty_all_tables(sqlite_database)
    return sqlite_database


@pytest.fixture
def pg_url(postgres_database: str) -> str:
    """A migrated, empty PostgreSQL database."""
    empty_all_tables(postgres_database)
    return postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    url = request.getfixturevalue(fixture)
    empty_all_tables(url)
    return url


@pytest.fixture
async def app_context(db_url: str) -> AsyncIterator[AppContext]:
    ctx = AppContext.create(Settings(database_url=db_url), clock=lambda: FIXED_NOW)
    yield ctx
    await ctx.close()
