"""A reply that Slack cannot take right now is tried again, with growing pauses, until it goes out.

slack_sdk's own handlers come first (three retries of a 429 after its Retry-After, one of a dropped
connection); what still fails with a 429, a 5xx or a timeout is tried again here, with exponential backoff
(never sooner than Slack's Retry-After), for up to a quarter of an hour. Then it is `Undeliverable`: the
caller records it, and the coach asks that question again before it takes the team's next answer.
Refusals a retry cannot change (not_in_channel, invalid_auth, ...) are raised at once, as they are.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Errors Slack documents as passing (besides HTTP 429 and 5xx).
_PASSING_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                             "request_timeout"})


@dataclass(frozen=True)
class RetryPolicy:
    first_wait_s: float = 1.0
    longest_wait_s: float = 60.0
    give_up_after_s: float = 15 * 60.0


class Undeliverable(Exception):
    """Slack did not take a reply for the whole of the policy's time; `reason` says what it answered last."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def passing_reason(error: BaseException) -> str | None:
    """Why a Web API call failed, if trying again later may succeed; None for a refusal that will stay."""
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        code = str(error.response.get("error", "")) if hasattr(error.response, "get") else ""
        if status == 429 or status >= 500 or code in _PASSING_ERRORS:
            return code or f"http {status}"
        return None
    if isinstance(error, TimeoutError):  # aiohttp's ServerTimeoutError is one too
        return "timeout"
    if isinstance(error, aiohttp.ClientError):
        return type(error).__name__
    return None


def _retry_after(error: BaseException) -> float:
    if isinstance(error, SlackApiError) and getattr(error.response, "status_code", 200) == 429:
        headers = getattr(error.response, "headers", {}) or {}
        for name, value in headers.items():
            if name.lower() == "retry-after":
                try:
                    return float(value[0] if isinstance(value, list) else value)
                except (TypeError, ValueError):
                    return 0.0
    return 0.0


async def with_retries(call: Callable[[], Awaitable[T]], policy: RetryPolicy,
                       waiting: Callable[[str], Awaitable[None]]) -> T:
    """`call()`, tried again while Slack is passing trouble; `waiting(reason)` runs before each pause."""
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return await call()
        except Exception as error:
            reason = passing_reason(error)
            if reason is None:
                raise
            pause = max(min(policy.longest_wait_s, policy.first_wait_s * 2 ** attempt), _retry_after(error))
            if time.monotonic() - started + pause > policy.give_up_after_s:
                raise Undeliverable(reason) from error
            log.info("slack did not take a reply (%s); trying again in %.1f s", reason, pause)
            await waiting(reason)
            await asyncio.sleep(pause)
            attempt += 1
