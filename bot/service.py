"""The coach service: one inbound event in, replies out, everything saved in one transaction.

Load the team's position and answers, let the (synchronous, pure) engine decide, then save the
new answer versions, the KPI rows and the new position together. Two turns of one team that race
are caught by the position's version number (or the answers' unique versions) and the later one
runs again on fresh state; so does a turn that found SQLite locked by another writer.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.cooperative import requests_first
from flows.commands import parse_command
from flows.definition import Flow
from flows.engine import Engine
from flows.roles import parse_role_request, role_replies
from flows.session import DONE, START, Outcome, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import DEFAULT_LANGUAGE, Inbound, Reply, ReplyKind, Role
from storage import repo, turns
from storage.identity import ensure_identity, rename_member
from storage.models import Member, Team
from storage.sqlite_inline import is_locked

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
IDENTITY_CACHE_SIZE = 10_000
TEAM_CACHE_SIZE = 2_000


class CommandHandler(Protocol):
    """A command outside the strategy flow (the monthly cycle's `schedule`, `report`, `due`, ...).

    Called inside a transaction with the identified team and member; returns the replies.
    """

    async def __call__(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound,
                       arg: str, language: str) -> list[Reply]: ...


# Whether a command word's other words are that command's after all, by the team's own data.
Claims = Callable[[AsyncSession, int, str], Awaitable[bool]]


@dataclass(frozen=True)
class Identity:
    team_id: int
    member_id: int
    member_name: str | None


class TurnHook(Protocol):
    """Runs inside the turn's transaction, after its writes: an adapter's bookkeeping (e.g. marking its
    inbox row processed) then commits together with the answers, or not at all."""

    async def __call__(self, conn: AsyncConnection, replies: list[Reply], language: str) -> None: ...


class _Retry(Exception):
    """This turn lost a race (or met a locked SQLite); run it again on fresh state."""


class CoachService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], flow: Flow,
                 clock: Callable[[], datetime], engine: Engine | None = None) -> None:
        self.sessions = sessions
        self.database: AsyncEngine = sessions.kw["bind"]
        self.flow = flow
        self.engine = engine or Engine(flow)
        self.clock = clock
        self._commands: dict[str, tuple[CommandHandler, Callable[[str], bool] | None, Claims | None]] = {}
        self._form_prefixes: dict[str, CommandHandler] = {}
        # (platform, workspace, team, user) -> ids; ids never change, so a cache saves three lookups a turn.
        self._identities: OrderedDict[tuple[str, str, str, str], Identity] = OrderedDict()
        # team id -> (position, current answers) as this process last saved them; answers and position are
        # only ever written together, and a save checks the position's version, so a stale entry is caught.
        self._teams: OrderedDict[int, tuple[turns.TeamPosition, dict[tuple[str, str], StoredAnswer]]] = (
            OrderedDict())

    def register_command(self, verbs: tuple[str, ...], handler: CommandHandler,
                         takes: Callable[[str], bool] | None = None, claims: Claims | None = None) -> None:
        """Route texts whose first word (optionally after `/`) is one of `verbs` to `handler`.

        `takes(arg)` says whether the rest of a text is this command's argument ("dag 31" for `schema`),
        the one rule flows/commands.py follows too: a bare verb, a `/verb`, or the verb with its argument
        is the command, also while a question is open; a verb followed by other words is an answer, unless
        `claims(session, team_id, arg)` finds them in the team's own data (a KPI's name after `waarde`).
        """
        for verb in verbs:
            self._commands[verb.lower()] = (handler, takes, claims)

    def register_form(self, prefix: str, handler: CommandHandler) -> None:
        """Route buttons and forms whose `question_id` starts with `prefix` to `handler`."""
        self._form_prefixes[prefix] = handler

    def _extension_for(self, inbound: Inbound) -> tuple[CommandHandler, str, bool, Claims | None] | None:
        """The handler for a non-flow command, its argument, and whether it was unmistakably meant.

        A button or form of the cycle, a `/verb`, a bare verb and a verb with its argument (`schema dag 31`)
        always are; a verb followed by other words ("waarde voor klanten staat centraal") only counts when
        the team is not answering a question.
        """
        if inbound.question_id:
            for prefix, handler in self._form_prefixes.items():
                if inbound.question_id.startswith(prefix):
                    return handler, "", True, None
        if inbound.text:
            stripped = " ".join(inbound.text.split())
            addressed = stripped.startswith("/")
            words = stripped.lstrip("/").strip()
            if addressed and words.lower().startswith("coach "):
                words = words[len("coach "):]
            verb, _, arg = words.partition(" ")
            entry = self._commands.get(verb.lower())
            if entry is not None:
                handler, takes, claims = entry
                arg = arg.strip()
                return handler, arg, addressed or not arg or (takes is not None and takes(arg)), claims
        return None

    async def _claimed(self, inbound: Inbound, claims: Claims | None, arg: str) -> bool:
        if claims is None:
            return False
        identity = await self.identity(inbound)
        async with self.sessions() as session:
            return await claims(session, identity.team_id, arg)

    async def _answering_a_question(self, inbound: Inbound) -> bool:
        identity = await self.identity(inbound)
        async with self.database.connect() as conn:
            position = await conn.run_sync(turns.load_position, identity.team_id)
        return position.state not in (None, START, DONE)

    async def handle(self, inbound: Inbound, in_transaction: TurnHook | None = None) -> list[Reply]:
        """Run one turn for the inbound's team and return what to show.

        `in_transaction`, if given, runs inside the turn's transaction with the replies and the team's
        language, so an adapter's own record of the event commits atomically with the answers.
        """
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(inbound, in_transaction)
            except _Retry:
                log.info("turn for %s raced with another; running it again", inbound.key)
            except OperationalError as error:
                if not (is_locked(error) or error.connection_invalidated):
                    raise
                log.info("database locked or connection lost for %s; retrying", inbound.key)
            await asyncio.sleep(0.005 * (attempt + 1))
        raise RuntimeError(f"could not save a turn for {inbound.key} after {MAX_ATTEMPTS} attempts")

    async def _attempt(self, inbound: Inbound, hook: TurnHook | None) -> list[Reply]:
        extension = self._extension_for(inbound)
        outside: str | None = None  # a cycle verb whose words are no argument of it, at an open question
        if extension is not None and not extension[2] and await self._answering_a_question(inbound) \
                and not await self._claimed(inbound, extension[3], extension[1]):
            extension = None
            outside = (inbound.text or "").split()[0].lower()
        command = parse_command(inbound.text, self.flow)
        if extension is not None or (command is not None and command.name == "role"):
            handler = (extension[0], extension[1]) if extension else None
            return await self._session_turn(inbound, handler, command.arg if command else "", hook)
        identity = self._cached_identity(inbound)
        await requests_first()
        if identity is None:
            # A new person gets a transaction of their own: inside the turn's, the whole turn would be one
            # stretch of the event loop (on SQLite the first INSERT holds the write lock till the commit).
            identity = await self.identity(inbound)
            await requests_first()
        async with self.database.begin() as conn:
            replies, language = await self._flow_turn(conn, inbound, identity,
                                                      command is not None and command.name == "restart", outside)
            if hook is not None:
                await hook(conn, replies, language)
        return replies

    async def _flow_turn(self, conn: AsyncConnection, inbound: Inbound, identity: Identity,
                         needs_roles: bool, outside: str | None = None) -> tuple[list[Reply], str]:
        can_manage = needs_roles and await self._is_manager(conn, identity.member_id)
        outcome = await conn.run_sync(self._decide_and_save, inbound, identity, can_manage, outside)
        return outcome.replies, outcome.language

    def _decide_and_save(self, conn: Connection, inbound: Inbound, identity: Identity, can_manage: bool,
                         outside: str | None = None) -> Outcome:
        """Load, decide, save: the turn's statements in one greenlet (each `await` would cost ~17 µs more)."""
        position, answers = self._known_team(conn, identity.team_id)
        view = TeamView(state=position.state or START, data=position.data, answers=answers,
                        language=position.language, team_name=position.name)
        context = TurnContext(today=self.clock().date(), can_manage=can_manage, user_name=identity.member_name)
        outcome = self.engine.handle(view, replace(self._turn_of(inbound), outside_command=outside), context)
        try:
            turns.add_answers(conn, identity.team_id, identity.member_id, identity.member_name, outcome.writes,
                              answers)
            if outcome.language != position.language:
                turns.set_language(conn, identity.team_id, outcome.language)
            self._sync_kpis(conn, identity.team_id, outcome)
            saved = turns.save_position(conn, identity.team_id, self.flow.id, outcome.state, outcome.data,
                                        position.version)
        except IntegrityError as error:  # a racing turn took this answer version or the first position
            self._teams.pop(identity.team_id, None)
            raise _Retry from error
        if not saved:  # another turn (perhaps another process) saved first: reload and run again
            self._teams.pop(identity.team_id, None)
            raise _Retry
        saved_position = replace(position, state=outcome.state, data=outcome.data,
                                 version=(position.version or 0) + 1, language=outcome.language)
        self._remember(identity.team_id, saved_position, answers)
        return outcome

    def _known_team(self, conn: Connection, team_id: int) -> tuple[turns.TeamPosition, dict[tuple[str, str],
                                                                                          StoredAnswer]]:
        """The team's position and answers: remembered from its last turn here, or read.

        A remembered position may be stale (another process moved on); saving checks its version, and a
        stale one makes the turn roll back and run again on what the database holds.
        """
        known = self._teams.get(team_id)
        if known is not None:
            self._teams.move_to_end(team_id)
            position, answers = known
            # The engine changes its copy of the data; the remembered one must stay as it was saved.
            return replace(position, data=copy.deepcopy(position.data)), dict(answers)
        return turns.load_position(conn, team_id), turns.load_answers(conn, team_id)

    def _remember(self, team_id: int, position: turns.TeamPosition,
                  answers: dict[tuple[str, str], StoredAnswer]) -> None:
        # If the commit after this fails, the database keeps the older version and the next save finds out.
        self._teams[team_id] = (replace(position, data=copy.deepcopy(position.data)), dict(answers))
        self._teams.move_to_end(team_id)
        if len(self._teams) > TEAM_CACHE_SIZE:
            self._teams.popitem(last=False)

    async def _is_manager(self, conn: AsyncConnection, member_id: int) -> bool:
        async with AsyncSession(bind=conn) as session:
            return Role.PROJECT_MANAGER in await repo.roles_of(session, member_id)

    def _sync_kpis(self, conn: Connection, team_id: int, outcome: Outcome) -> None:
        kpi_writes = [w for w in outcome.writes
                      if (q := self.flow.by_id.get(w.question_id)) is not None and q.kind == "kpi"
                      and isinstance(w.value, list)]
        if kpi_writes:
            with Session(bind=conn) as session:  # joins the turn's transaction; the turn commits
                repo.sync_kpis(session, team_id, kpi_writes[-1].value)

    @staticmethod
    def _turn_of(inbound: Inbound) -> Turn:
        return Turn(text=inbound.text, choice=inbound.choice, form=inbound.form,
                    question_id=inbound.question_id, language=inbound.language,
                    question_version=inbound.question_version)

    async def identity(self, inbound: Inbound) -> Identity:
        """The inbound's team and member, created on first contact (in a transaction of their own)."""
        cached = self._cached_identity(inbound)
        if cached is not None:
            return cached
        for attempt in range(MAX_ATTEMPTS):
            try:
                async with self.database.begin() as conn:
                    identity, new_team = await self._ensure_identity(conn, inbound)
                break
            except OperationalError as error:  # SQLite's writer lock, taken by another first contact
                if not is_locked(error) or attempt == MAX_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.005 * (attempt + 1))
        self._remember_identity(inbound, identity)
        if new_team is not None:  # its first turn need not read a position and answers that cannot exist yet
            self._remember(identity.team_id, new_team, {})
        return identity

    def forget_team(self, team_id: int) -> None:
        """Drop what this process remembers of a team's row (an adapter changed it outside a turn: its name)."""
        self._teams.pop(team_id, None)

    def _cached_identity(self, inbound: Inbound) -> Identity | None:
        key = (inbound.platform, inbound.workspace, inbound.team, inbound.user)
        cached = self._identities.get(key)
        if cached is None or (inbound.user_name is not None and cached.member_name != inbound.user_name):
            return None
        self._identities.move_to_end(key)
        return cached

    async def _ensure_identity(self, conn: AsyncConnection, inbound: Inbound
                               ) -> tuple[Identity, turns.TeamPosition | None]:
        """The identity, and its team's (empty) position if the team was created just now."""
        language = inbound.language or DEFAULT_LANGUAGE
        ids = await conn.run_sync(ensure_identity, inbound.platform, inbound.workspace, inbound.team,
                                  inbound.user, inbound.user_name, language, inbound.team_name)
        if inbound.user_name and ids.member_name != inbound.user_name:
            await conn.run_sync(rename_member, ids.member_id, inbound.user_name)
        identity = Identity(ids.team_id, ids.member_id, inbound.user_name or ids.member_name)  # type: ignore[arg-type]
        name = inbound.team_name or inbound.team  # as ensure_identity named the team it created
        new_team = turns.TeamPosition(None, {}, None, language, name) if ids.new_team else None
        return identity, new_team

    def _remember_identity(self, inbound: Inbound, identity: Identity) -> None:
        self._identities[(inbound.platform, inbound.workspace, inbound.team, inbound.user)] = identity
        if len(self._identities) > IDENTITY_CACHE_SIZE:
            self._identities.popitem(last=False)

    async def _session_turn(self, inbound: Inbound, extension: tuple[CommandHandler, str] | None,
                            role_arg: str, hook: TurnHook | None) -> list[Reply]:
        """Turns outside the flow (roles, the monthly cycle): ORM session, one transaction."""
        identity = await self.identity(inbound)
        async with self.sessions() as session, session.begin():
            team = await session.get_one(Team, identity.team_id)
            member = await session.get_one(Member, identity.member_id)
            if extension is not None:
                handler, arg = extension
                replies = await handler(session, team, member, inbound, arg, team.language)
            else:
                replies = await self._change_role(session, team, member, role_arg, inbound.platform)
            if inbound.question_id is None and inbound.form is None:
                replies = [*replies, *await (await session.connection()).run_sync(
                    self._open_question, inbound, identity)]
            if hook is not None:
                await hook(await session.connection(), replies, team.language)
            return replies

    def _open_question(self, conn: Connection, inbound: Inbound, identity: Identity) -> list[Reply]:
        """The question the team is at, asked again after a command typed in the middle of it (as the flow's
        own commands do), so the next message is not taken as the answer to a question out of sight."""
        position, answers = self._known_team(conn, identity.team_id)
        if position.state in (None, START, DONE):
            return []
        view = TeamView(state=position.state, data=position.data, answers=answers, language=position.language,
                        team_name=position.name)
        context = TurnContext(today=self.clock().date(), user_name=identity.member_name)
        outcome = self.engine.handle(view, Turn(text="verder"), context)  # read only: nothing is saved
        return [r for r in outcome.replies if r.kind == ReplyKind.QUESTION]

    async def _change_role(self, session: AsyncSession, team: Team, member: Member, arg: str,
                           platform: str) -> list[Reply]:
        request = parse_role_request(arg)
        if request is None:
            return role_replies.usage(team.language)
        managers = await repo.members_with_role(session, team.id, Role.PROJECT_MANAGER)
        # The first project manager may be claimed by anyone; after that only managers hand out roles.
        if managers and member.id not in {m.id for m in managers}:
            return role_replies.not_allowed(team.language)
        if not request.mentioned and platform != "console":
            # On Slack and Teams a plain name is nobody's id: match it to someone the coach knows, or ask.
            named = await repo.members_named(session, team.id, request.user_name or "")
            if len(named) != 1:
                return role_replies.who_is(team.language, request.user_name or "")
            request = replace(request, user_id=named[0].external_id, user_name=named[0].name)
        target = await repo.get_or_create_member(session, team.id, request.user_id or member.external_id,
                                                 request.user_name)
        if request.remove:
            await repo.revoke_role(session, target.id, request.role)
        else:
            await repo.grant_role(session, target.id, request.role)
        return role_replies.changed(team.language, target.name or target.external_id, request.role, request.remove)
