"""Scheduled posts to Teams: the stored ConversationReference + the SDK's `continue_conversation`.

A post to a person goes to their personal chat. When they never opened one, the bot creates it:
Teams lets a bot installed in a team start a 1:1 conversation with a member of that team (conversation
create with the member's id and the tenant, at the team's service URL). Every message goes through
the `Sender` (Teams' rate limits, retries of 412/429/502/503/504). Outcomes are reported, never
raised, so the scheduler's sender decides.

Files go only to a personal chat (the file-consent card, `files.py`): a scheduled file for a person is
stored and offered there; one for a channel is named, with how to get it. A turn's message that carries
consent cards for someone's personal chat (`cards.to_person`) is posted by `post`, here, for turns and
the sweeper alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from microsoft_agents.activity import ChannelAccount, ConversationParameters, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AuthenticationConstants, ClaimsIdentity, TurnContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams import cards, files, references
from bot.teams.sender import Sender, SendFailed
from flows.types import Reply
from scheduler.delivery import DeliveryResult, Destination
from storage.models import utcnow

log = logging.getLogger(__name__)

CHANNEL_ID = "msteams"


class TeamsDeliverer:
    platform = "teams"

    def __init__(self, adapter: CloudAdapter, sessions: async_sessionmaker[AsyncSession], app_id: str | None,
                 sender: Sender, clock: Callable[[], datetime] = utcnow) -> None:
        self.adapter = adapter
        self.sessions = sessions
        self.app_id = app_id or ""
        self.sender = sender
        self.clock = clock

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        tenant = destination.workspace
        replies = await self._with_files(destination, replies)
        payloads = cards.replies_to_activities(replies)
        if destination.kind != "user":
            async with self.sessions() as session:
                stored = await references.find_reference(session, tenant, destination.address)
            if stored is None:
                return _unreachable(f"no Teams conversation reference for the conversation {destination.address} "
                                    f"in tenant {tenant}: the bot was never added there, or was removed")
            return await self.send(stored, payloads, tenant)
        return await self.to_person(tenant, destination.address, destination.team, payloads)

    async def _with_files(self, destination: Destination, replies: Sequence[Reply]) -> list[Reply]:
        """A scheduled file is stored and offered to a person; for a channel it is only named."""
        if not files.has_files(replies):
            return list(replies)
        tenant = destination.workspace
        async with self.sessions() as session:
            language = await references.team_language(session, tenant, destination.team) or "nl"
        if destination.kind != "user":
            return files.marked(replies, language)
        now = self.clock()
        return await references.retrying(self.sessions, lambda s: files.offer(
            s, tenant, destination.address, destination.team, replies, language, now))

    async def to_person(self, tenant: str, user: str, team: str,
                        payloads: Sequence[Mapping[str, Any]]) -> DeliveryResult:
        """Post into the person's personal chat (opened through their team when they never opened it)."""
        # A personal chat is about one of the person's teams at a time: this post's team, and its buttons say so.
        payloads = [cards.for_team(p, team) for p in payloads]
        async with self.sessions() as session:
            stored = await references.find_personal_reference(session, tenant, user)
        await references.retrying(self.sessions, lambda s: references.set_personal_team(s, tenant, user, team))
        if stored is None:
            return await self._open_personal_chat(Destination("teams", tenant, team, "user", user), payloads)
        return await self.send(stored, payloads, tenant)

    async def post(self, context: TurnContext, payload: Mapping[str, Any], tenant: str) -> str:
        """Post one message in the context's conversation (after its consent cards went to the person's personal
        chat, for a `cards.to_person` message); the id Teams gave it. Raises SendFailed."""
        spec = payload.get(cards.TO_PERSON)
        if isinstance(spec, Mapping):
            outcome = await self.to_person(tenant, str(spec["user"]), str(spec["team"]), spec["activities"])
            if not outcome.ok and not outcome.permanent:
                raise SendFailed(None, outcome.retry_after, outcome.error or "the personal chat was not reached")
            if not outcome.ok:
                log.warning("Teams: a file for %s could not go to their personal chat: %s", spec["user"],
                            outcome.error)
            payload = cards.person_pointer(payload, reached=outcome.ok)
        return await self.sender.send(context, payload, tenant)

    async def send(self, stored: Mapping[str, Any], payloads: Sequence[Mapping[str, Any]],
                   tenant: str) -> DeliveryResult:
        """Post the messages into the conversation of a stored reference."""
        return (await self.send_counted(stored, payloads, tenant))[0]

    async def send_counted(self, stored: Mapping[str, Any], payloads: Sequence[Mapping[str, Any]], tenant: str,
                           thread: str | None = None, reply_to: str | None = None) -> tuple[DeliveryResult, int]:
        """Post the messages into the conversation of a stored reference, or into one of its channel's threads
        (`thread`: the thread's conversation id), as replies to `reply_to` when given; the outcome, and how
        many of the messages Teams accepted before it."""
        reference = ConversationReference.model_validate(dict(stored))
        if thread is not None and reference.conversation is not None:
            # Teams posts into a thread what is sent to the thread's own conversation id (`;messageid=<root>`).
            reference.conversation = reference.conversation.model_copy(update={"id": thread})
        continuation = reference.get_continuation_activity()
        # Without an id, a new message in the conversation, not a reply to this made-up activity; with one, a
        # reply to the person's message, as a turn's own replies are.
        continuation.id = reply_to
        sent_ids: list[str] = []

        async def send_all(context: TurnContext) -> None:
            for payload in payloads:
                sent_ids.append(await self.post(context, payload, tenant))

        try:
            if self.app_id:
                await self.adapter.continue_conversation(self.app_id, continuation, send_all)
            else:  # local development: no app id, no outbound token
                await self.adapter.continue_conversation_with_claims(
                    ClaimsIdentity({}, False), continuation, send_all, AuthenticationConstants.AGENTS_SDK_SCOPE)
        except SendFailed as failed:
            return DeliveryResult(ok=False, error=str(failed), retry_after=failed.retry_after,
                                  permanent=failed.permanent,
                                  message_id=sent_ids[-1] if sent_ids else None), len(sent_ids)
        return DeliveryResult(ok=True, message_id=sent_ids[-1] if sent_ids else None), len(sent_ids)

    async def _open_personal_chat(self, destination: Destination,
                                  payloads: Sequence[Mapping[str, Any]]) -> DeliveryResult:
        tenant, user = destination.workspace, destination.address
        async with self.sessions() as session:
            team = await references.find_reference(session, tenant, destination.team)
            person = await references.find_person(session, tenant, user)
        if team is None or not self.app_id:
            return _unreachable(f"{user} in tenant {tenant} has no personal chat with the coach, and it cannot "
                                f"open one: the bot is not installed in their team {destination.team}")
        parameters = ConversationParameters(
            is_group=False, agent=ChannelAccount.model_validate(team["bot"]),
            members=[_account(user, person.name if person else None)],
            tenant_id=tenant, channel_data={"tenant": {"id": tenant}})
        outcome: list[DeliveryResult] = []

        async def opened(context: TurnContext) -> None:
            reference = context.activity.get_conversation_reference()
            reference.activity_id = None
            reference.user = _account(user, person.name if person else None)
            conversation_id = str(reference.conversation.id)
            stored = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
            await references.retrying(self.sessions, lambda s: references.save_reference(
                s, tenant, conversation_id, stored, conversation_type="personal", user_id=user))
            log.info("Teams: opened a personal chat with %s in tenant %s", user, tenant)
            outcome.append(await self.send(stored, payloads, tenant))

        try:
            await self.adapter.create_conversation(self.app_id, CHANNEL_ID, str(team["serviceUrl"]),
                                                   AuthenticationConstants.AGENTS_SDK_SCOPE, parameters, opened)
        except Exception as exc:  # the connector refused (403: not a member, bot blocked) or was unreachable
            status = getattr(exc, "status", None)
            return DeliveryResult(ok=False, error=f"Teams refused to open a personal chat with {user}: {exc}",
                                  permanent=status in (400, 403, 404))
        return outcome[0] if outcome else DeliveryResult(ok=False, error="the personal chat was not opened")


def _account(user: str, name: str | None) -> ChannelAccount:
    # The SDK's model refuses a name of None: someone who never wrote to the coach has no name stored yet.
    return ChannelAccount(id=user, name=name) if name else ChannelAccount(id=user)


def _unreachable(why: str) -> DeliveryResult:
    return DeliveryResult(ok=False, permanent=True, error=why)
