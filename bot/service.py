"""The coach service: one inbound event in, replies out, everything saved in one transaction.

Load the team's session and answers, let the (synchronous, pure) engine decide, then save the new
answer versions, the KPI rows and the new state together. Two turns of one team that race are
caught by the session's version number and the later one is run again on fresh state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.definition import Flow
from flows.engine import Engine
from flows.roles import RoleRequest, parse_role_request
from flows.session import START, Outcome, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import Inbound, Reply, Role
from storage import repo
from storage.models import Member, Team

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class CommandHandler(Protocol):
    """A command outside the strategy flow (the monthly cycle's `schedule`, `report`, `due`, ...).

    Called inside the turn's transaction with the identified team and member; returns the replies.
    """

    async def __call__(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound,
                       arg: str, language: str) -> list[Reply]: ...


class CoachService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], flow: Flow,
                 clock: Callable[[], datetime], engine: Engine | None = None) -> None:
        self.sessions = sessions
        self.flow = flow
        self.engine = engine or Engine(flow)
        self.clock = clock
        self._commands: dict[str, CommandHandler] = {}
        self._form_prefixes: dict[str, CommandHandler] = {}

    def register_command(self, verbs: tuple[str, ...], handler: CommandHandler) -> None:
        """Route texts whose first word (optionally after `/`) is one of `verbs` to `handler`."""
        for verb in verbs:
            self._commands[verb.lower()] = handler

    def register_form(self, prefix: str, handler: CommandHandler) -> None:
        """Route buttons and forms whose `question_id` starts with `prefix` to `handler`."""
        self._form_prefixes[prefix] = handler

    def _extension_for(self, inbound: Inbound) -> tuple[CommandHandler, str] | None:
        if inbound.question_id:
            for prefix, handler in self._form_prefixes.items():
                if inbound.question_id.startswith(prefix):
                    return handler, ""
        if inbound.text:
            verb, _, arg = inbound.text.strip().lstrip("/").partition(" ")
            handler = self._commands.get(verb.lower())
            if handler is not None:
                return handler, arg.strip()
        return None

    async def handle(self, inbound: Inbound) -> list[Reply]:
        """Run one turn for the inbound's team and return what to show."""
        for _attempt in range(MAX_ATTEMPTS):
            async with self.sessions() as session, session.begin():
                replies = await self._turn(session, inbound)
                if replies is not None:
                    return replies
                await session.rollback()
            log.info("turn for %s raced with another; running it again", inbound.key)
        raise RuntimeError(f"could not save a turn for {inbound.key} after {MAX_ATTEMPTS} attempts")

    async def _turn(self, session: AsyncSession, inbound: Inbound) -> list[Reply] | None:
        team, member = await self.identify(session, inbound)
        extension = self._extension_for(inbound)
        if extension is not None:
            handler, arg = extension
            return await handler(session, team, member, inbound, arg, team.language)
        stored = await repo.load_session(session, team.id)
        answers = await repo.current_answers(session, team.id)
        view = TeamView(
            state=stored.state if stored else START,
            data=dict(stored.data) if stored else {},
            answers={k: StoredAnswer(a.value, a.status, a.version, a.author_name) for k, a in answers.items()},
            language=team.language,
            team_name=team.name or team.external_id,
        )
        roles = await repo.roles_of(session, member.id)
        context = TurnContext(today=self.clock().date(), can_manage=Role.PROJECT_MANAGER in roles,
                              user_name=member.name)
        outcome = self.engine.handle(view, self._turn_of(inbound), context)
        if outcome.command == "role":
            outcome.replies[:0] = await self._change_role(session, team, member, outcome.command_arg, outcome)
        await self._save_answers(session, team, member, outcome, answers)
        team.language = outcome.language
        saved = await repo.save_session(session, team.id, self.flow.id, outcome.state, outcome.data,
                                        stored.version if stored else None)
        return outcome.replies if saved else None

    @staticmethod
    def _turn_of(inbound: Inbound) -> Turn:
        return Turn(text=inbound.text, choice=inbound.choice, form=inbound.form,
                    question_id=inbound.question_id, language=inbound.language)

    async def identify(self, session: AsyncSession, inbound: Inbound) -> tuple[Team, Member]:
        workspace = await repo.get_or_create_workspace(session, inbound.platform, inbound.workspace)
        team = await repo.get_or_create_team(session, workspace, inbound.team,
                                             language=inbound.language or "nl")
        member = await repo.get_or_create_member(session, team.id, inbound.user, inbound.user_name)
        return team, member

    async def _save_answers(self, session: AsyncSession, team: Team, member: Member, outcome: Outcome,
                            current: dict[tuple[str, str], Any]) -> None:
        for write in outcome.writes:
            previous = current.get((write.question_id, write.item_key))
            await repo.add_answer_version(
                session, team.id, write.question_id, write.item_key, write.value, write.raw, write.status,
                member, previous_version=previous.version if previous else 0,
            )
            question = self.flow.by_id.get(write.question_id)
            if question is not None and question.kind == "kpi" and isinstance(write.value, list):
                await repo.sync_kpis(session, team.id, write.value)
        await session.flush()

    async def _change_role(self, session: AsyncSession, team: Team, member: Member, arg: str,
                           outcome: Outcome) -> list[Reply]:
        from flows.roles import role_replies

        request: RoleRequest | None = parse_role_request(arg)
        if request is None:
            return role_replies.usage(outcome.language)
        managers = await repo.members_with_role(session, team.id, Role.PROJECT_MANAGER)
        # The first project manager may be claimed by anyone; after that only managers hand out roles.
        if managers and member.id not in {m.id for m in managers}:
            return role_replies.not_allowed(outcome.language)
        target = await repo.get_or_create_member(session, team.id, request.user_id or member.external_id,
                                                 request.user_name)
        if request.remove:
            await repo.revoke_role(session, target.id, request.role)
        else:
            await repo.grant_role(session, target.id, request.role)
        return role_replies.changed(outcome.language, target.name or target.external_id, request.role,
                                    request.remove)
