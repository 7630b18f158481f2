"""Background turns let requests that already arrived go first (bot/cooperative.py)."""

from __future__ import annotations

import asyncio

from bot.cooperative import requests_first


async def test_a_request_read_while_a_turn_yields_is_handled_before_the_turn_goes_on() -> None:
    loop = asyncio.get_running_loop()
    order: list[str] = []
    handlers: list[asyncio.Task[None]] = []

    async def handle_request() -> None:
        order.append("request")

    def read_ready() -> None:  # what a server transport does when bytes arrive: its handler task runs next round
        handlers.append(loop.create_task(handle_request()))

    async def turn() -> None:
        await requests_first()
        order.append("turn")

    task = loop.create_task(turn())
    loop.call_soon(read_ready)  # the request's bytes are read in the same round the turn first yields
    await task
    await asyncio.gather(*handlers)
    assert order == ["request", "turn"]
