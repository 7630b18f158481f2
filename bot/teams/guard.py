"""POST /api/messages: refuse what cannot be handled (400/401/415/503, never a 500), then the SDK's adapter.

In the order a request meets them: the body must be a JSON activity with a conversation, a sender and
a serviceUrl (400, before anything is stored); with an app id, the token must pass `auth.TokenCheck`
(401 with the reason as a WARNING; 503 while the signing keys cannot be fetched). Then the SDK's
CloudAdapter runs the turn (the aiohttp JWT middleware's job, with the SDK's validator on our key
source: see `auth.py`). A turn whose replies could not all be delivered answers 503, so Teams sends
the activity again and the kept replies go out then.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.web_exceptions import NotAppKeyWarning
from microsoft_agents.hosting.aiohttp import CloudAdapter

from bot.teams import translate
from bot.teams.agent import RepliesOwed, TeamsCoach
from bot.teams.auth import Refused, TokenCheck

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CLAIMS_KEY = "claims_identity"  # where the SDK's aiohttp adapter looks for the request's identity


def _refuse(status: int, reason: str, retry_after: float | None = None) -> web.Response:
    headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after is not None else None
    return web.json_response({"error": reason}, status=status, headers=headers)


def messages_handler(adapter: CloudAdapter, agent: TeamsCoach, tokens: TokenCheck | None) -> Handler:
    """The POST /api/messages handler; `tokens` None means unsigned local development."""

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return _refuse(415, "expected application/json")
        try:
            activity = await request.json()
        except ValueError:
            return _refuse(400, "body is not JSON")
        problem = translate.activity_problem(activity)
        if problem is not None:
            log.warning("Teams: refused an activity: %s", problem)
            return _refuse(400, problem)
        if tokens is not None:
            try:
                identity = await tokens.identity(request.headers.get("Authorization"), activity)
            except Refused as refused:
                log.warning("Teams: refused a request (%d): %s", refused.status, refused.reason)
                return _refuse(refused.status, refused.reason, 10 if refused.status == 503 else None)
            with warnings.catch_warnings():  # the SDK's adapter reads a plain string key, not a web.RequestKey
                warnings.simplefilter("ignore", NotAppKeyWarning)
                request[CLAIMS_KEY] = identity
        try:
            return await adapter.process(request, agent)
        except RepliesOwed as owed:
            return _refuse(503, "the answer is saved; its reply could not be delivered yet", owed.retry_after or 5)
        except PermissionError as exc:
            log.warning("Teams: the adapter refused a request: %s", exc)
            return _refuse(401, "not authorised")

    return handle
