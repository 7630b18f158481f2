"""A fake chat platform over real HTTP on 127.0.0.1 (port 0), and a deliverer that talks to it.

Used by the tests, the fan-out benchmark and the simulator's checks: it records every post with
its outbox key, counts duplicates, and can be told to fail (temporarily or for good) first.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from flows.types import Reply
from scheduler.delivery import DeliveryResult, Destination


@dataclass
class FakePlatform:
    """Answers `POST /post` with {"ok": true, "ts": n}; `fail_next` / `unreachable` make it refuse."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    fail_next: int = 0  # this many requests get HTTP 503 first
    unreachable: set[str] = field(default_factory=set)  # addresses answered with not_in_channel
    url: str = ""
    delivered: asyncio.Event = field(default_factory=asyncio.Event)
    expect: int = 0
    # False in the benchmark: Slack keeps what it receives on its own servers, not in our process's memory.
    keep_bodies: bool = True
    _runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.fail_next > 0:
            self.fail_next -= 1
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        if body["address"] in self.unreachable:
            return web.json_response({"ok": False, "error": "not_in_channel"})
        self.posts.append(body if self.keep_bodies else {k: body[k] for k in ("team", "address", "key")})
        if self.expect and len(self.posts) >= self.expect:
            self.delivered.set()
        return web.json_response({"ok": True, "ts": str(len(self.posts))})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/post", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/post"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def duplicates(self) -> int:
        counts = Counter((p["team"], p["address"], p["key"]) for p in self.posts)
        return sum(n - 1 for n in counts.values())


class HttpDeliverer:
    """Posts the rendered replies as JSON; maps the fake's answers to `DeliveryResult`s."""

    def __init__(self, url: str, platform: str = "console", connections: int = 100) -> None:
        self.url = url
        self.platform = platform
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        if self._session is None:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections))
        first = replies[0] if replies else None
        body = {
            "team": destination.team, "workspace": destination.workspace, "kind": destination.kind,
            "address": destination.address, "title": first.title if first else None,
            "key": first.meta.get("outbox_key") if first else None,
            "texts": [r.text for r in replies], "images": sum(r.image is not None for r in replies),
        }
        try:
            async with self._session.post(self.url, json=body) as response:
                answer = await response.json()
        except aiohttp.ClientError as exc:
            return DeliveryResult(ok=False, error=str(exc))
        if answer.get("ok"):
            return DeliveryResult(ok=True, message_id=answer.get("ts"))
        permanent = answer.get("error") in ("not_in_channel", "channel_not_found", "not_installed")
        return DeliveryResult(ok=False, error=answer.get("error"), permanent=permanent)
