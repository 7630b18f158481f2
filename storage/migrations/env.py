"""Alembic environment: run migrations on a sync connection made from the project's URL."""

from alembic import context
from sqlalchemy import create_engine, pool

import storage.cycle_models
import storage.slack_models
import storage.teams_models  # noqa: F401 - every table on one metadata, for autogenerate
from storage.db import database_url, sync_url
from storage.migrations.env_filter import include_object
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    url = sync_url(config.get_main_option("sqlalchemy.url") or database_url())
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
