"""An HTTP request from Slack, checked before anything reads it: signature first, then the body.

slack_sdk's `SignatureVerifier` (the HMAC and the 5-minute window) runs on the raw bytes, with the
application's clock (the same one the coach uses everywhere, so tests sign requests "now" and "six
minutes ago" without sleeping). Only a signed request is parsed, by bolt's own parser; a body that
does not parse into a JSON object is a 400. Bolt's verification middleware is switched off: it would
run after bolt has parsed the body, so a signed-or-not body that is not JSON would be a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock, SignatureVerifier

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Slack's own payloads are a few kB; a 10,000-character form answer about 30 kB


@dataclass(frozen=True)
class Refusal:
    status: int  # 400 or 401
    reason: str


class AppClock(Clock):
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now().timestamp()


class RequestCheck:
    """Turns an aiohttp request into a bolt request, or into the 400/401 it deserves."""

    def __init__(self, signing_secret: str, now: Callable[[], datetime]) -> None:
        self.verifier = SignatureVerifier(signing_secret, clock=AppClock(now))

    async def bolt_request(self, request: web.Request) -> AsyncBoltRequest | web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return refuse(400, "request body too large", request)
        try:
            body = (await request.read()).decode("utf-8")
        except (web.HTTPRequestEntityTooLarge, UnicodeDecodeError) as error:
            return refuse(400, f"unreadable body ({type(error).__name__})", request)
        checked = self.check(body, request.headers, request.query_string)
        if isinstance(checked, Refusal):
            return refuse(checked.status, checked.reason, request)
        return checked

    def check(self, body: str, headers: Mapping[str, str], query: str = "") -> AsyncBoltRequest | Refusal:
        """The signed body as bolt's request, or why not: the signature first, then the parse, then its shape."""
        if not self.signed(body, headers):
            return Refusal(401, "invalid or missing signature")
        try:
            bolt_request = AsyncBoltRequest(body=body, query=query, headers=headers)  # type: ignore[arg-type]
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            # ValueError covers broken JSON (json.JSONDecodeError); the others a JSON array or a number where
            # bolt expects an object.
            return Refusal(400, f"body is not a Slack payload ({type(error).__name__})")
        problem = shape_problem(bolt_request.body)
        return Refusal(400, problem) if problem else bolt_request

    def signed(self, body: str, headers: Mapping[str, str]) -> bool:
        timestamp = headers.get("X-Slack-Request-Timestamp") or headers.get("x-slack-request-timestamp")
        signature = headers.get("X-Slack-Signature") or headers.get("x-slack-signature")
        if not timestamp or not signature or not timestamp.strip().lstrip("-").isdigit():
            return False
        return self.verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


_OBJECTS = ("event", "view", "container", "message", "state")  # where present, bolt reads them with .get
_OBJECTS_OR_IDS = ("team", "user", "channel", "enterprise")  # objects in interactions, ids in events
_LISTS = ("actions", "authorizations")


def shape_problem(body: object) -> str | None:
    """Why a signed, parsed body is not something bolt can read without failing; None when it is."""
    if not isinstance(body, dict):
        return "body is not a JSON object"
    for key in _OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    for key in _OBJECTS_OR_IDS:
        if body.get(key) is not None and not isinstance(body[key], dict | str):
            return f"{key} is neither an object nor an id"
    for key in _LISTS:
        value = body.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            return f"{key} is not a list of objects"
    event = body.get("event")
    if event is not None and not isinstance(event.get("type"), str):
        return "event has no type"
    return None


def refuse(status: int, reason: str, request: web.Request) -> web.Response:
    # One line at WARNING: anyone on the internet can send these, so no traceback and no ERROR.
    log.warning("slack request refused with %d: %s (from %s)", status, reason, request.remote)
    return web.Response(status=status, text=reason)
