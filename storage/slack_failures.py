"""Replies the coach could not deliver in Slack, for whoever shows a team's health: the App Home tab, and the
project manager's check-in (`team_delivery_failures`).

A reply Slack never took (tried again with backoff for a quarter of an hour, see bot/slack/retrying.py) leaves
its inbox row with an error starting "undelivered:"; the row stays `undelivered` until a later question in
that channel reached the team, then `done` with the error kept. Rows are pruned a week after they came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


async def delivery_failures(session: AsyncSession, workspace: str, channel: str, since: datetime,
                            limit: int = 20) -> list[DeliveryFailure]:
    rows = await session.execute(
        select(SlackInbox.received_at, SlackInbox.error, SlackInbox.status, SlackInbox.outgoing, SlackInbox.sent)
        .where(SlackInbox.workspace == workspace, SlackInbox.channel == channel,
               SlackInbox.error.like(f"{UNDELIVERED_PREFIX}%"), SlackInbox.received_at >= since)
        .order_by(SlackInbox.received_at.desc()).limit(limit))
    failures = []
    for received_at, error, status, outgoing, sent in rows:
        unsent = list(outgoing or [])[sent:]
        text = next((m.get("text") or "" for m in unsent if m.get("text")), "")
        failures.append(DeliveryFailure(received_at, error.removeprefix(UNDELIVERED_PREFIX), text[:200],
                                        made_good=status == "done"))
    return failures


async def team_delivery_failures(session: AsyncSession, team: Team, since: datetime) -> list[DeliveryFailure]:
    """The Slack replies a team did not get since `since`, newest first; [] for teams outside Slack."""
    workspace = await session.get(Workspace, team.workspace_id)
    if workspace is None or workspace.platform != "slack":
        return []
    return await delivery_failures(session, workspace.external_id, team.external_id, since)
