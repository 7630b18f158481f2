"""The real app on a real port, a fake Slack Web API, and helpers that send what Slack sends.

Payload shapes follow Slack's documentation (Events API `event_callback`, slash command form
fields, `block_actions` and `view_submission` interaction payloads).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bot.context import AppContext
from bot.slack import SlackCoach
from storage import repo
from storage.models import Answer
from storage.slack_models import SlackInbox
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.signing import command_body, interactive_body, json_body, signed_headers

TEAM = "T0001"
CHANNEL = "C0TEAM"
ANNA, BOB = "U0ANNA", "U0BOB"


@dataclass
class SlackHarness:
    url: str
    ctx: AppContext
    coach: SlackCoach
    api: FakeSlackApi
    http: aiohttp.ClientSession
    team: str = TEAM
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def now(self) -> int:
        return int(self.ctx.clock().timestamp())

    async def post(self, body: str, content_type: str, timestamp: int | None = None, signed: bool = True,
                   extra: dict[str, str] | None = None) -> tuple[int, str]:
        headers = (signed_headers(body, self.now() if timestamp is None else timestamp, content_type=content_type)
                   if signed else {"Content-Type": content_type})
        headers.update(extra or {})
        async with self.http.post(self.url + "/slack/events", data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    # --- what Slack sends ------------------------------------------------------------------------

    def event_body(self, event: dict[str, Any], event_id: str | None = None, team: str | None = None) -> dict[str, Any]:
        team = team or self.team
        return {
            "token": "legacy", "team_id": team, "api_app_id": "A0001", "event": {**event, "team": team},
            "type": "event_callback", "event_id": event_id or f"Ev{next(self._ids):08d}", "event_time": self.now(),
            "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        }

    def message(self, text: str, user: str = ANNA, channel: str = CHANNEL, thread_ts: str | None = None,
                client_msg_id: str | None = None, **extra: Any) -> dict[str, Any]:
        n = next(self._ids)
        event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": f"1800000000.{n:06d}",
                 "client_msg_id": client_msg_id or f"cm-{n}", "channel_type": "im" if channel.startswith("D")
                 else "channel", "event_ts": f"1800000000.{n:06d}"}
        if thread_ts:
            event["thread_ts"] = thread_ts
        event.update(extra)
        return event

    async def send_event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None,
                         team: str | None = None) -> tuple[int, str]:
        body, content_type = json_body(self.event_body(event, event_id, team))
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(body, content_type, extra=extra)

    async def command(self, text: str, user: str = ANNA, channel: str = CHANNEL,
                      team: str | None = None) -> tuple[int, str]:
        n = next(self._ids)
        body, content_type = command_body({
            "token": "legacy", "team_id": team or self.team, "team_domain": "fake", "channel_id": channel,
            "channel_name": "marketing", "user_id": user, "user_name": user.lower(), "command": "/coach",
            "text": text, "api_app_id": "A0001", "is_enterprise_install": "false",
            "response_url": self.api.url.replace("/api/", f"/hook/{n}"), "trigger_id": f"trig-cmd-{n}",
        })
        return await self.post(body, content_type)

    async def click(self, message: dict[str, Any], action: dict[str, Any], user: str = ANNA,
                    channel: str = CHANNEL) -> tuple[int, str]:
        n = next(self._ids)
        payload = {
            "type": "block_actions", "team": {"id": self.team, "domain": "fake"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team},
            "api_app_id": "A0001", "token": "legacy", "trigger_id": f"trig-act-{n}",
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                          "is_ephemeral": False, "thread_ts": message.get("thread_ts")},
            "channel": {"id": channel, "name": "marketing"},
            "message": {"type": "message", "user": "UBOT", "ts": message["ts"], "text": message.get("text", ""),
                        "blocks": message.get("blocks", []), "thread_ts": message.get("thread_ts")},
            "response_url": self.api.url.replace("/api/", f"/hook/{n}"),
            "actions": [{**action, "action_ts": f"1800000001.{n:06d}"}],
            "enterprise": None, "is_enterprise_install": False,
        }
        body, content_type = interactive_body(payload)
        return await self.post(body, content_type)

    async def submit(self, view: dict[str, Any], values: dict[str, dict[str, Any]],
                     user: str = ANNA) -> tuple[int, str]:
        n = next(self._ids)
        payload = {
            "type": "view_submission", "team": {"id": self.team, "domain": "fake"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team},
            "api_app_id": "A0001", "token": "legacy", "trigger_id": f"trig-view-{n}",
            "view": {**view, "id": f"V{n:08d}", "team_id": self.team, "hash": f"h{n}",
                     "state": {"values": values}},
            "enterprise": None, "is_enterprise_install": False,
        }
        body, content_type = interactive_body(payload)
        return await self.post(body, content_type)

    # --- waiting for the background work ---------------------------------------------------------

    async def settled(self, timeout: float = 10) -> None:
        """Wait until every inbox row is finished, done or given up as undelivered (polling the database; a
        safety cap, not a timing check)."""
        async def done() -> bool:
            async with self.ctx.sessions() as session:
                open_rows = await session.scalar(select(func.count()).select_from(SlackInbox)
                                                 .where(SlackInbox.status.not_in(("done", "undelivered"))))
                return not open_rows

        async with asyncio.timeout(timeout):
            while not await done():
                await asyncio.sleep(0.01)

    def posts(self, channel: str = CHANNEL) -> list[dict[str, Any]]:
        """Messages Slack accepted in `channel`, each with the ts Slack gave it."""
        return [{**c.params, "ts": c.result["ts"]} for c in self.api.of("chat.postMessage")
                if c.params.get("channel") == channel and c.result.get("ok")]

    def last_question(self, channel: str = CHANNEL) -> dict[str, Any]:
        return self.posts(channel)[-1]


async def answers(slack: SlackHarness) -> dict[str, Answer]:
    """The team's current answers in CHANNEL, by question id."""
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, CHANNEL)
        assert team is not None
        return {q: a for (q, _i), a in (await repo.current_answers(session, team.id)).items()}


async def start(slack: SlackHarness) -> str:
    """`/coach start` in CHANNEL; returns the ts of the step intro that heads the question thread."""
    await slack.command("start")
    await slack.settled()
    intro = next(p for p in slack.posts() if ":" in p["text"] and "Discover" in p["text"])
    return intro["ts"]
