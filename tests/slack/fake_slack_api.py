"""A fake Slack Web API: a real HTTP server on 127.0.0.1 (ephemeral port) that records every call.

It answers as Slack does: HTTP 200 with `{"ok": true, ...}`, `{"ok": false, "error": ...}` when told
to fail, and HTTP 429 with `Retry-After` when told to rate-limit. It refuses a message of more than 50 blocks
(`invalid_blocks`) or too long blocks (`msg_blocks_too_long`), as Slack does. A method can be held (its calls
wait until released), which is how tests stop the coach at a precise point without sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeSlackApi:
    team_id: str = "T0001"
    bot_user_id: str = "UBOT"
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(default_factory=dict)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    delays: dict[str, list[float]] = field(default_factory=dict)
    let_through: dict[str, int] = field(default_factory=dict)
    oauth_team: dict[str, str] = field(default_factory=lambda: {"id": "T0002", "name": "Second"})
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    url: str = ""
    sockets: list[web.WebSocketResponse] = field(default_factory=list)  # Socket Mode connections
    _envelopes: itertools.count = field(default_factory=lambda: itertools.count(1))
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes sent to its upload URL
    _files: itertools.count = field(default_factory=lambda: itertools.count(1))
    channel_names: dict[str, str] = field(default_factory=lambda: {"C0TEAM": "marketing"})  # conversations.info
    user_names: dict[str, str] = field(default_factory=dict)  # users.info's display name (else "Person <id>")

    async def start(self, extra_routes: list[tuple[str, str, Any]] = ()) -> FakeSlackApi:  # type: ignore[assignment]
        """Serve on an ephemeral port; `extra_routes` (method, path, handler) are for the load bench's use."""
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_route("*", "/hook/{name}", self._hook)
        app.router.add_get("/link", self._socket)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        for method, path, handler in extra_routes:
            app.router.add_route(method, path, handler)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/api/"
        return self

    async def close(self) -> None:
        for event in self.held.values():
            event.set()
        for socket in self.sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- scripting -------------------------------------------------------------------------------

    def fail(self, method: str, error: str) -> None:
        """The next call of `method` answers `{"ok": false, "error": error}`."""
        self.failures.setdefault(method, []).append((200, {"ok": False, "error": error}, {}))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls of `method` answer HTTP 429 with Retry-After."""
        self.failures.setdefault(method, []).extend(
            [(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})] * times)

    def server_error(self, method: str, status: int = 503, times: int = 1) -> None:
        """The next `times` calls of `method` answer a 5xx, as Slack does when it has trouble of its own."""
        self.failures.setdefault(method, []).extend(
            [(status, {"ok": False, "error": "service_unavailable"}, {})] * times)

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` answer (successfully) only after `seconds`."""
        self.delays.setdefault(method, []).extend([seconds] * times)

    def hold(self, method: str, after: int = 0) -> asyncio.Event:
        """Calls of `method` wait until the returned event is set (the first `after` of them answer at once)."""
        self.held[method] = asyncio.Event()
        self.let_through[method] = after
        return self.held[method]

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10) -> list[Call]:
        """Wait until `method` has been called `count` times (a safety timeout, not a timing assertion)."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.of(method)) >= count), timeout)
        return self.of(method)

    async def push(self, payload: dict[str, Any], kind: str = "events_api") -> str:
        """Send a Socket Mode envelope, as Slack does over the app's WebSocket; returns its envelope id."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self.sockets)), 10)
        envelope_id = f"env-{next(self._envelopes)}"
        await self.sockets[-1].send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                          "accepts_response_payload": False, "retry_attempt": 0,
                                          "retry_reason": ""})
        return envelope_id

    # --- serving ---------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
        assert self._changed is not None
        async with self._changed:
            self.sockets.append(socket)
            self._changed.notify_all()
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                await self._record("socket_ack", json.loads(message.data), None)
        return socket

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                params[key] = value if isinstance(value, str) else value.file.read()
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _record(self, method: str, params: dict[str, Any], token: str | None,
                      result: dict[str, Any] | None = None) -> None:
        assert self._changed is not None
        async with self._changed:
            self.calls.append(Call(method, params, token, result or {}))
            self._changed.notify_all()

    async def _hook(self, request: web.Request) -> web.Response:
        await self._record("response_url", await self._params(request), None)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of Slack's external upload: the file's bytes to the URL getUploadURLExternal gave."""
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record("file_upload", {"file_id": file_id, "length": len(self.uploads[file_id])}, None)
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or params.get("token")
        delays = self.delays.get(method)
        if delays:
            await asyncio.sleep(delays.pop(0))
        queued = self.failures.get(method)
        if queued:
            status, body, headers = queued.pop(0)
            await self._record(method, params, token, body)
            return web.json_response(body, status=status, headers=headers)
        if self.let_through.get(method):
            self.let_through[method] -= 1
        elif method in self.held and not self.held[method].is_set():
            # Recorded on arrival, so a test can see the call it is holding back.
            await self._record(method, params, token, {"held": True})
            await self.held[method].wait()
            return web.json_response(self._answer(method, params, token))
        answer = self._answer(method, params, token)
        await self._record(method, params, token, answer)
        return web.json_response(answer)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "coach",
                    "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": "BBOT"}
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            refused = _too_long(params.get("blocks"))
            if refused:
                return {"ok": False, "error": refused}
            ts = params.get("ts") or f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts, "blocks": params.get("blocks")}}
        if method == "users.info":
            user = params.get("user")
            shown = self.user_names.get(str(user), f"Person {user}")
            return {"ok": True, "user": {"id": user, "name": f"user-{user}", "real_name": shown,
                                         "profile": {"display_name": shown}}}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return {"ok": True, "channel": params.get("channel"),
                    "permalink": f"https://fake.slack.com/archives/{params.get('channel')}/p{ts}"}
        if method == "conversations.info":
            channel = params.get("channel") or ""
            if channel.startswith("D"):
                return {"ok": True, "channel": {"id": channel, "is_im": True, "user": "U0ANNA"}}
            if channel not in self.channel_names:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": channel, "name": self.channel_names[channel], "is_channel": True}}
        if method in ("views.open", "views.publish", "views.update"):
            view = params.get("view") or {}
            return {"ok": True, "view": {"id": "V0001", **view}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files):010d}"
            return {"ok": True, "upload_url": self.url.replace("/api/", f"/upload/v1/{file_id}"), "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title"), "name": f.get("title")}
                                          for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http://", "ws://").replace("/api/", "/link")}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": "A0001", "authed_user": {"id": "U0INSTALLER"}, "scope": "chat:write,commands",
                    "token_type": "bot", "access_token": f"xoxb-{self.oauth_team['id']}", "bot_user_id": "UBOT2",
                    "team": self.oauth_team, "enterprise": None, "is_enterprise_install": False}
        return {"ok": True}


# Slack refuses blocks past a total it does not publish; slackapi/bolt-js#2509 measured about 13,200 characters.
BLOCKS_TOO_LONG = 13_200


def _too_long(blocks: Any) -> str | None:
    """The error Slack answers a message whose blocks are too many or too long, as chat.postMessage names it."""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not blocks:
        return None
    if len(blocks) > 50:
        return "invalid_blocks"
    return "msg_blocks_too_long" if len(json.dumps(blocks, ensure_ascii=False)) > BLOCKS_TOO_LONG else None
