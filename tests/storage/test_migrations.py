"""The same migrations build the same schema on SQLite and PostgreSQL, and it matches the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage.cycle_models
import storage.slack_models
import storage.teams_models  # noqa: F401 - the tables of every part, on one metadata
from storage.db import sync_url
from storage.migrations.env_filter import include_object
from storage.models import Base


def test_migrations_leave_nothing_for_autogenerate_to_add(any_db_url: str) -> None:
    engine = sa.create_engine(sync_url(any_db_url))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object,
                                                         "compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_slack_sdk_store_tables_exist_after_migrating(any_db_url: str) -> None:
    engine = sa.create_engine(sync_url(any_db_url))
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= names
