"""Names as people see them in Slack: a person's display name, a team's channel name. Looked up once, cached.

One name per person everywhere: typed answers, buttons, forms and commands all take it from users.info
(the profile's display name, else the real name), never from an interaction payload's handle. A team is
named after its channel (conversations.info), a direct-message team after its person, instead of the
channel id the summary's title showed ("— C0WALK0001").
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import Team, Workspace

log = logging.getLogger(__name__)

FRESH_FOR_S = 3600.0  # display names change now and then; an hour-old one is still good enough
CACHE_SIZE = 10_000

_RENAME = (
    update(Team)
    .where(Team.external_id == bindparam("channel"), Team.name == Team.external_id,  # only a name never given
           Team.workspace_id == select(Workspace.id).where(Workspace.platform == "slack",
                                                           Workspace.external_id == bindparam("workspace"))
           .scalar_subquery())
    .values(name=bindparam("name"))
    .returning(Team.id)
)


def person_name(user: Mapping[str, Any]) -> str | None:
    """The name Slack shows for a users.info `user`: display name, else real name, else the handle."""
    profile = user.get("profile") or {}
    for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
        if name and name.strip():
            return name.strip()
    return None


class Names:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._people: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()
        self._named_teams: set[tuple[str, str]] = set()  # teams this process has named (or tried to)

    async def person(self, client: AsyncWebClient, workspace: str, user: str) -> str | None:
        key = (workspace, user)
        cached = self._people.get(key)
        if cached is not None and time.monotonic() - cached[1] < FRESH_FOR_S:
            self._people.move_to_end(key)
            return cached[0]
        try:
            name = person_name((await client.users_info(user=user)).get("user") or {})
        except SlackApiError as error:  # not cached: the next turn tries again
            log.info("users.info for %s failed: %s", user, error.response.get("error"))
            return cached[0] if cached else None
        if name is not None:
            self._people[key] = (name, time.monotonic())
            if len(self._people) > CACHE_SIZE:
                self._people.popitem(last=False)
        return name

    def forget_people(self) -> None:
        self._people.clear()

    async def name_to_give(self, client: AsyncWebClient, workspace: str, channel: str, direct: bool,
                           person: str | None) -> str | None:
        """The name for a team this process has not named yet (its channel's, a DM team's person's); asked once."""
        key = (workspace, channel)
        if key in self._named_teams:
            return None
        self._named_teams.add(key)  # tried once per process, whatever comes of it
        name = person if direct else await self._channel_name(client, channel)
        return name[:200] if name else None

    @staticmethod
    async def give(conn: AsyncConnection, workspace: str, channel: str, name: str) -> int | None:
        """In the turn's transaction: the team's name, unless it has one already; its id if it got this one."""
        return await conn.scalar(_RENAME, {"channel": channel, "workspace": workspace, "name": name})

    @staticmethod
    async def _channel_name(client: AsyncWebClient, channel: str) -> str | None:
        try:
            info = (await client.conversations_info(channel=channel)).get("channel") or {}
        except SlackApiError as error:  # e.g. missing_scope on an app installed before channels:read was asked
            log.info("conversations.info for %s failed: %s", channel, error.response.get("error"))
            return None
        return info.get("name") or None
