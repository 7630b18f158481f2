"""DATABASE_URL in the plain forms people paste; the project picks the drivers."""

from __future__ import annotations

import pytest

from storage.db import DatabaseUrlError, async_url, database_url, sync_url


@pytest.mark.parametrize("raw,for_the_app,for_migrations", [
    ("sqlite:///coach.db", "sqlite+aiosqlite:///coach.db", "sqlite+pysqlite:///coach.db"),
    ("sqlite:////var/lib/coach.db", "sqlite+aiosqlite:////var/lib/coach.db", "sqlite+pysqlite:////var/lib/coach.db"),
    ("postgresql://coach@db/coach", "postgresql+psycopg://coach@db/coach", "postgresql+psycopg://coach@db/coach"),
    ("postgres://coach@db:5433/coach", "postgresql+psycopg://coach@db:5433/coach",
     "postgresql+psycopg://coach@db:5433/coach"),
    ("postgresql+psycopg://coach@db/coach", "postgresql+psycopg://coach@db/coach",
     "postgresql+psycopg://coach@db/coach"),
])
def test_plain_urls_get_the_projects_drivers(raw: str, for_the_app: str, for_migrations: str) -> None:
    assert async_url(raw).render_as_string() == for_the_app
    assert sync_url(raw).render_as_string() == for_migrations


@pytest.mark.parametrize("raw", ["mysql://root@localhost/coach", "not a url"])
def test_an_unsupported_url_says_what_to_use(raw: str) -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        async_url(raw)
    assert "sqlite" in str(caught.value) and "postgresql" in str(caught.value)


def test_without_database_url_the_coach_uses_a_file_in_the_users_data_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url(None) == f"sqlite:///{tmp_path}/strategy-coach/coach.db"
