"""Scheduled posts into Slack: the `Deliverer` the scheduler's sender hands outbox rows to.

Outside a Slack request bolt does not refresh rotating tokens, so `Tokens.client_for` rotates them
(slack_sdk's AsyncTokenRotator) before the post. Slack's answer becomes a `DeliveryResult`: the
message ts on success, Retry-After on 429, and `permanent` for errors a retry cannot fix. A chart
(the KPI report's) or a document (a FILE reply) is uploaded as a file, as in conversation replies.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.errors import SlackApiError

from bot.slack.blocks import plan_messages
from bot.slack.chart_fallback import post_message
from bot.slack.oauth import Tokens
from bot.slack.outgoing import upload
from flows.types import Reply
from scheduler.delivery import DeliveryResult, Destination
from storage import repo

PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth", "token_revoked",
    "user_not_found", "missing_scope", "not_authed", "team_access_not_granted", "cannot_dm_bot",
})


class SlackDeliverer:
    platform = "slack"

    def __init__(self, tokens: Tokens, sessions: object) -> None:
        self.tokens = tokens
        self.sessions = sessions

    async def _language(self, destination: Destination) -> str:
        async with self.sessions() as session:  # type: ignore[operator]
            return await repo.team_language(session, "slack", destination.workspace, destination.team)

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        try:
            client = await self.tokens.client_for(destination.workspace)
        except SlackApiError as exc:  # token rotation refused: the installation is gone or broken
            return DeliveryResult(ok=False, error=str(exc.response.get("error")), permanent=True)
        if client is None:
            return DeliveryResult(ok=False, error=f"slack app not installed in {destination.workspace}", permanent=True)
        messages = plan_messages(replies, await self._language(destination), direct=True)  # scheduled: top level
        first: str | None = None
        try:
            for message in messages:
                if await upload(client, destination.address, None, message):  # a chart, a document
                    continue
                response = await post_message(client, destination.address, message)  # PNG on invalid_blocks
                first = first or (response.get("ts") if response is not None else None)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "error"))
            if exc.response.status_code == 429:
                retry_after = float(exc.response.headers.get("Retry-After", exc.response.headers.get("retry-after", 1)))
                return DeliveryResult(ok=False, message_id=first, error="ratelimited", retry_after=retry_after)
            return DeliveryResult(ok=False, message_id=first, error=error, permanent=error in PERMANENT_ERRORS)
        return DeliveryResult(ok=True, message_id=first)
