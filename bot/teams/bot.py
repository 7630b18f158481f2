"""The Teams bot: one activity in → conversation reference saved, duplicate skipped, one coach turn, replies out.

It only translates (`translate.py` in, `cards.py` out); what to say is the coach service's business.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.service import TurnHook
from bot.teams import cards, references, translate
from flows.types import Inbound, Reply

log = logging.getLogger(__name__)

_SORRY = "⚠️ Er ging iets mis; probeer het zo nog eens. / Something went wrong; please try again in a moment."
_CARD_ACTION = "adaptiveCard/action"


class TeamsCoachBot(Bot):
    """botbuilder's `Bot`: `on_turn` is called once per authenticated activity."""

    def __init__(self, service: Any, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.service = service  # bot.service.CoachService (its `handle` runs one turn in one transaction)
        self.sessions = sessions
        self.settings = settings

    async def on_turn(self, context: TurnContext) -> None:
        activity = as_json(context.activity)
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
            # (botbuilder's model types `value` as an object, so the optional message text is left out.)
            body = AdaptiveCardInvokeResponse(status_code=200, type="application/vnd.microsoft.activity.message")
            await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                 value=InvokeResponse(status=200, body=body)))

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
            async with self.sessions.begin() as session:
                await references.delete_reference(session, tenant, key)
            log.info("Teams: removed from %s/%s; its conversation reference is deleted", tenant, key)
            return
        if translate.bot_added(activity):
            async with self.sessions.begin() as session:
                await self._save_reference(session, context, activity, tenant)
            user, user_name = translate.user_of(activity)
            welcome = Inbound(platform=translate.PLATFORM, workspace=tenant, team=key, user=user,
                              user_name=user_name, text="help")
            await self._send(context, await self.service.handle(welcome))

    async def _coach(self, context: TurnContext, activity: Mapping[str, Any], tenant: str) -> None:
        inbound = translate.to_inbound(activity)
        inbound = inbound and _with_tenant(inbound, tenant)
        async with self.sessions.begin() as session:
            await self._save_reference(session, context, activity, tenant)
        if inbound is None:
            return
        activity_id = str(activity.get("id") or "")
        try:
            replies = await self.service.handle(inbound, in_transaction=_claim(tenant, activity_id, inbound.team))
        except _AlreadyHandled:
            log.info("Teams: activity %s was delivered again; handled once already", activity_id)
            return
        except Exception:
            await self._apologise(context)
            raise
        await self._send(context, replies)

    async def _save_reference(self, session: AsyncSession, context: TurnContext, activity: Mapping[str, Any],
                              tenant: str) -> None:
        reference = TurnContext.get_conversation_reference(context.activity)
        # Scheduled posts start a new message in the channel: drop the thread suffix and the message replied to.
        reference.activity_id = None
        key = translate.team_key(activity)
        if reference.conversation is not None:
            reference.conversation.id = key
            reference.conversation.tenant_id = tenant
        user, _name = translate.user_of(activity)
        await references.save_reference(session, tenant, key, reference.serialize(),
                                        conversation_type=translate.conversation_type(activity), user_id=user)

    @staticmethod
    async def _send(context: TurnContext, replies: list[Reply]) -> None:
        if replies:
            await context.send_activities([Activity().deserialize(a) for a in cards.replies_to_activities(replies)])

    @staticmethod
    async def _apologise(context: TurnContext) -> None:
        try:
            await context.send_activity(_SORRY)
        except Exception:  # the turn already failed; the apology is best effort
            log.exception("Teams: could not send the apology either")


def as_json(activity: Activity) -> dict[str, Any]:
    """The activity as the JSON Teams sent, for the pure functions in `translate.py`.

    botbuilder's schema names the conversation's tenant `tenantID`, Teams sends `tenantId`: msrest
    parks it in `additional_properties` and `serialize()` drops it. Put it back where Teams had it.
    """
    data = activity.serialize()
    conversation = activity.conversation
    if conversation is not None:
        tenant = (conversation.additional_properties or {}).get("tenantId") or conversation.tenant_id
        if tenant:
            data.setdefault("conversation", {})["tenantId"] = tenant
    return data


def _with_tenant(inbound: Inbound, tenant: str) -> Inbound:
    # The tenant is the one checked above (and, when signed, vouched for by the token's serviceUrl).
    return replace(inbound, workspace=tenant)


class _AlreadyHandled(Exception):
    """The activity id was recorded by an earlier delivery; this turn is rolled back."""


def _claim(tenant: str, activity_id: str, team: str) -> TurnHook:
    """Record the activity in the turn's own transaction: a crash before the commit leaves no trace, so a
    redelivery is handled; a redelivery of a committed turn finds the record and is rolled back."""

    async def claim(conn: AsyncConnection, _replies: list[Reply], _language: str) -> None:
        if not activity_id:
            return
        async with AsyncSession(bind=conn) as session:
            if not await references.claim_activity(session, tenant, activity_id, team):
                raise _AlreadyHandled

    return claim
