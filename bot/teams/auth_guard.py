"""The handler in front of `CloudAdapter.process`: bad requests get 400/401/415, never a 500.

Validation itself stays botbuilder's (signature, issuer, audience, serviceUrl, endorsements). This
guard only refuses what the library would crash on: a missing body, a missing or unreadable token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import jwt
from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def token_problem(header: str | None) -> str | None:
    """Why an Authorization header cannot carry a Bot Framework token, or None if it looks like one."""
    if not header:
        return "missing Authorization header"
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or not token or token.count(".") != 2:
        return "Authorization is not a Bearer JWT"
    try:
        jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return "Authorization token cannot be read"
    if not isinstance(claims, dict):
        return "Authorization token has no claims"
    return None


def _refuse(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def guarded(adapter: CloudAdapter, bot: Bot, require_token: bool) -> Handler:
    """The POST /api/messages handler."""

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return _refuse(415, "expected application/json")
        try:
            body = await request.json()
        except ValueError:
            return _refuse(400, "body is not JSON")
        if not isinstance(body, dict) or not body.get("type"):
            return _refuse(400, "body is not a Bot Framework activity")
        if require_token:
            problem = token_problem(request.headers.get("Authorization"))
            if problem is not None:
                log.info("refused a Teams request: %s", problem)
                return _refuse(401, problem)
        response = await adapter.process(request, bot)  # raises HTTPUnauthorized for tokens it rejects
        return response or web.Response(status=201)

    return handle
