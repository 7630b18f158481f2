"""Bring a database to the newest schema with Alembic (every branch head)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.db import database_url, sync_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's ini interpolation treats % specially; escape it for passwords with percent signs.
    plain = sync_url(database_url(url)).render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", plain.replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "heads")
