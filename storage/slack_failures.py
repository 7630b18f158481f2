"""Replies the coach could not deliver in Slack, for whoever shows a team's health: the App Home tab, and the
project manager's check-in (`team_delivery_failures`).

A reply Slack never took (tried again with backoff for a quarter of an hour, see bot/slack/retrying.py) leaves
its inbox row with an error starting "undelivered:"; the row stays `undelivered` until a later question in
that channel reached the team, then `done` with the error kept. Rows are pruned a week after they came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Team, Workspace
from storage.slack_models import SlackInbox

UNDELIVERED_PREFIX = "undelivered: "


@dataclass(frozen=True)
class DeliveryFailure:
    received_at: datetime  # when the message that the reply answered came in
    reason: str  # what Slack answered last, e.g. "ratelimited", "service_unavailable", "timeout"
    text: str  # the start of the reply that did not arrive
    made_good: bool  # a later question in the channel did reach the team


def _failure(received_at: datetime, error: str, status: str, outgoing: list[Any] | None, sent: int) -> DeliveryFailure:
    unsent = list(outgoing or [])[sent:]
    text = next((m.get("text") or "" for m in unsent if m.get("text")), "")
    return DeliveryFailure(received_at, error.removeprefix(UNDELIVERED_PREFIX), text[:200], made_good=status == "done")


def _failed_since(since: datetime):  # type: ignore[no-untyped-def]
    return (select(SlackInbox.workspace, SlackInbox.channel, SlackInbox.received_at, SlackInbox.error,
                   SlackInbox.status, SlackInbox.outgoing, SlackInbox.sent)
            .where(SlackInbox.error.like(f"{UNDELIVERED_PREFIX}%"), SlackInbox.received_at >= since)
            .order_by(SlackInbox.received_at.desc()))


async def delivery_failures(session: AsyncSession, workspace: str, channel: str, since: datetime,
                            limit: int = 20) -> list[DeliveryFailure]:
    rows = await session.execute(_failed_since(since).where(SlackInbox.workspace == workspace,
                                                            SlackInbox.channel == channel).limit(limit))
    return [_failure(*row[2:]) for row in rows]


async def channels_delivery_failures(session: AsyncSession, channels: Iterable[tuple[str, str]], since: datetime,
                                     limit: int = 20) -> dict[tuple[str, str], list[DeliveryFailure]]:
    """`delivery_failures` of many (workspace, channel) pairs in one query: the scan's check-ins of a batch."""
    wanted = set(channels)
    found: dict[tuple[str, str], list[DeliveryFailure]] = {pair: [] for pair in wanted}
    if not wanted:
        return found
    workspaces, names = sorted({w for w, _ in wanted}), sorted({c for _, c in wanted})
    rows = await session.execute(_failed_since(since).where(SlackInbox.workspace.in_(workspaces),
                                                            SlackInbox.channel.in_(names)))
    for workspace, channel, *rest in rows:
        listed = found.get((workspace, channel))
        if listed is not None and len(listed) < limit:
            listed.append(_failure(*rest))
    return found


async def team_delivery_failures(session: AsyncSession, team: Team, since: datetime) -> list[DeliveryFailure]:
    """The Slack replies a team did not get since `since`, newest first; [] for teams outside Slack."""
    workspace = await session.get(Workspace, team.workspace_id)
    if workspace is None or workspace.platform != "slack":
        return []
    return await delivery_failures(session, workspace.external_id, team.external_id, since)
