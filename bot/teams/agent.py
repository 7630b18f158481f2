"""The Teams agent: one activity in → one coach turn, its replies kept until Teams has them, then sent.

The SDK calls `on_turn` once per authenticated activity. The turn's bookkeeping (the conversation
reference, the person, the activity's claim with the replies it owes) is written inside the coach
service's own transaction, so it commits with the answers and is retried with them when SQLite is
busy. Replies are sent after the commit; until all of them reached Teams the claim keeps them, so a
redelivery (or the reply sweeper, after a crash) sends the rest instead of dropping them.
It only translates (`translate.py` in, `cards.py` out); what to say is the coach service's business.
A turn's files are stored in its transaction too (`files.offer`), and offered by file-consent card in the
person's personal chat; the card's answer (`fileConsent/invoke`) is `files.FileConsent`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.teams import cards, files, personal, references, translate, unused
from bot.teams.sender import Sender, SendFailed
from flows.types import Inbound, Reply, ReplyKind
from storage import repo
from storage.models import utcnow

if TYPE_CHECKING:
    from bot.teams.delivery import TeamsDeliverer

log = logging.getLogger(__name__)

_SORRY = "⚠️ Er ging iets mis; probeer het zo nog eens. / Something went wrong; please try again in a moment."
_CARD_ACTION = "adaptiveCard/action"
_CHANNEL_WELCOME = {
    "nl": "In een kanaal spreek je mij aan met een vermelding: typ **@{bot} start** om te beginnen, en zet "
          "**@{bot}** voor elk antwoord.",
    "en": "In a channel, mention me: type **@{bot} start** to begin, and put **@{bot}** before every answer.",
}


class RepliesOwed(Exception):
    """The turn's answer is saved but its replies did not all reach Teams; they are kept and sent later."""

    def __init__(self, failure: SendFailed) -> None:
        super().__init__(str(failure))
        self.retry_after = failure.retry_after


class TeamsCoach:
    """The SDK's `Agent`."""

    def __init__(self, service: Any, sessions: async_sessionmaker[AsyncSession], settings: Settings,
                 sender: Sender, delivered: references.DeliveredMarks, deliverer: TeamsDeliverer,
                 file_consent: files.FileConsent) -> None:
        self.service = service  # bot.service.CoachService (its `handle` runs one turn in one transaction)
        self.sessions = sessions
        self.settings = settings
        self.sender = sender
        self.delivered = delivered
        self.deliverer = deliverer  # posts a turn's messages, and its files to the person's personal chat
        self.file_consent = file_consent
        self._names: dict[tuple[str, str], str] = {}  # team names already given, this process
        # References and people this process saved as they are now: a turn writes them only when they changed,
        # which keeps each turn's hold on SQLite's write lock short. (Bounded: cleared when it grows large.)
        self._known: dict[tuple[str, ...], Any] = {}

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity.model_dump(mode="json", by_alias=True, exclude_unset=True)
        tenant = self._tenant(activity)
        if tenant is None:
            return
        kind = activity.get("type")
        if kind in ("conversationUpdate", "installationUpdate"):
            await self._membership(context, activity, tenant)
        elif kind == "message":
            await self._coach(context, activity, tenant)
        elif kind == "invoke" and activity.get("name") == _CARD_ACTION:
            await self._coach(context, activity, tenant)
            # Action.Execute expects an answer to the invoke itself; the replies went out as messages.
            body = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": ""}
            await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                 value=InvokeResponse(status=200, body=body)))
        elif kind == "invoke" and activity.get("name") == files.CONSENT_INVOKE:
            await self.file_consent.answer(context, activity, tenant)
            # Teams waits for 200 to the card's answer; what went wrong was said in the chat.
            await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200)))

    def _tenant(self, activity: Mapping[str, Any]) -> str | None:
        """The tenant this activity belongs to, or None when it must not be handled at all."""
        if translate.tenants_disagree(activity):
            log.warning("ignored a Teams activity naming two tenants (%s)", activity.get("id"))
            return None
        tenant = translate.tenant_of(activity)
        if tenant is None:
            # Teams always names the tenant; only unsigned local development (the Emulator) may lack it.
            return None if self.settings.microsoft_app_id else translate.LOCAL_TENANT
        only = self.settings.microsoft_app_tenant_id
        if only and self.settings.microsoft_app_type.lower() == "singletenant" and tenant != only:
            log.warning("ignored a Teams activity from tenant %s; this app is single-tenant for %s", tenant, only)
            return None
        if (activity.get("from") or {}).get("role") == "bot":
            return None  # other bots' messages (and our own echoes) are not coaching input
        return tenant

    async def _membership(self, context: TurnContext, activity: Mapping[str, Any], tenant: str) -> None:
        key = translate.team_key(activity)
        if translate.bot_removed(activity):
            await references.retrying(self.sessions, lambda s: references.delete_reference(s, tenant, key))
            self._known.pop(("reference", tenant, key), None)
            log.info("Teams: removed from %s/%s; its conversation reference is deleted", tenant, key)
            return
        if not translate.bot_added(activity):
            await self._renamed(activity, tenant)  # teamRenamed, channelRenamed: the new name, nothing else
            return
        reference = reference_of(context, activity, tenant)

        async def save(session: AsyncSession) -> None:
            await references.save_reference(session, tenant, key, reference,
                                            conversation_type=translate.conversation_type(activity),
                                            user_id=translate.user_of(activity)[0])

        await references.retrying(self.sessions, save)
        user, user_name = translate.user_of(activity)
        welcome = Inbound(platform=translate.PLATFORM, workspace=tenant, team=key, user=user,
                          user_name=user_name, text="help")
        await self._name_team(welcome, activity)
        replies = await self.service.handle(welcome)
        if translate.conversation_type(activity) == "channel":
            replies = [*replies, channel_welcome(activity, replies)]
        await self._send_now(context, tenant, cards.replies_to_activities(replies))

    async def _coach(self, context: TurnContext, activity: Mapping[str, Any], tenant: str) -> None:
        inbound = translate.to_inbound(activity)
        inbound = inbound and replace(inbound, workspace=tenant)
        reference = reference_of(context, activity, tenant)
        if len(self._known) > 50_000:
            self._known.clear()
        bookkeeping = _Bookkeeping(tenant, activity, reference, self.service.clock, self._known)
        if inbound is not None and translate.is_personal(activity):
            routed = await personal.route(self.sessions, tenant, inbound, translate.team_key(activity),
                                          translate.button_team(activity))
            if isinstance(routed, list):  # the person was asked which team, or told which one it is now
                await references.retrying(self.sessions, lambda s, i=inbound, r=routed: self._save_asked(
                    s, bookkeeping, i, r))
                await self._send_now(context, tenant, cards.replies_to_activities(routed))
                routed = await self._after_choice(context, bookkeeping, inbound, routed, translate.team_key(activity))
                if routed is None:
                    return
            inbound = routed
        if inbound is None:
            await references.retrying(self.sessions, bookkeeping.save_outside_a_turn)
            await self._tell_unused(context, activity, tenant)
            return
        await self._name_team(inbound, activity)
        bookkeeping.team = inbound.team
        try:
            await self.service.handle(inbound, in_transaction=bookkeeping.in_turn)
        except _WaitingTaken:
            log.info("Teams: what %s typed before choosing a team was handled by an earlier click", inbound.user)
            return
        except _AlreadyHandled:
            log.info("Teams: activity %s was delivered again; handled once already", activity.get("id"))
            await self._send_owed(context, tenant, str(activity.get("id") or ""))
            return
        except Exception:
            await self._apologise(context)
            raise
        self._known.update(bookkeeping.written)  # committed with the turn
        await self._send_claimed(context, tenant, bookkeeping.row_id, bookkeeping.payloads, start=0)
        await self._tell_unused(context, activity, tenant)

    async def _tell_unused(self, context: TurnContext, activity: Mapping[str, Any], tenant: str) -> None:
        """Files beside an answer, or a button the coach cannot read: said, never silently dropped."""
        if not unused.anything_unused(activity):  # the common case, without a query
            return
        async with self.sessions() as session:
            language = await repo.team_language(session, translate.PLATFORM, tenant, translate.team_key(activity))
        text = unused.what_was_not_used(activity, language)
        try:
            await self._send_now(context, tenant, cards.replies_to_activities([Reply(ReplyKind.PROBLEM, text)]))
        except SendFailed as failure:  # a courtesy: the turn itself is done and delivered
            log.warning("Teams: could not say what was not used (%s)", failure)

    async def _save_asked(self, session: AsyncSession, bookkeeping: _Bookkeeping, inbound: Inbound,
                          said: list[Reply]) -> None:
        """The reference and person; when the person is asked which team, what they did waits for their pick."""
        await bookkeeping.save_outside_a_turn(session)
        if personal.asks_for_team(said):
            await references.keep_waiting(session, bookkeeping.tenant, inbound.user, personal.waiting_of(inbound),
                                          self.service.clock())

    async def _after_choice(self, context: TurnContext, bookkeeping: _Bookkeeping, inbound: Inbound,
                            said: Sequence[Reply], chat_key: str) -> Inbound | None:
        """What the person did before they were asked which team, now for the team they chose (or None).

        It is taken from the database in the turn's own transaction (`_Bookkeeping.waiting_id`): a crash before
        that commits leaves it waiting, and a second click on the card finds it gone."""
        if inbound.question_id != personal.CHOOSE_TEAM or not said or said[0].kind != ReplyKind.CONFIRM:
            return None
        tenant = bookkeeping.tenant
        async with self.sessions() as session:
            found = await references.find_waiting(session, tenant, inbound.user)
        if found is None:  # nothing (left) to handle; a redelivered click may still owe its turn's replies
            await self._send_owed(context, tenant, str(inbound.event_id or ""))
            return None
        row_id, kept, kept_at = found
        if kept_at < self.service.clock() - personal.WAITS_FOR:
            # Too old to enter unasked (last month's value, say): dropped, and the person is told so.
            await references.retrying(self.sessions, lambda s: references.take_waiting(s, row_id))
            await self._send_now(context, tenant, cards.replies_to_activities(
                personal.too_old(kept, inbound.language or "nl")))
            return None
        routed = await personal.route(self.sessions, tenant, personal.from_waiting(kept, inbound), chat_key)
        if isinstance(routed, list):
            return None
        bookkeeping.waiting_id = row_id
        return routed

    async def _name_team(self, inbound: Inbound, activity: Mapping[str, Any]) -> None:
        """Teams' name for the team, once it is known (install events and some messages carry it)."""
        name = translate.team_name(activity)
        if not name or inbound.team != translate.team_key(activity):
            return
        key = (inbound.workspace, inbound.team)
        if self._names.get(key) == name:
            return
        identity = await self.service.identity(inbound)  # creates the team on first contact
        renamed = await references.retrying(
            self.sessions, lambda s: references.rename_team(s, inbound.workspace, inbound.team, name[:200]))
        if renamed is not None:
            self.service.forget_team(identity.team_id)  # its remembered position still has the old name
        self._names[key] = name

    async def _renamed(self, activity: Mapping[str, Any], tenant: str) -> None:
        name = translate.team_name(activity)
        key = translate.team_key(activity)
        channel = translate.channel_name(activity)
        if not name and channel:  # channelRenamed may name the channel alone: keep the team's part
            async with self.sessions() as session:
                current = await references.team_display_name(session, tenant, key)
            name = f"{current.split(' › ', 1)[0]} › {channel}" if current else None
        if not name:
            return
        team_id = await references.retrying(self.sessions,
                                            lambda s: references.rename_team(s, tenant, key, name[:200]))
        if team_id is not None:
            self.service.forget_team(team_id)
            self._names[(tenant, key)] = name

    async def _send_claimed(self, context: TurnContext, tenant: str, row_id: int | None,
                            payloads: Sequence[Mapping[str, Any]] | None, start: int) -> None:
        """Send the replies from `start` on; the claim row (if any) is marked delivered, or keeps the rest."""
        payloads = payloads or []
        if start >= len(payloads):
            return
        sent = start
        try:
            for payload in payloads[start:]:
                await self.deliverer.post(context, payload, tenant)
                sent += 1
        except SendFailed as failure:
            if row_id is None:  # an activity without an id cannot be claimed: nothing to keep the replies in
                raise
            give_up = failure.permanent
            log.warning("Teams: %d of %d replies to activity row %d not delivered (%s); %s", len(payloads) - sent,
                        len(payloads), row_id, failure, "giving up" if give_up else "kept to send again")
            await references.retrying(self.sessions, lambda s: references.replies_failed(
                s, row_id, sent, None if give_up else utcnow(), give_up))
            if not give_up:
                raise RepliesOwed(failure) from failure
            return
        if row_id is not None:
            self.delivered.mark(row_id)

    async def _send_owed(self, context: TurnContext, tenant: str, activity_id: str) -> None:
        owed = await references.retrying(self.sessions,
                                         lambda s: references.claim_owed_replies(s, tenant, activity_id))
        if owed is not None:
            log.info("Teams: sending the %d replies activity %s still owed", len(owed.replies) - owed.sent,
                     activity_id)
            await self._send_claimed(context, tenant, owed.row_id, owed.replies, owed.sent)

    async def _send_now(self, context: TurnContext, tenant: str, payloads: Sequence[Mapping[str, Any]]) -> None:
        for payload in payloads:
            await self.deliverer.post(context, payload, tenant)

    @staticmethod
    async def _apologise(context: TurnContext) -> None:
        try:
            await context.send_activity(_SORRY)
        except Exception:  # the turn already failed; the apology is best effort
            log.exception("Teams: could not send the apology either")


def reference_of(context: TurnContext, activity: Mapping[str, Any], tenant: str) -> dict[str, Any]:
    """The conversation reference to post to later: the conversation itself, not the thread or message."""
    reference = context.activity.get_conversation_reference()
    reference.activity_id = None
    if reference.conversation is not None:
        reference.conversation.id = translate.team_key(activity)
        reference.conversation.tenant_id = tenant
    return reference.model_dump(mode="json", by_alias=True, exclude_none=True)


def channel_welcome(activity: Mapping[str, Any], replies: Sequence[Reply]) -> Reply:
    bot = str((activity.get("recipient") or {}).get("name") or "Coach")
    language = "en" if str(activity.get("locale") or "").lower().startswith("en") else "nl"
    return Reply(ReplyKind.HELP, _CHANNEL_WELCOME[language].format(bot=bot))


class _AlreadyHandled(Exception):
    """The activity id was recorded by an earlier delivery; this turn is rolled back."""


class _WaitingTaken(_AlreadyHandled):
    """What waited for the person's choice of team was handled by another click; this turn is rolled back."""


@dataclass
class _Bookkeeping:
    """What one activity writes beside the coach's own rows: reference, person, claim and owed replies."""

    tenant: str
    activity: Mapping[str, Any]
    reference: dict[str, Any]
    clock: Callable[[], datetime]
    known: Mapping[tuple[str, ...], Any] = field(default_factory=dict)
    team: str = ""  # the coached team the turn is for (a personal chat's is one of the person's teams)
    row_id: int | None = None
    waiting_id: int | None = None  # what the person typed before choosing a team: removed with this turn
    payloads: list[dict[str, Any]] | None = None
    written: dict[tuple[str, ...], Any] = field(default_factory=dict)

    async def save_outside_a_turn(self, session: AsyncSession) -> None:
        await self._save(session, everything=True)

    async def in_turn(self, conn: AsyncConnection, replies: list[Reply], language: str) -> None:
        """Inside the turn's transaction: a crash before its commit leaves no trace, so a redelivery is handled
        as new; a redelivery of a committed turn finds the claim and is rolled back."""
        # Not `async with`: its exit closes the session in a task of its own, which lets other turns run while
        # this one still holds SQLite's write lock (they then find the database locked, again and again).
        session = AsyncSession(bind=conn)
        try:
            await self._save(session)
            if self.waiting_id is not None and not await references.take_waiting(session, self.waiting_id):
                raise _WaitingTaken
            activity_id = str(self.activity.get("id") or "")
            self.payloads = await self._messages(session, replies, language)
            if not activity_id:
                return
            # The conversation as it came, a channel thread's included: what is owed later goes into that thread.
            self.row_id = await references.claim_activity(session, self.tenant, activity_id,
                                                          translate.conversation_id_of(self.activity), self.payloads)
            if self.row_id is None:
                raise _AlreadyHandled
        finally:
            await session.close()

    async def _messages(self, session: AsyncSession, replies: list[Reply], language: str) -> list[dict[str, Any]]:
        """The turn's messages; its files are stored for the person who asked, and offered in their personal
        chat (from a channel or group chat: a pointer there, the cards in the personal chat)."""
        if not files.has_files(replies):
            return cards.replies_to_activities(replies)
        user = translate.user_of(self.activity)[0]
        team = self.team or translate.team_key(self.activity)
        offered = await files.offer(session, self.tenant, user, team, replies, language, self.clock())
        payloads = cards.replies_to_activities(offered)
        if translate.is_personal(self.activity):
            return payloads
        return cards.to_person(payloads, user, team, language, files.first_again(replies, language),
                               files.is_document(replies))

    async def _save(self, session: AsyncSession, everything: bool = False) -> None:
        self.written = {}
        key = translate.team_key(self.activity)
        user, aad_object_id, name = translate.person_of(self.activity)
        reference_key = ("reference", self.tenant, key)
        if everything or self.known.get(reference_key) != self.reference:
            await references.save_reference(session, self.tenant, key, self.reference,
                                            conversation_type=translate.conversation_type(self.activity),
                                            user_id=user)
            self.written[reference_key] = self.reference
        person_key = ("person", self.tenant, user)
        if user and (everything or self.known.get(person_key) != (aad_object_id, name)):
            await references.save_person(session, self.tenant, user, aad_object_id, name)
            self.written[person_key] = (aad_object_id, name)
