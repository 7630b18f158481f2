"""Throwaway databases for tests and benches: they exist while in use and are gone afterwards."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.db import sync_url
from storage.scratch import bench_database, scratch_postgres, why_unreachable


def _databases(server: str) -> set[str]:
    engine = sa.create_engine(sync_url(server))
    with engine.connect() as conn:
        names = set(conn.scalars(sa.text("SELECT datname FROM pg_database")))
    engine.dispose()
    return names


def test_a_scratch_database_exists_while_in_use_and_is_dropped_with_its_connections(postgres_server: str) -> None:
    with scratch_postgres(postgres_server, "coach_scratch") as url:
        name = sa.make_url(url).database
        assert name in _databases(postgres_server)
        lingering = sa.create_engine(sync_url(url))
        lingering.connect()  # left open on purpose: the drop must not wait for it
    assert name not in _databases(postgres_server)
    lingering.dispose()


def test_a_scratch_database_is_dropped_when_the_work_in_it_fails(postgres_server: str) -> None:
    with pytest.raises(RuntimeError), scratch_postgres(postgres_server, "coach_scratch") as url:
        name = sa.make_url(url).database
        raise RuntimeError("the bench crashed")
    assert name not in _databases(postgres_server)


def test_a_bench_on_postgresql_runs_in_a_database_of_its_own(postgres_server: str) -> None:
    with bench_database(postgres_server) as url:
        assert sa.make_url(url).database != sa.make_url(postgres_server).database
        assert sa.make_url(url).database.startswith("coach_bench_")


def test_a_bench_without_a_database_gets_a_sqlite_file_that_is_removed_afterwards() -> None:
    with bench_database(None) as url:
        folder = Path(sa.make_url(url).database).parent
        assert url.startswith("sqlite:///") and folder.is_dir()
    assert not folder.exists()


def test_a_bench_keeps_the_sqlite_file_it_is_given(tmp_path: Path) -> None:
    given = f"sqlite:///{tmp_path}/mine.db"
    with bench_database(given) as url:
        assert url == given


def test_an_unreachable_server_is_named_with_the_reason() -> None:
    with socket.socket() as probe:  # a port nobody listens on: bound, never listening, closed after
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reason = why_unreachable(f"postgresql://postgres@127.0.0.1:{port}/test")
    assert reason and "connection" in reason.lower()
