"""Scheduled posts for console teams: printed to standard output, as the console coach shows them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from bot.render_text import render_replies
from flows.types import Reply
from scheduler.delivery import DeliveryResult, Destination


class ConsoleDeliverer:
    platform = "console"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.sent = 0

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        who = f"@{destination.address}" if destination.kind == "user" else f"#{destination.address}"
        self.out.write(f"--> {who}\n{render_replies(replies)}\n")
        self.out.flush()
        self.sent += 1
        return DeliveryResult(ok=True, message_id=f"console-{self.sent}")
