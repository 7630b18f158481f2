"""The seam between scheduled work and the platforms: one `Deliverer` per platform.

The scheduler's sender hands each outbox row to the deliverer of the team's platform (Slack,
Teams, the console, or a test fake). Deliverers only translate and send; they never decide what
is due, and they report the outcome instead of raising, so the sender can retry or record it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from flows.types import Reply


@dataclass(frozen=True)
class Destination:
    """Where a scheduled post goes. `address` is a channel id or a user id on that platform."""

    platform: str  # "slack" | "teams" | "console"
    workspace: str  # the platform's workspace / tenant id (Workspace.external_id)
    team: str  # the team's external id (its channel / console name)
    kind: str  # "channel" (the team's channel or another channel) | "user" (a direct message)
    address: str


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    message_id: str | None = None  # Slack ts / Teams activity id, kept to check ambiguous timeouts
    error: str | None = None
    retry_after: float | None = None  # seconds, when the platform said so (HTTP 429)
    permanent: bool = False  # e.g. not installed, removed from the channel: do not retry blindly


class Deliverer(Protocol):
    platform: str

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult: ...
