"""A fake Bot Connector service (the `serviceUrl` of Teams activities): real HTTP on 127.0.0.1, port 0.

Records every call the bot makes and answers like the Connector REST API (`{"id": ...}`). It can
be told to answer the next calls with an error status (429 with Retry-After, 502, 403, ...).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class ConnectorCall:
    method: str
    path: str
    conversation_id: str
    reply_to: str | None
    authorization: str | None
    body: dict[str, Any]


@dataclass
class FakeConnector:
    calls: list[ConnectorCall] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # conversation create requests
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None
    _next_id: int = 0
    _stalled: asyncio.Event | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _hanging: list[asyncio.Event] = field(default_factory=list)

    def stall_posts(self) -> asyncio.Event:
        """From now on every post hangs (a connector that does not answer); the event tells when one arrived."""
        self._stalled = asyncio.Event()
        self._arrived = asyncio.Event()
        return self._arrived

    def stop_stalling(self) -> None:
        """New posts are answered again; the ones already hanging go on hanging (see `release`)."""
        self._stalled = None

    def release(self) -> None:
        for hanging in self._hanging:
            hanging.set()

    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.extend([(status, headers)] * times)

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _create(self, request: web.Request) -> web.Response:
        """Conversation create (a 1:1 with a team member): answers the new conversation's id, as Teams does."""
        body = await request.json()
        self.created.append(body)
        if self.failures:
            status, headers = self.failures.pop(0)
            return web.json_response({"error": {"code": "Forbidden", "message": "fake failure"}}, status=status,
                                     headers=headers)
        members = body.get("members") or [{}]
        return web.json_response({"id": f"a:personal-with-{members[0].get('id')}"}, status=201)

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls.append(ConnectorCall(request.method, request.path, request.match_info["conversation"],
                                        request.match_info.get("reply_to"), request.headers.get("Authorization"),
                                        body))
        if self._stalled is not None:
            hanging = self._stalled
            self._hanging.append(hanging)
            self._arrived.set()
            await hanging.wait()
        if self.failures:
            status, headers = self.failures.pop(0)
            return web.json_response({"error": {"code": "Throttled", "message": "fake failure"}}, status=status,
                                     headers=headers)
        self._next_id += 1
        return web.json_response({"id": f"activity-{self._next_id}"}, status=200)

    # --- what tests read -------------------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The message activities the bot posted, in order (failed attempts included)."""
        return [c.body for c in self.calls if c.body.get("type") == "message"]

    @property
    def answered(self) -> int:
        """How many posts were accepted (the last id handed out is `activity-<answered>`)."""
        return self._next_id

    def clear(self) -> None:
        self.calls.clear()
