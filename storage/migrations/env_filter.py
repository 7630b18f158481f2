"""Which tables Alembic's autogenerate compares: ours, not those other libraries own and create."""

from __future__ import annotations

from typing import Any

# slack_sdk's stores (created by migration 0002 with slack_sdk's own builders) and APScheduler's job store.
FOREIGN_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states", "apscheduler_jobs"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ == "table" and name in FOREIGN_TABLES)
