"""The coach as a slack-bolt AsyncApp: verify, write the inbox row, ack, then run the turn and post.

Order per request: signature and timestamp (slack_sdk's verifier on the app clock, in the HTTP handler, before
the body is parsed: `verification.RequestCheck`), then bolt's middleware: SSL check, authorization, self-event
filter, URL verification, then `_record_before_ack`,
which writes every answer to the database *before* bolt answers 200 (one INSERT). Listeners ack at
once; the turn (which marks the inbox row processed in its own transaction), the Web API calls and
the bookkeeping run after the ack.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.context import AppContext
from bot.cooperative import requests_first
from bot.slack import home, pointers, unused
from bot.slack.blocks import (
    CHOICE_ACTION,
    COMMAND_ACTION,
    FORM_ACTION,
    LONG_ACTION,
    Outgoing,
    tagged_question,
    tagged_version,
)
from bot.slack.elsewhere import point_from_an_earlier_thread
from bot.slack.inbox import AlreadyProcessed, EarlierWaiting, Inbox
from bot.slack.middleware import RecordBeforeAck
from bot.slack.modals import CALLBACK_ID, with_metadata
from bot.slack.names import Names
from bot.slack.oauth import NOT_INSTALLED, Tokens, answer_uninstalled_in_the_teams_language, oauth_settings
from bot.slack.outgoing import Poster
from bot.slack.planning import plan_turn
from bot.slack.retrying import Undeliverable
from bot.slack.translate import (
    ELSEWHERE,
    Delivery,
    action_delivery,
    command_delivery,
    is_answer_message,
    is_direct,
    is_reply_elsewhere,
    message_delivery,
    view_delivery,
    workspace_key,
)
from bot.slack.undelivered import ask_undelivered_first
from bot.slack.verification import RequestCheck
from flows.types import Reply
from storage import repo

log = logging.getLogger(__name__)

COMMAND = "/coach"
IN_ORDER_ATTEMPTS = 3  # a turn waits for the earlier deliveries of its channel this many times, then goes anyway


class SlackCoach:
    """The bolt app plus what it needs: inbox, poster, token source, and a cache of people's names."""

    def __init__(self, ctx: AppContext) -> None:
        settings = ctx.settings
        self.ctx = ctx
        oauth = oauth_settings(settings, ctx.engine) if settings.slack_oauth else None
        assert settings.slack_signing_secret
        self.app = AsyncApp(
            # Bolt builds the client itself: given one too, it warns at every start that the token in the
            # environment goes unused.
            token=None if oauth else settings.slack_bot_token,
            signing_secret=settings.slack_signing_secret,
            oauth_settings=oauth,
            # Checked before bolt parses the body, in the HTTP handler (`RequestCheck`); Socket Mode has no signatures.
            request_verification_enabled=False,
            user_facing_authorize_error_message=NOT_INSTALLED["nl"],
        )
        self.check = RequestCheck(settings.slack_signing_secret, ctx.clock)
        self.client = self.app.client
        self.client.base_url = settings.slack_api_url
        # slack_sdk does not retry HTTP 429 unless asked; Slack's Retry-After is honoured by this handler.
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
        self.tokens = Tokens(settings, self.client, oauth.installation_store if oauth else None)  # type: ignore[arg-type]
        self.inbox = Inbox(ctx.engine, ctx.clock)
        self.poster = Poster(ctx.engine, ctx.clock)
        self.names = Names(ctx.engine)
        self.tasks: set[asyncio.Task[Any]] = set()
        # Set when a turn worker runs the turns: gets each new inbox row's id instead of this process running it.
        self.hand_off: Callable[[int], None] | None = None
        self._register()
        if oauth is not None:
            self.app.enable_token_revocation_listeners()
            answer_uninstalled_in_the_teams_language(self.app, ctx.sessions)
        else:
            # One workspace, one token from the environment: nothing to delete, but the manifest subscribes
            # to these events, so acknowledge them rather than log them as unhandled.
            self.app.event("tokens_revoked")(_log_revocation)
            self.app.event("app_uninstalled")(_log_revocation)
        # Last, after every listener above: an event nobody listens to gets 200, not bolt's 404, which Slack
        # counts as a failed delivery (retried, and enough of them switch the app's event subscription off).
        self.app.event(re.compile(".*"))(_ignore_event)
        # Likewise a button that is no answer (a link button opens its page itself): acknowledged, or Slack shows
        # the person a red "status code 404" beside it.
        self.app.action(re.compile(".*"))(_ack_only)

    # --- wiring ----------------------------------------------------------------------------------

    def _register(self) -> None:
        app = self.app
        app.middleware(RecordBeforeAck(self._record_before_ack))
        app.event("message")(self._on_message)
        app.event("app_mention")(self._on_message)
        app.event("app_home_opened")(self._on_home)
        app.command(COMMAND)(self._on_ack_and_process)
        app.action(re.compile(f"^({CHOICE_ACTION}|{COMMAND_ACTION})"))(self._on_ack_and_process)
        app.action(re.compile(f"^({FORM_ACTION}|{LONG_ACTION})$"))(self._open_form)
        app.view(CALLBACK_ID)(self._on_ack_and_process)

    async def _record_before_ack(self, req: AsyncBoltRequest, next: Callable[[], Awaitable[BoltResponse]]
                                 ) -> BoltResponse | None:
        try:
            delivery = await self._delivery_of(req.body, req.context.bot_user_id)
        except (KeyError, TypeError, AttributeError, ValueError) as error:  # signed, but not a shape Slack sends
            log.warning("slack payload without the parts it needs (%r); refused with 400", error)
            return BoltResponse(status=400, body="not a Slack payload")
        if delivery is None:
            return await next()
        recorded = await self.inbox.record(delivery)
        if recorded.row_id is None:
            log.info("slack delivery %s skipped (%s)", delivery.key, recorded.reason)
            return BoltResponse(status=200, body="")
        req.context["inbox_row"] = recorded.row_id
        req.context["delivery"] = delivery
        return await next()

    async def _delivery_of(self, body: dict[str, Any], bot_user_id: str | None) -> Delivery | None:
        kind = body.get("type")
        if kind == "event_callback":
            event = body.get("event") or {}
            if event.get("type") not in ("message", "app_mention"):
                return None
            thread = None
            if event.get("thread_ts") and not is_direct(event.get("channel"), event.get("channel_type")):
                team_id = workspace_key(body.get("team_id"), body.get("enterprise_id"))
                thread = await self.poster.active_thread(team_id, event.get("channel", ""))
                if thread is not None and is_reply_elsewhere(event, thread, bot_user_id) and \
                        await self.poster.is_coach_thread(team_id, event["channel"], event["thread_ts"]):
                    return replace(message_delivery(body, bot_user_id), kind=ELSEWHERE)
            return message_delivery(body, bot_user_id) if is_answer_message(event, thread, bot_user_id) else None
        if body.get("command") == COMMAND:
            return command_delivery(body)
        if kind == "block_actions":
            return action_delivery(body)
        if kind == "view_submission" and (body.get("view") or {}).get("callback_id") == CALLBACK_ID:
            return view_delivery(body)
        return None

    # --- listeners (all run after the ack) -------------------------------------------------------

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any], context: dict[str, Any],
                          client: AsyncWebClient) -> None:
        # One listener for all messages: bolt tries listeners in turn, and each one tried is on the ack path.
        if event.get("subtype") == "message_changed":
            await unused.on_edited(self, event, body, client)
        elif event.get("subtype") == "message_deleted":
            await unused.on_deleted(self, event, body, client)
        else:
            await self._on_delivery(context, client)
            if context.get("delivery") is not None:
                await unused.on_files(self, event, context["delivery"], client)

    async def _on_delivery(self, context: dict[str, Any], client: AsyncWebClient) -> None:
        row_id = context.get("inbox_row")
        if row_id is None:
            return
        if self.hand_off is not None:
            self.hand_off(row_id)
        else:
            await self.process(row_id, client, context["delivery"])

    async def _on_ack_and_process(self, ack: Callable[..., Awaitable[None]], context: dict[str, Any],
                                  client: AsyncWebClient) -> None:
        await ack()
        await self._on_delivery(context, client)

    async def _open_form(self, ack: Callable[..., Awaitable[None]], body: dict[str, Any],
                         client: AsyncWebClient) -> None:
        await ack()  # then views.open at once: the trigger id lives 3 seconds
        action = body["actions"][0]
        container = body.get("container") or {}
        channel = container.get("channel_id") or body["channel"]["id"]
        workspace = workspace_key((body.get("team") or {}).get("id"), (body.get("enterprise") or {}).get("id"))
        question_id = tagged_question(action.get("block_id")) or action["value"]
        version = tagged_version(action.get("block_id"))
        view = await self.poster.view_for(workspace, channel, question_id)
        live = await self.poster.live_question(workspace, channel) if view is not None else None
        if view is None or (live is not None and version is not None
                            and (live.question_id, live.version) != (question_id, version)):
            await self._point_to_live(client, body, workspace, channel, live)
            return
        thread = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        metadata = {"c": channel, "q": question_id, "v": version, "t": thread,
                    "k": "text" if action["action_id"] == LONG_ACTION else "form"}
        await client.views_open(trigger_id=body["trigger_id"], view=with_metadata(view, metadata))

    async def _point_to_live(self, client: AsyncWebClient, body: dict[str, Any], workspace: str, channel: str,
                             live: Any) -> None:
        """An old question's form button: no form, but (to the one who pressed it) where the current question is."""
        language = await self.language_of(workspace, channel)
        text = pointers.words(language)["past_form"].format(where=await pointers.where(client, channel, live,
                                                                                       language))
        thread = (body.get("container") or {}).get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        await client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=text, thread_ts=thread)

    async def language_of(self, workspace: str, channel: str) -> str:
        async with self.ctx.sessions() as session:
            return await repo.team_language(session, "slack", workspace, channel)

    async def _on_home(self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        workspace = workspace_key(body.get("team_id"), body.get("enterprise_id"))
        view = await home.home_view(self.ctx, workspace, event["user"])
        await client.views_publish(user_id=event["user"], view=view)

    # --- processing ------------------------------------------------------------------------------

    async def process(self, row_id: int, client: AsyncWebClient, delivery: Delivery) -> None:
        """Run the turn of one received inbox row and post its replies; safe for a row someone else runs too:
        only one turn of a row commits (the row is marked processed inside it), the others roll back.

        In the order they came in: with two servers (or a Slack retry) an earlier message of this team may still
        wait. Then this turn rolls back, the earlier one runs here first (if another process runs it too, one of
        the two rolls back), and this one again; the last try takes it whatever waits still.
        """
        for attempt in range(IN_ORDER_ATTEMPTS):
            try:
                await self._process(row_id, client, delivery, in_order=attempt < IN_ORDER_ATTEMPTS - 1)
                return
            except EarlierWaiting:
                for waiting in await self.inbox.earlier_received(delivery.workspace, delivery.channel, row_id):
                    await self.process_row(waiting)

    async def _process(self, row_id: int, client: AsyncWebClient, delivery: Delivery, in_order: bool) -> None:
        await requests_first()
        if delivery.kind == ELSEWHERE:
            await point_from_an_earlier_thread(self, row_id, client, delivery, in_order)
            return
        inbound = delivery.inbound
        if inbound.user_name is None:
            inbound = replace(inbound, user_name=await self.names.person(client, delivery.workspace, inbound.user))
        delivery = replace(delivery, inbound=inbound)
        if await ask_undelivered_first(self, row_id, client, delivery, in_order):
            return
        await requests_first()
        # The first turn of a team in this process names it (the name is saved with the turn).
        team_name = await self.names.name_to_give(client, delivery.workspace, delivery.channel, delivery.direct,
                                                  inbound.user_name)
        try:
            messages = await self._turn(row_id, delivery, team_name, in_order)
        except AlreadyProcessed:
            log.info("slack delivery %s was processed by another turn; this one rolled back", delivery.key)
            return
        except EarlierWaiting:
            raise
        except Exception as exc:
            log.exception("slack delivery %s failed", delivery.key)
            await self.inbox.mark_turn_failed(row_id, repr(exc))
            return
        if messages:  # none: the turn's own transaction finished the row
            await requests_first()
            await self.post_row(row_id, client, delivery, messages, 0)

    async def process_row(self, row_id: int) -> None:
        """Process an inbox row by its id (as the turn worker is handed them); nothing if its turn committed."""
        delivery = await self.inbox.received_delivery(row_id)
        if delivery is None:
            return
        client = await self._client_or_done(row_id, delivery)
        if client is not None:
            await self.process(row_id, client, delivery)

    async def _client_or_done(self, row_id: int, delivery: Delivery) -> AsyncWebClient | None:
        """The Web API client for a row's workspace outside a request; None (and the row done) if uninstalled."""
        client = await self.tokens.client_for(delivery.workspace)
        if client is None:
            await self.inbox.mark_done(row_id, "workspace not installed")
        return client

    async def post_row(self, row_id: int, client: AsyncWebClient, delivery: Delivery, messages: list[Outgoing],
                    start: int) -> None:
        self.inbox.posting(row_id)  # its claim is renewed meanwhile, so no other process takes the row over
        try:
            await self._post_row(row_id, client, delivery, messages, start)
        finally:
            self.inbox.posted(row_id)

    async def _post_row(self, row_id: int, client: AsyncWebClient, delivery: Delivery, messages: list[Outgoing],
                        start: int) -> None:
        try:  # the transaction recording the last message marks the row done
            await self.poster.post(client, delivery.workspace, delivery.channel, delivery.direct, messages, start,
                                   row_id)
        except Undeliverable as exc:  # shown on the Home tab; the question is asked again before the next answer
            log.warning("slack did not take a reply in %s for %s: %s", delivery.channel, self.poster.retry, exc.reason)
            await self.inbox.mark_undelivered(row_id, exc.reason)
        except SlackApiError as exc:
            error = str(exc.response.get("error", exc))
            log.warning("slack refused a reply in %s: %s", delivery.channel, error)
            await self._tell_privately(delivery, error)
            await self.inbox.mark_done(row_id, error)
        except Exception as exc:
            log.exception("slack delivery %s failed", delivery.key)
            await self.inbox.mark_done(row_id, repr(exc))

    async def _turn(self, row_id: int, delivery: Delivery, team_name: str | None = None,
                    in_order: bool = True) -> list[Outgoing]:
        planned: list[Outgoing] = []
        renamed: list[int] = []

        async def in_transaction(conn: AsyncConnection, replies: list[Reply], language: str) -> None:
            # Inside the turn's transaction: the answers and "this row is processed, post these" commit together.
            planned[:] = plan_turn(delivery, replies, language)
            await self.inbox.mark_processed(conn, row_id, [m.to_json() for m in planned], delivery.workspace,
                                            delivery.channel, in_order)
            if team_name is not None:
                team_id = await self.names.give(conn, delivery.workspace, delivery.channel, team_name)
                renamed[:] = [team_id] if team_id is not None else renamed

        await self.ctx.service.handle(delivery.inbound, in_transaction=in_transaction)
        for team_id in renamed:  # the service remembers the team as it was; the next turn reads the new name
            self.ctx.service.forget_team(team_id)
        return planned

    async def _tell_privately(self, delivery: Delivery, error: str) -> None:
        if not delivery.response_url:
            return
        text = (f"Ik kon hier niet posten ({error}). Nodig me uit met `/invite @coach`. / "
                f"I could not post here ({error}). Invite me with `/invite @coach`.")
        try:
            await AsyncWebhookClient(delivery.response_url, session=self.client.session).send(
                text=text, response_type="ephemeral")
        except Exception:  # the response_url is a courtesy; the error is on the inbox row already
            log.warning("could not answer through response_url", exc_info=True)

    # --- recovery --------------------------------------------------------------------------------

    async def recover(self, startup: bool = False) -> int:
        """Process inbox rows that were acknowledged but not (fully) processed; returns how many were taken."""
        done = 0
        for row in await self.inbox.pending(startup):
            client = await self._client_or_done(row.row_id, row.delivery)
            if client is None:
                continue
            if row.status == "received":
                await self.process(row.row_id, client, row.delivery)
            else:
                claimed = await self.inbox.claim_posting(row.row_id)
                if claimed is None:
                    continue
                outgoing, sent = claimed
                await self.post_row(row.row_id, client, row.delivery, [Outgoing.from_json(m) for m in outgoing], sent)
            done += 1
        return done
async def _ack_only(ack: Callable[..., Awaitable[None]]) -> None:
    await ack()


async def _ignore_event(event: dict[str, Any]) -> None:
    log.debug("slack event %s not used by the coach", event.get("type"))


async def _log_revocation(event: dict[str, Any]) -> None:
    log.warning("Slack says %s; SLACK_BOT_TOKEN no longer works until the app is reinstalled", event.get("type"))
