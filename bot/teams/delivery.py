"""Scheduled posts to Teams: the stored ConversationReference + `adapter.continue_conversation`.

Each message is retried on 429/412/502/504 with jittered exponential backoff (Retry-After wins
when Teams sends one). Outcomes are reported, never raised, so the scheduler's sender decides.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationReference
from msrest.exceptions import HttpOperationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams import cards, references
from flows.types import Reply
from scheduler.delivery import DeliveryResult, Destination

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 504})
GONE_STATUSES = frozenset({403, 404})  # bot removed from the team, conversation deleted: retrying will not help


class _SendFailed(Exception):
    def __init__(self, status: int | None, retry_after: float | None, message: str) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class TeamsDeliverer:
    platform = "teams"

    def __init__(self, adapter: CloudAdapter, sessions: async_sessionmaker[AsyncSession], app_id: str | None,
                 attempts: int = 4, base_delay: float = 1.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.adapter = adapter
        self.sessions = sessions
        self.app_id = app_id or ""
        self.attempts = attempts
        self.base_delay = base_delay
        self.sleep = sleep  # injectable so tests of the retry path never wait

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        stored = await self._reference(destination)
        if stored is None:
            where = "a personal chat with" if destination.kind == "user" else "the conversation"
            return DeliveryResult(ok=False, permanent=True,
                                  error=f"no Teams conversation reference for {where} {destination.address} "
                                        f"in tenant {destination.workspace}: the bot was never added there, "
                                        "was removed, or (direct posts) the person has not written to it yet")
        reference = ConversationReference().deserialize(stored)
        activities = cards.replies_to_activities(replies)
        sent_ids: list[str] = []

        async def send_all(context: TurnContext) -> None:
            for payload in activities:
                sent_ids.append(await self._send_one(context, payload))

        try:
            await self.adapter.continue_conversation(reference, send_all, bot_app_id=self.app_id)
        except _SendFailed as failed:
            return DeliveryResult(ok=False, error=str(failed), retry_after=failed.retry_after,
                                  permanent=failed.status in GONE_STATUSES,
                                  message_id=sent_ids[-1] if sent_ids else None)
        return DeliveryResult(ok=True, message_id=sent_ids[-1] if sent_ids else None)

    async def _reference(self, destination: Destination) -> dict[str, Any] | None:
        async with self.sessions() as session:
            if destination.kind == "user":
                return await references.find_personal_reference(session, destination.workspace, destination.address)
            return await references.find_reference(session, destination.workspace, destination.address)

    async def _send_one(self, context: TurnContext, payload: dict[str, Any]) -> str:
        """Send one message, retrying throttling and gateway errors; the id Teams gave it."""
        for attempt in range(1, self.attempts + 1):
            try:
                response = await context.send_activity(Activity().deserialize(payload))
                return str(getattr(response, "id", "") or "")
            except HttpOperationError as exc:
                status = exc.response.status_code if exc.response is not None else None
                retry_after = _retry_after(exc)
                if status not in RETRY_STATUSES or attempt == self.attempts:
                    raise _SendFailed(status, retry_after, f"Teams answered HTTP {status}: {exc}") from exc
                delay = retry_after if retry_after is not None else self._backoff(attempt)
                log.info("Teams answered %s; sending again in %.2f s (attempt %d)", status, delay, attempt + 1)
                await self.sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spread the retries of many teams hit by the same throttling window.
        return random.uniform(0, self.base_delay * 2 ** (attempt - 1))


def _retry_after(exc: HttpOperationError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
