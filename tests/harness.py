"""A small full-stack harness: the real service and database, driven like the console is."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from bot.config import Settings
from bot.context import AppContext
from flows.types import Inbound, Reply, ReplyKind

FIXED_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Coach:
    def __init__(self, ctx: AppContext, team: str = "demo", user: str = "anna", platform: str = "console",
                 workspace: str = "local") -> None:
        self.ctx, self.team, self.user, self.platform, self.workspace = ctx, team, user, platform, workspace

    async def say(self, text: str | None = None, *, choice: str | None = None, form: Mapping[str, str] | None = None,
                  question_id: str | None = None, user: str | None = None, language: str | None = None) -> list[Reply]:
        inbound = Inbound(platform=self.platform, workspace=self.workspace, team=self.team, user=user or self.user,
                          user_name=user or self.user, text=text, choice=choice, form=form, question_id=question_id,
                          language=language)
        return await self.ctx.service.handle(inbound)

    async def play(self, lines: list[str]) -> list[Reply]:
        replies: list[Reply] = []
        for line in lines:
            replies = await self.say(line)
            problems = [r.text for r in replies if r.kind == ReplyKind.PROBLEM]
            assert not problems, f"{line!r} was refused: {problems}"
        return replies


def question_of(replies: list[Reply]) -> Reply:
    return next(r for r in reversed(replies) if r.kind == ReplyKind.QUESTION)


def kinds(replies: list[Reply]) -> list[ReplyKind]:
    return [r.kind for r in replies]


async def context_for(url: str) -> AppContext:
    return AppContext.create(Settings(database_url=url), clock=lambda: FIXED_NOW)
