"""Repository functions of the Teams tables: conversation references, handled activities and their replies,
people, which team a personal chat is about, and what waits there for the person to choose one.

Like `storage.repo`, the caller owns the transaction (`retrying` runs one of its own, again when
SQLite was locked). Every lookup takes the tenant id first, so one tenant's conversations are never
found from another tenant's request or destination.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Member, Team, Workspace, as_utc, utcnow
from storage.sqlite_inline import is_locked
from storage.teams_models import (
    TeamsConversationReference,
    TeamsPerson,
    TeamsPersonalChat,
    TeamsProcessedActivity,
    TeamsWaitingInput,
)

T = TypeVar("T")
log = logging.getLogger(__name__)
REPLY_LEASE = timedelta(seconds=60)  # who claimed a row's replies sends them within this, or another may


async def retrying(sessions: async_sessionmaker[AsyncSession], work: Callable[[AsyncSession], Awaitable[T]],
                   attempts: int = 8) -> T:
    """Run `work` in a transaction of its own, again when SQLite was locked by another writer."""
    for attempt in range(attempts):
        try:
            async with sessions.begin() as session:
                return await work(session)
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts - 1:
                raise
        await asyncio.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def _insert(session: AsyncSession, table: Any) -> Any:
    # ON CONFLICT needs the dialect's own insert; both backends we run on have it.
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def save_reference(session: AsyncSession, tenant_id: str, conversation_id: str, reference: Mapping[str, Any],
                         conversation_type: str | None = None, user_id: str | None = None) -> None:
    """Insert or refresh the reference of one conversation (the newest serviceUrl wins)."""
    values = {
        "tenant_id": tenant_id, "conversation_id": conversation_id, "conversation_type": conversation_type,
        "user_id": user_id if conversation_type == "personal" else None,
        "service_url": str(reference.get("serviceUrl") or ""), "reference": dict(reference), "updated_at": utcnow(),
    }
    statement = _insert(session, TeamsConversationReference).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "conversation_id"],
        set_={k: statement.excluded[k] for k in ("conversation_type", "user_id", "service_url", "reference",
                                                  "updated_at")},
    )
    await session.execute(statement)


async def delete_reference(session: AsyncSession, tenant_id: str, conversation_id: str) -> None:
    await session.execute(
        delete(TeamsConversationReference).where(TeamsConversationReference.tenant_id == tenant_id,
                                                 TeamsConversationReference.conversation_id == conversation_id)
    )


async def find_reference(session: AsyncSession, tenant_id: str, conversation_id: str) -> dict[str, Any] | None:
    row = await session.scalar(
        select(TeamsConversationReference.reference)
        .where(TeamsConversationReference.tenant_id == tenant_id,
               TeamsConversationReference.conversation_id == conversation_id)
    )
    return dict(row) if row is not None else None


async def find_personal_reference(session: AsyncSession, tenant_id: str, user_id: str) -> dict[str, Any] | None:
    """The personal chat of one person with the bot, for direct posts (none until they have talked to it)."""
    row = await session.scalar(
        select(TeamsConversationReference.reference)
        .where(TeamsConversationReference.tenant_id == tenant_id, TeamsConversationReference.user_id == user_id,
               TeamsConversationReference.conversation_type == "personal")
        .order_by(TeamsConversationReference.updated_at.desc()).limit(1)
    )
    return dict(row) if row is not None else None


async def claim_activity(session: AsyncSession, tenant_id: str, activity_id: str, conversation_id: str,
                         replies: Sequence[Mapping[str, Any]] = (), now: datetime | None = None) -> int | None:
    """Record that this activity was handled (inside the turn's transaction), with the replies it still owes
    (leased to the caller, who sends them now); the row's id, or None if the activity was handled before.

    `conversation_id` is the conversation the activity came in: for a channel thread, the thread's own id
    (`<channel>;messageid=<root post>`), so replies sent later go into that thread."""
    now = now or utcnow()
    owed = bool(replies)
    statement = (
        _insert(session, TeamsProcessedActivity)
        .values(tenant_id=tenant_id, activity_id=activity_id, conversation_id=conversation_id,
                status="replying" if owed else "done", received_at=now, replies=list(replies) if owed else None,
                sent=0, attempts=0, retry_at=now + REPLY_LEASE if owed else None)
        .on_conflict_do_nothing(index_elements=["tenant_id", "activity_id"])
        .returning(TeamsProcessedActivity.id)  # rowcount is not reliable for ON CONFLICT on every driver
    )
    return (await session.execute(statement)).scalar()


@dataclass(frozen=True)
class OwedReplies:
    row_id: int
    tenant_id: str
    activity_id: str
    conversation_id: str  # where the activity came in: a channel thread's id, or the conversation's
    replies: list[dict[str, Any]]
    sent: int
    attempts: int


async def claim_owed_replies(session: AsyncSession, tenant_id: str, activity_id: str,
                             now: datetime | None = None) -> OwedReplies | None:
    """The replies a redelivered activity still owes, leased to the caller; None when nothing is owed or
    someone else (the first delivery, the sweeper) holds the lease."""
    row = await session.scalar(select(TeamsProcessedActivity).where(
        TeamsProcessedActivity.tenant_id == tenant_id, TeamsProcessedActivity.activity_id == activity_id))
    if row is None:
        return None
    return await _lease(session, row, now or utcnow())


async def claim_stale_replies(session: AsyncSession, now: datetime, limit: int = 20) -> list[OwedReplies]:
    """Rows still `replying` whose lease has run out (their sender failed or died), leased to the caller."""
    rows = await session.scalars(
        select(TeamsProcessedActivity)
        .where(TeamsProcessedActivity.status == "replying", TeamsProcessedActivity.retry_at <= now)
        .order_by(TeamsProcessedActivity.retry_at).limit(limit).with_for_update(skip_locked=True))
    owed = []
    for row in list(rows):
        leased = await _lease(session, row, now)
        if leased is not None:
            owed.append(leased)
    return owed


async def _lease(session: AsyncSession, row: TeamsProcessedActivity, now: datetime) -> OwedReplies | None:
    result = await session.execute(
        update(TeamsProcessedActivity)
        .where(TeamsProcessedActivity.id == row.id, TeamsProcessedActivity.status == "replying",
               or_(TeamsProcessedActivity.retry_at.is_(None), TeamsProcessedActivity.retry_at <= now))
        .values(retry_at=now + REPLY_LEASE)
        .returning(TeamsProcessedActivity.id)
        .execution_options(synchronize_session=False))  # SQLite returns naive times: no comparing in Python
    if result.scalar() is None:
        return None
    return OwedReplies(row.id, row.tenant_id, row.activity_id, row.conversation_id, list(row.replies or []),
                       row.sent, row.attempts)


async def replies_delivered(session: AsyncSession, row_ids: Sequence[int]) -> None:
    await session.execute(update(TeamsProcessedActivity).where(TeamsProcessedActivity.id.in_(list(row_ids)))
                          .values(status="done", replies=None, retry_at=None)
                          .execution_options(synchronize_session=False))


class DeliveredMarks:
    """Marks claim rows delivered, many in one write a moment later: a second write transaction per turn would
    double the turns' waits for SQLite's write lock. Until a row is marked, its lease keeps the sweeper (and a
    redelivery) from sending its replies again; a mark that finds the database busy waits for the next flush
    (or the sweeper's) rather than failing a turn whose replies already reached Teams."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], delay: float = 0.2) -> None:
        self.sessions = sessions
        self.delay = delay
        self.pending: set[int] = set()
        self._flushing: asyncio.Task[None] | None = None

    def mark(self, row_id: int) -> None:
        self.pending.add(row_id)
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush_soon(), name="teams-delivered-marks")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self.delay)
        await self.flush()

    async def flush(self) -> None:
        if not self.pending:
            return
        ids = sorted(self.pending)
        try:
            await retrying(self.sessions, lambda s: replies_delivered(s, ids))
        except OperationalError as error:
            log.info("Teams: %d delivered replies not marked yet (%s); kept for the next write", len(ids), error)
            return
        self.pending.difference_update(ids)

    async def close(self) -> None:
        """Write what is pending (the server is stopping)."""
        if self._flushing is not None and not self._flushing.done():
            self._flushing.cancel()
        await self.flush()


async def replies_failed(session: AsyncSession, row_id: int, sent: int, retry_at: datetime | None,
                         give_up: bool = False) -> None:
    """Some replies did not reach Teams: remember how many did, and when to try the rest again."""
    await session.execute(
        update(TeamsProcessedActivity).where(TeamsProcessedActivity.id == row_id)
        .values(sent=sent, attempts=TeamsProcessedActivity.attempts + 1, retry_at=retry_at,
                status="failed" if give_up else "replying"))


async def save_person(session: AsyncSession, tenant_id: str, user_id: str, aad_object_id: str | None,
                      name: str | None) -> None:
    """The person's Teams user id with their Entra object id and display name (newest wins, none forgotten)."""
    statement = _insert(session, TeamsPerson).values(tenant_id=tenant_id, user_id=user_id,
                                                     aad_object_id=aad_object_id, name=name, updated_at=utcnow())
    keep = {"updated_at": statement.excluded.updated_at}
    if aad_object_id:
        keep["aad_object_id"] = statement.excluded.aad_object_id
    if name:
        keep["name"] = statement.excluded.name
    await session.execute(statement.on_conflict_do_update(index_elements=["tenant_id", "user_id"], set_=keep))


async def find_person(session: AsyncSession, tenant_id: str, user_id: str) -> TeamsPerson | None:
    return await session.scalar(select(TeamsPerson).where(TeamsPerson.tenant_id == tenant_id,
                                                          TeamsPerson.user_id == user_id))


async def set_personal_team(session: AsyncSession, tenant_id: str, user_id: str, team_conversation_id: str) -> None:
    statement = _insert(session, TeamsPersonalChat).values(tenant_id=tenant_id, user_id=user_id,
                                                           team_conversation_id=team_conversation_id,
                                                           updated_at=utcnow())
    await session.execute(statement.on_conflict_do_update(
        index_elements=["tenant_id", "user_id"],
        set_={"team_conversation_id": statement.excluded.team_conversation_id,
              "updated_at": statement.excluded.updated_at}))


async def personal_team(session: AsyncSession, tenant_id: str, user_id: str) -> str | None:
    return await session.scalar(select(TeamsPersonalChat.team_conversation_id).where(
        TeamsPersonalChat.tenant_id == tenant_id, TeamsPersonalChat.user_id == user_id))


async def keep_waiting(session: AsyncSession, tenant_id: str, user_id: str, inbound: Mapping[str, Any],
                       now: datetime) -> None:
    """What the person did before being asked which team it is for (a newer one replaces it)."""
    statement = _insert(session, TeamsWaitingInput).values(tenant_id=tenant_id, user_id=user_id,
                                                           inbound=dict(inbound), created_at=now)
    await session.execute(statement.on_conflict_do_update(
        index_elements=["tenant_id", "user_id"],
        set_={"inbound": statement.excluded.inbound, "created_at": statement.excluded.created_at}))


async def find_waiting(session: AsyncSession, tenant_id: str, user_id: str
                       ) -> tuple[int, dict[str, Any], datetime] | None:
    """(row id, what waits, when it was kept) for this person."""
    row = (await session.execute(
        select(TeamsWaitingInput.id, TeamsWaitingInput.inbound, TeamsWaitingInput.created_at)
        .where(TeamsWaitingInput.tenant_id == tenant_id, TeamsWaitingInput.user_id == user_id))).first()
    return (row.id, dict(row.inbound), as_utc(row.created_at)) if row is not None else None


async def take_waiting(session: AsyncSession, row_id: int) -> bool:
    """Remove what waited, in the transaction that handles it; False when another turn took it first."""
    result = await session.execute(delete(TeamsWaitingInput).where(TeamsWaitingInput.id == row_id)
                                   .returning(TeamsWaitingInput.id))
    return result.scalar() is not None


async def teams_of_person(session: AsyncSession, tenant_id: str, user_id: str) -> list[tuple[str, str]]:
    """(team key, name) of the channels and group chats this person is a member of, in this tenant."""
    rows = await session.execute(
        select(Team.external_id, Team.name)
        .join(Member, Member.team_id == Team.id)
        .join(Workspace, Workspace.id == Team.workspace_id)
        .join(TeamsConversationReference, (TeamsConversationReference.tenant_id == Workspace.external_id)
              & (TeamsConversationReference.conversation_id == Team.external_id))
        .where(Workspace.platform == "teams", Workspace.external_id == tenant_id, Member.external_id == user_id,
               TeamsConversationReference.conversation_type != "personal")
        .order_by(Team.name, Team.external_id))
    return [(key, name or key) for key, name in rows.all()]


async def team_display_name(session: AsyncSession, tenant_id: str, team_key: str) -> str | None:
    return await session.scalar(
        select(Team.name).join(Workspace, Workspace.id == Team.workspace_id)
        .where(Workspace.platform == "teams", Workspace.external_id == tenant_id, Team.external_id == team_key))


async def team_language(session: AsyncSession, tenant_id: str, team_key: str) -> str | None:
    return await session.scalar(
        select(Team.language).join(Workspace, Workspace.id == Team.workspace_id)
        .where(Workspace.platform == "teams", Workspace.external_id == tenant_id, Team.external_id == team_key))


async def rename_team(session: AsyncSession, tenant_id: str, team_key: str, name: str) -> int | None:
    """Give the coached team its Teams name; the team's id when the name changed.

    Most messages (and a team's rename) name only the team, not the channel: "Marketing" does not replace
    "Marketing › Campagnes", and "Sales" after a rename makes it "Sales › Campagnes".
    """
    row = (await session.execute(
        select(Team.id, Team.name).join(Workspace, Workspace.id == Team.workspace_id)
        .where(Workspace.platform == "teams", Workspace.external_id == tenant_id, Team.external_id == team_key)
    )).first()
    if row is None:
        return None
    current = row.name or ""
    if " › " not in name and " › " in current:  # the team's name alone: the channel keeps its part
        name = f"{name} › {current.split(' › ', 1)[1]}"
    if current == name:
        return None
    await session.execute(update(Team).where(Team.id == row.id).values(name=name))
    return row.id
