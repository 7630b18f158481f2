"""A fake Bot Connector service (the `serviceUrl` of Teams activities): real HTTP on 127.0.0.1, port 0.

Records every call the bot makes and answers like the Connector REST API (`{"id": ...}`). It can
be told to answer the next calls with an error status (429 with Retry-After, 502, 403, ...).

It also plays the person's OneDrive for the file-consent flow: `upload_session` is what Teams puts in a
`fileConsent/invoke` accept (`uploadInfo`), and its `uploadUrl` takes PUTs with `Content-Range` as a
OneDrive upload session does (202 with the next expected range until the last byte, then 201 with the
drive item; 416 for a range that does not follow on). Every PUT is recorded.
"""

from __future__ import annotations

import asyncio
import re
import uuid
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
class UploadPut:
    session: str
    content_range: str | None
    authorization: str | None
    content_type: str | None
    body: bytes


@dataclass
class UploadSession:
    info: dict[str, Any]
    received: bytearray = field(default_factory=bytearray)
    complete: bool = False


_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


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
    puts: list[UploadPut] = field(default_factory=list)
    sessions: dict[str, UploadSession] = field(default_factory=dict)
    upload_failures: list[int] = field(default_factory=list)
    create_failures: list[int] = field(default_factory=list)  # conversation create only
    conversation_failures: dict[str, list[int]] = field(default_factory=dict)  # posts to one conversation
    later_failures: dict[int, int] = field(default_factory=dict)  # the number of a post to come → its status

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

    def fail_post(self, number: int, status: int) -> None:
        """The `number`-th post from now (1: the next) is answered with `status`; the ones before it are not."""
        self.later_failures[len(self.calls) + number] = status

    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.extend([(status, headers)] * times)

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/onedrive/upload/{session}", self._upload)
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
        if self.create_failures:
            return web.json_response({"error": {"code": "Forbidden", "message": "fake refusal"}},
                                     status=self.create_failures.pop(0))
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
        if len(self.calls) in self.later_failures:
            return web.json_response({"error": {"code": "ServiceError", "message": "fake failure"}},
                                     status=self.later_failures.pop(len(self.calls)))
        failing = self.conversation_failures.get(request.match_info["conversation"])
        if failing:
            return web.json_response({"error": {"code": "ServiceError", "message": "fake failure"}},
                                     status=failing.pop(0))
        if self.failures:
            status, headers = self.failures.pop(0)
            return web.json_response({"error": {"code": "Throttled", "message": "fake failure"}}, status=status,
                                     headers=headers)
        self._next_id += 1
        return web.json_response({"id": f"activity-{self._next_id}"}, status=200)

    def upload_session(self, name: str, user: str = "anna") -> dict[str, Any]:
        """A new upload session in the person's OneDrive: the `uploadInfo` of a file-consent accept."""
        session = uuid.uuid4().hex
        unique_id = str(uuid.uuid4()).upper()
        info = {"contentUrl": f"{self.url}onedrive/personal/{user}/Documents/Applications/{name}", "name": name,
                "uploadUrl": f"{self.url}onedrive/upload/{session}", "uniqueId": unique_id,
                "fileType": name.rsplit(".", 1)[-1], "etag": unique_id}
        self.sessions[session] = UploadSession(info)
        return info

    def uploaded(self, info: dict[str, Any]) -> bytes | None:
        """The bytes of a finished upload (None while it is not complete)."""
        found = self.sessions[info["uploadUrl"].rsplit("/", 1)[-1]]
        return bytes(found.received) if found.complete else None

    def fail_next_in(self, conversation_id: str, status: int) -> None:
        """The next post into this conversation (and only there) is answered with `status`."""
        self.conversation_failures.setdefault(conversation_id, []).append(status)

    def refuse_conversations(self, status: int = 403) -> None:
        """The next conversation create is refused (a person the bot may not open a chat with)."""
        self.create_failures.append(status)

    def fail_uploads(self, status: int, times: int = 1) -> None:
        self.upload_failures.extend([status] * times)

    async def _upload(self, request: web.Request) -> web.Response:
        body = await request.read()
        session_id = request.match_info["session"]
        content_range = request.headers.get("Content-Range")
        self.puts.append(UploadPut(session_id, content_range, request.headers.get("Authorization"),
                                   request.headers.get("Content-Type"), body))
        if self.upload_failures:
            return web.json_response({"error": {"code": "serviceNotAvailable"}}, status=self.upload_failures.pop(0))
        session = self.sessions.get(session_id)
        if session is None or session.complete:
            return web.json_response({"error": {"code": "itemNotFound"}}, status=404)
        matched = _RANGE.match(content_range or "")
        if matched is None:
            return web.json_response({"error": {"code": "invalidRange"}}, status=400)
        start, end, total = (int(g) for g in matched.groups())
        if start != len(session.received) or end - start + 1 != len(body) or end >= total:
            return web.json_response({"error": {"code": "invalidRange"}}, status=416)
        session.received.extend(body)
        if len(session.received) < total:
            return web.json_response({"expirationDateTime": "2026-11-24T09:00:00Z",
                                      "nextExpectedRanges": [f"{len(session.received)}-"]}, status=202)
        session.complete = True
        return web.json_response({"id": session.info["uniqueId"], "name": session.info["name"], "size": total,
                                  "file": {}}, status=201)

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
