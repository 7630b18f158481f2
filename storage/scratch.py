"""Throwaway PostgreSQL databases for the tests and the benchmarks.

Each run gets a database of its own with a random name, dropped afterwards: nothing an earlier run
left behind leaks in, and the server's own databases (`test` on every machine here) stay as they were.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from storage.db import is_sqlite, sync_url


def why_unreachable(server_url: str) -> str | None:
    """None when the PostgreSQL server behind `server_url` answers; otherwise the first line of why not."""
    admin = sa.create_engine(sync_url(server_url))
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return None
    except sa.exc.OperationalError as error:
        return str(error).splitlines()[0]
    finally:
        admin.dispose()


@contextmanager
def scratch_postgres(server_url: str, prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on the server `server_url` reaches (through any of its databases),
    named `prefix` plus random hex; dropped on exit, its open connections closed first."""
    admin = sa.create_engine(sync_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def bench_database(given: str | None) -> Iterator[str]:
    """Where a benchmark runs: a SQLite URL as given (default: a new file in a temporary folder, removed
    afterwards), or for a PostgreSQL URL a scratch database on that server (`scratch_postgres`)."""
    if given is None:
        with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
    elif is_sqlite(given):
        yield given
    else:
        with scratch_postgres(given, "coach_bench") as url:
            yield url
