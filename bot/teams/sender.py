"""Every message the bot posts to Teams goes through here: paced within Teams' limits, retried when Teams asks.

Teams' documented limits for one bot: per conversation 7 messages a second, 8 in 2 s, 60 in 30 s and
1,800 an hour; per tenant 50 requests a second. The pacing is this process's (several server
processes share Teams' limits without knowing of each other: Teams then answers 429, which is
retried like 412, 502, 503 and 504, after Retry-After when given, else after a jittered backoff).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
GONE_STATUSES = frozenset({403, 404})  # removed from the team, conversation deleted, bot blocked: retrying won't help
PER_CONVERSATION = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))  # (window in seconds, messages)
PER_TENANT = ((1.0, 50),)
MAX_RETRY_AFTER = 120.0  # a longer wait is left to the caller (the outbox, the reply sweeper)
SEND_TIMEOUT = 20.0  # the SDK's connector client has none (aiohttp's 5 minutes): a stalled Teams must not hold a turn

Sleep = Callable[[float], Awaitable[None]]


class SendFailed(Exception):
    def __init__(self, status: int | None, retry_after: float | None, message: str) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after

    @property
    def permanent(self) -> bool:
        return self.status in GONE_STATUSES


class _Windows:
    """Sliding windows of send times for one conversation or tenant."""

    def __init__(self, limits: tuple[tuple[float, int], ...]) -> None:
        self.limits = limits
        self.times: deque[float] = deque()
        self.blocked_until = 0.0

    def wait(self, now: float) -> float:
        """Seconds to wait before the next send may go out (0: now)."""
        horizon = max(window for window, _ in self.limits)
        while self.times and self.times[0] <= now - horizon:
            self.times.popleft()
        delay = self.blocked_until - now
        for window, most in self.limits:
            # The times are in order: the window is full when the most-th latest send is still inside it.
            if len(self.times) >= most and self.times[-most] > now - window:
                delay = max(delay, self.times[-most] + window - now)
        return max(0.0, delay)


class RateLimits:
    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.clock = clock
        self.sleep = sleep
        self._conversations: dict[str, _Windows] = {}
        self._tenants: dict[str, _Windows] = {}

    async def wait_turn(self, tenant: str, conversation: str) -> None:
        """Wait until one more message may go to this conversation, and count it."""
        while True:
            now = self.clock()
            windows = (self._windows(self._conversations, conversation, PER_CONVERSATION),
                       self._windows(self._tenants, tenant, PER_TENANT))
            delay = max(w.wait(now) for w in windows)
            if delay <= 0:
                for w in windows:
                    w.times.append(now)
                return
            await self.sleep(delay)

    def hold(self, conversation: str, seconds: float) -> None:
        """Teams said Retry-After: nothing more to that conversation until then."""
        windows = self._windows(self._conversations, conversation, PER_CONVERSATION)
        windows.blocked_until = max(windows.blocked_until, self.clock() + seconds)

    def _windows(self, table: dict[str, _Windows], key: str, limits: tuple[tuple[float, int], ...]) -> _Windows:
        found = table.get(key)
        if found is None:
            if len(table) > 10_000:  # forget conversations quiet for an hour
                now = self.clock()
                for stale in [k for k, w in table.items() if not w.times or w.times[-1] < now - 3600]:
                    del table[stale]
            found = table[key] = _Windows(limits)
        return found


class Sender:
    def __init__(self, limits: RateLimits | None = None, attempts: int = 4, base_delay: float = 1.0,
                 sleep: Sleep = asyncio.sleep, timeout: float = SEND_TIMEOUT) -> None:
        self.limits = limits or RateLimits(sleep=sleep)
        self.timeout = timeout
        self.attempts = attempts
        self.base_delay = base_delay
        self.sleep = sleep  # injectable so tests of the retry path never wait

    async def send(self, context: TurnContext, payload: Mapping[str, Any], tenant: str) -> str:
        """Post one message activity in the context's conversation; the id Teams gave it. Raises SendFailed."""
        conversation = str(context.activity.conversation.id if context.activity.conversation else "")
        for attempt in range(1, self.attempts + 1):
            await self.limits.wait_turn(tenant, conversation)
            try:
                async with asyncio.timeout(self.timeout):
                    response = await context.send_activity(Activity.model_validate(dict(payload)))
                return str(getattr(response, "id", "") or "")
            except aiohttp.ClientResponseError as exc:
                status, retry_after = exc.status, retry_after_of(exc.headers)
                detail = f"Teams answered HTTP {status}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                # After a timeout Teams may have posted the message all the same: sending again can show it twice.
                status, retry_after = None, None
                detail = f"Teams could not be reached: {type(exc).__name__}"
            if (status is not None and status not in RETRY_STATUSES) or attempt == self.attempts or (
                    retry_after is not None and retry_after > MAX_RETRY_AFTER):
                raise SendFailed(status, retry_after, detail)
            if retry_after is not None:
                self.limits.hold(conversation, retry_after)
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            log.info("%s; sending again in %.2f s (attempt %d)", detail, delay, attempt + 1)
            await self.sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spread the retries of many conversations hit by the same throttling window.
        return random.uniform(0, self.base_delay * 2 ** (attempt - 1))


def retry_after_of(headers: Mapping[str, str] | None) -> float | None:
    """Retry-After in seconds, given as seconds or as an HTTP date."""
    value = (headers or {}).get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
