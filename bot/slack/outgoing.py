"""Posting a turn's messages: into the team's question thread, or in place of an earlier message.

What was posted is remembered (slack_messages, slack_questions, slack_threads) so a later edit
updates the message that showed the answer, and the "fill in" button finds its modal. Each message
is recorded in the same transaction that advances the inbox row's `sent` counter, so a crash
half-way through a turn's messages resumes after the last one Slack accepted; the last message's
transaction also marks the row done, so a one-message turn has one transaction after its post.

Core statements built once at import; the upserts are the database's own `INSERT ... ON CONFLICT`.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.cooperative import requests_first
from bot.slack.blocks import Outgoing, retired_blocks, swap_reply
from bot.slack.chart_fallback import post_message
from bot.slack.inbox import RETRYING, UNDELIVERED
from bot.slack.retrying import RetryPolicy, with_retries
from storage.models import utcnow
from storage.slack_models import SlackInbox, SlackLiveQuestion, SlackMessage, SlackQuestion, SlackThread

log = logging.getLogger(__name__)

_I, _M, _Q, _T = SlackInbox.__table__, SlackMessage.__table__, SlackQuestion.__table__, SlackThread.__table__
_L = SlackLiveQuestion.__table__

_THREAD = select(_T.c.thread_ts).where(_T.c.workspace == bindparam("workspace"), _T.c.channel == bindparam("channel"))
_VIEW = select(_Q.c.view).where(_Q.c.workspace == bindparam("workspace"), _Q.c.channel == bindparam("channel"),
                                _Q.c.question_id == bindparam("question_id"))
_ANSWER_OR_QUESTION_TS = select(_Q.c.answer_ts, _Q.c.ts).where(
    _Q.c.workspace == bindparam("workspace"), _Q.c.channel == bindparam("channel"),
    _Q.c.question_id == bindparam("question_id"))
_MESSAGE_BLOCKS = select(_M.c.blocks).where(_M.c.workspace == bindparam("workspace"),
                                            _M.c.channel == bindparam("channel"), _M.c.ts == bindparam("ts"))
_LIVE = select(_L.c.question_id, _L.c.version, _L.c.ts, _L.c.thread_ts).where(
    _L.c.workspace == bindparam("workspace"), _L.c.channel == bindparam("channel"))
_COACH_THREAD = select(_M.c.ts).where(_M.c.workspace == bindparam("workspace"), _M.c.channel == bindparam("channel"),
                                      or_(_M.c.ts == bindparam("thread"), _M.c.thread_ts == bindparam("thread"))
                                      ).limit(1)
_NEW_MESSAGE = insert(_M)
_SET_BLOCKS = (update(_M).where(_M.c.workspace == bindparam("w"), _M.c.channel == bindparam("c"),
                                _M.c.ts == bindparam("t"))
               .values(blocks=bindparam("blocks")))
_WAITING = update(_I).where(_I.c.id == bindparam("row_id")).values(claimed_at=bindparam("now"),
                                                                  error=bindparam("error"))
# A question delivered in a channel makes good the replies Slack never took there before (the error stays).
_MADE_GOOD = update(_I).where(_I.c.workspace == bindparam("w"), _I.c.channel == bindparam("c"),
                              _I.c.status == UNDELIVERED).values(status="done")
_SENT = update(_I).where(_I.c.id == bindparam("row_id")).values(sent=bindparam("sent"), error=None)
_SENT_ALL = update(_I).where(_I.c.id == bindparam("row_id")).values(sent=bindparam("sent"), status="done", error=None)


def _upserts(dialect_insert: Any) -> dict[str, Any]:
    thread = dialect_insert(_T)
    asked = dialect_insert(_Q)
    answered = dialect_insert(_Q)
    shown = dialect_insert(_M)
    live = dialect_insert(_L)
    keys = [_Q.c.workspace, _Q.c.channel, _Q.c.question_id]
    return {
        "live": live.on_conflict_do_update(index_elements=[_L.c.workspace, _L.c.channel], set_={
            name: live.excluded[name] for name in ("question_id", "version", "ts", "thread_ts", "updated_at")}),
        "thread": thread.on_conflict_do_update(
            index_elements=[_T.c.workspace, _T.c.channel],
            set_={"thread_ts": thread.excluded["thread_ts"], "updated_at": thread.excluded["updated_at"]}),
        "asked": asked.on_conflict_do_update(index_elements=keys, set_={
            "ts": asked.excluded["ts"], "view": asked.excluded["view"], "updated_at": asked.excluded["updated_at"]}),
        "answered": answered.on_conflict_do_update(index_elements=keys, set_={
            "answer_ts": answered.excluded["answer_ts"], "updated_at": answered.excluded["updated_at"]}),
        "shown": shown.on_conflict_do_update(
            index_elements=[_M.c.workspace, _M.c.channel, _M.c.ts],
            set_={"text": shown.excluded["text"], "blocks": shown.excluded["blocks"]}),
    }


_UPSERTS = {"sqlite": _upserts(sqlite.insert), "postgresql": _upserts(postgresql.insert)}
_UNKNOWN = object()


async def upload_image(client: AsyncWebClient, channel: str, thread_ts: str | None, message: Outgoing) -> None:
    """A chart as a file in the channel (or thread): slack_sdk's three-step external upload."""
    assert message.image is not None
    await client.files_upload_v2(channel=channel, thread_ts=thread_ts, content=base64.b64decode(message.image),
                                 filename="chart.png", title=message.image_alt, alt_txt=message.image_alt)


async def upload_file(client: AsyncWebClient, channel: str, thread_ts: str | None, message: Outgoing) -> None:
    """A document (ReplyKind.FILE: a PDF, DOCX or CSV) as a file in the channel (or thread), its text as the
    comment posted with it."""
    assert message.file is not None
    await client.files_upload_v2(channel=channel, thread_ts=thread_ts, content=base64.b64decode(message.file),
                                 filename=message.filename or "document", title=message.filename,
                                 initial_comment=message.text or None)


async def upload(client: AsyncWebClient, channel: str, thread_ts: str | None, message: Outgoing) -> bool:
    """Upload the message's file or image, if it carries one; False when it is an ordinary message."""
    if message.file is not None:
        await upload_file(client, channel, thread_ts, message)
    elif message.image is not None:
        await upload_image(client, channel, thread_ts, message)
    else:
        return False
    return True


class Poster:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock
        self.retry = RetryPolicy()
        # Modals for the "fill in" buttons, kept in memory too: views.open must follow the ack at once.
        self.views: dict[tuple[str, str, str], dict[str, Any]] = {}

    async def active_thread(self, workspace: str, channel: str) -> str | None:
        async with self.engine.connect() as conn:
            return await conn.scalar(_THREAD, {"workspace": workspace, "channel": channel})

    async def view_for(self, workspace: str, channel: str, question_id: str) -> dict[str, Any] | None:
        cached = self.views.get((workspace, channel, question_id))
        if cached is not None:
            return cached
        async with self.engine.connect() as conn:
            return await conn.scalar(_VIEW, {"workspace": workspace, "channel": channel, "question_id": question_id})

    async def post(self, client: AsyncWebClient, workspace: str, channel: str, direct: bool,
                   messages: Sequence[Outgoing], start: int = 0, row_id: int | None = None) -> None:
        """Post `messages[start:]` in order; raises SlackApiError when Slack refuses one.

        With `row_id`, each message advances the inbox row's `sent` in the transaction that records it, and
        the last one marks the row done.
        """
        if row_id is not None and start >= len(messages):
            async with self.engine.begin() as conn:
                await conn.execute(_SENT_ALL, {"row_id": row_id, "sent": len(messages)})
            return
        thread: Any = _UNKNOWN  # the team's question thread, looked up once and followed as messages start one
        send = self._sender(row_id)
        for index in range(start, len(messages)):
            message = messages[index]
            last = index == len(messages) - 1
            if message.updates is not None:
                try:
                    await send(lambda m=message: client.chat_update(channel=channel, ts=m.updates, text=m.text,
                                                                    blocks=m.blocks))
                except SlackApiError as error:
                    if not _gone(error):
                        raise
                    # The pressed button's message was deleted meanwhile: it only showed who chose, so the
                    # replies after it (the next question) still go out.
                    log.info("message %s in %s is gone; not updated", message.updates, channel)
                    async with self.engine.begin() as conn:
                        await self._advance(conn, row_id, index, last)
                    continue
                await self._record(workspace, channel, message.updates, None, message, index, last, row_id,
                                   new=False)
                continue
            if message.replaces and await self._replace(client, workspace, channel, message, index, last, row_id,
                                                        send):
                continue
            if message.in_thread is not None:
                where = message.in_thread
            elif direct or message.place == "top":
                where = None
            else:
                if thread is _UNKNOWN:
                    thread = await self.active_thread(workspace, channel)
                where = thread
            if message.file is not None or message.image is not None:
                await send(lambda m=message, w=where: upload(client, channel, w, m))
                await self._record(workspace, channel, None, where, message, index, last, row_id)
                continue
            # Charts: a PNG when Slack refuses their blocks (invalid_blocks).
            response = await send(lambda m=message, w=where: post_message(client, channel, m, w))
            ts = response["ts"] if response is not None else None
            before = await self._record(workspace, channel, ts, where, message, index, last, row_id)
            if message.starts_thread:
                thread = ts
            if before is not None:
                await self._retire(client, workspace, channel, before)

    async def live_question(self, workspace: str, channel: str) -> Any:
        """The question the team is asked now (question_id, version, ts, thread_ts), or None."""
        async with self.engine.connect() as conn:
            return (await conn.execute(_LIVE, {"workspace": workspace, "channel": channel})).first()

    async def is_coach_thread(self, workspace: str, channel: str, thread_ts: str) -> bool:
        """Whether a thread is one of the coach's (a step's), though not the current one."""
        async with self.engine.connect() as conn:
            return await conn.scalar(_COACH_THREAD, {"workspace": workspace, "channel": channel,
                                                      "thread": thread_ts}) is not None

    async def _retire(self, client: AsyncWebClient, workspace: str, channel: str, before: Any) -> None:
        """The previous question's message loses its buttons, now that another question is asked."""
        key = {"workspace": workspace, "channel": channel}
        async with self.engine.connect() as conn:
            shown = await conn.scalar(_MESSAGE_BLOCKS, {**key, "ts": before.ts})
        blocks = retired_blocks(shown or [], before.question_id)
        if blocks is None:  # nothing to take off (answered with its own button, or never recorded)
            return
        try:
            await client.chat_update(channel=channel, ts=before.ts, blocks=blocks, text=_text_of(blocks))
        except SlackApiError as error:  # cosmetic: the engine still refuses the old buttons
            log.info("could not take the buttons off %s in %s: %s", before.ts, channel, error.response.get("error"))
            return
        async with self.engine.begin() as conn:
            await conn.execute(_SET_BLOCKS, {"w": workspace, "c": channel, "t": before.ts, "blocks": blocks})

    def _sender(self, row_id: int | None) -> Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]:
        """Web API calls tried again while Slack has passing trouble; each pause first renews the row's claim
        on posting (so no other process takes it over meanwhile) and says on the row why it waits."""
        async def waiting(reason: str) -> None:
            if row_id is not None:
                async with self.engine.begin() as conn:
                    await conn.execute(_WAITING, {"row_id": row_id, "now": self.clock(),
                                                  "error": f"{RETRYING}{reason}"[:500]})

        async def send(call: Callable[[], Awaitable[Any]]) -> Any:
            return await with_retries(call, self.retry, waiting)

        return send

    async def _replace(self, client: AsyncWebClient, workspace: str, channel: str, message: Outgoing, index: int,
                       last: bool, row_id: int | None,
                       send: Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]) -> bool:
        assert message.replaces is not None
        key = {"workspace": workspace, "channel": channel}
        async with self.engine.connect() as conn:
            question = (await conn.execute(_ANSWER_OR_QUESTION_TS, {**key, "question_id": message.replaces})).first()
            ts = question and (question.answer_ts or question.ts)
            shown = await conn.scalar(_MESSAGE_BLOCKS, {**key, "ts": ts}) if ts else None
        if shown is None:
            return False
        blocks = swap_reply(shown, message.replaces, message.blocks)
        if blocks is None:
            return False
        try:
            await send(lambda: client.chat_update(channel=channel, ts=ts, text=message.text, blocks=blocks))
        except SlackApiError as error:
            if not _gone(error):
                raise
            return False  # the message showing the answer was deleted: the new answer is posted as a message
        async with self.engine.begin() as conn:
            await conn.execute(_SET_BLOCKS, {"w": workspace, "c": channel, "t": ts, "blocks": blocks})
            await self._advance(conn, row_id, index, last)
        return True

    async def _record(self, workspace: str, channel: str, ts: str | None, thread: str | None, message: Outgoing,
                      index: int, last: bool, row_id: int | None, new: bool = True) -> Any:
        """Record what Slack accepted, with the inbox row's progress; returns the question that was live before,
        when this message asks another one."""
        # Called as a Web API answer arrives: reading it was one stretch of the loop, this is another.
        await requests_first()
        before = None
        async with self.engine.begin() as conn:
            if ts is not None:
                upserts = _UPSERTS[conn.dialect.name]
                now = utcnow()
                key = {"workspace": workspace, "channel": channel}
                # A later edit finds a message by its question's or answer's ts: others need no row (a write less).
                if new and (message.questions or message.answers or message.starts_thread):
                    await conn.execute(_NEW_MESSAGE, {**key, "ts": ts, "thread_ts": thread, "text": message.text[:4000],
                                                      "blocks": message.blocks, "created_at": now})
                elif not new:
                    await conn.execute(upserts["shown"], {**key, "ts": ts, "text": message.text[:4000],
                                                          "blocks": message.blocks, "created_at": now})
                if message.starts_thread:
                    await conn.execute(upserts["thread"], {**key, "thread_ts": ts, "updated_at": now})
                if message.questions:
                    await conn.execute(upserts["asked"], [
                        {**key, "question_id": q, "ts": ts, "view": message.views.get(q), "updated_at": now}
                        for q in message.questions])
                    for question_id in message.questions:
                        view = message.views.get(question_id)
                        if view is not None:
                            self.views[(workspace, channel, question_id)] = view
                if message.answers:
                    await conn.execute(upserts["answered"], [
                        {**key, "question_id": q, "answer_ts": ts, "updated_at": now} for q in message.answers])
                if message.live and new:
                    before = (await conn.execute(_LIVE, key)).first()
                    question_id, version = message.live
                    await conn.execute(upserts["live"], {**key, "question_id": question_id, "version": version,
                                                         "ts": ts, "thread_ts": thread, "updated_at": now})
                    await conn.execute(_MADE_GOOD, {"w": workspace, "c": channel})
            await self._advance(conn, row_id, index, last)
        return before if before is not None and before.ts != ts else None

    @staticmethod
    async def _advance(conn: AsyncConnection, row_id: int | None, index: int, last: bool) -> None:
        if row_id is not None:
            await conn.execute(_SENT_ALL if last else _SENT, {"row_id": row_id, "sent": index + 1})


def _text_of(blocks: Sequence[dict[str, Any]]) -> str:
    texts = [b["text"]["text"] for b in blocks if isinstance(b.get("text"), dict) and b["text"].get("text")]
    return "\n\n".join(texts)[:4000] or " "


# chat.update's errors for a message that can no longer be updated: deleted, or not the coach's to change.
_GONE = ("message_not_found", "cant_update_message", "edit_window_closed")


def _gone(error: SlackApiError) -> bool:
    return error.response.get("error") in _GONE
