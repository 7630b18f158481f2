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
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.cooperative import requests_first
from bot.slack.blocks import Outgoing, swap_reply
from bot.slack.chart_fallback import post_message
from storage.models import utcnow
from storage.slack_models import SlackInbox, SlackMessage, SlackQuestion, SlackThread

log = logging.getLogger(__name__)

_I, _M, _Q, _T = SlackInbox.__table__, SlackMessage.__table__, SlackQuestion.__table__, SlackThread.__table__

_THREAD = select(_T.c.thread_ts).where(_T.c.workspace == bindparam("workspace"), _T.c.channel == bindparam("channel"))
_VIEW = select(_Q.c.view).where(_Q.c.workspace == bindparam("workspace"), _Q.c.channel == bindparam("channel"),
                                _Q.c.question_id == bindparam("question_id"))
_ANSWER_OR_QUESTION_TS = select(_Q.c.answer_ts, _Q.c.ts).where(
    _Q.c.workspace == bindparam("workspace"), _Q.c.channel == bindparam("channel"),
    _Q.c.question_id == bindparam("question_id"))
_MESSAGE_BLOCKS = select(_M.c.blocks).where(_M.c.workspace == bindparam("workspace"),
                                            _M.c.channel == bindparam("channel"), _M.c.ts == bindparam("ts"))
_NEW_MESSAGE = insert(_M)
_SET_BLOCKS = (update(_M).where(_M.c.workspace == bindparam("w"), _M.c.channel == bindparam("c"),
                                _M.c.ts == bindparam("t"))
               .values(blocks=bindparam("blocks")))
_SENT = update(_I).where(_I.c.id == bindparam("row_id")).values(sent=bindparam("sent"))
_SENT_ALL = update(_I).where(_I.c.id == bindparam("row_id")).values(sent=bindparam("sent"), status="done", error=None)


def _upserts(dialect_insert: Any) -> dict[str, Any]:
    thread = dialect_insert(_T)
    asked = dialect_insert(_Q)
    answered = dialect_insert(_Q)
    shown = dialect_insert(_M)
    keys = [_Q.c.workspace, _Q.c.channel, _Q.c.question_id]
    return {
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


class Poster:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
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
        for index in range(start, len(messages)):
            message = messages[index]
            last = index == len(messages) - 1
            if message.updates is not None:
                await client.chat_update(channel=channel, ts=message.updates, text=message.text,
                                         blocks=message.blocks)
                await self._record(workspace, channel, message.updates, None, message, index, last, row_id,
                                   new=False)
                continue
            if message.replaces and await self._replace(client, workspace, channel, message, index, last, row_id):
                continue
            if direct or message.place == "top":
                where = None
            else:
                if thread is _UNKNOWN:
                    thread = await self.active_thread(workspace, channel)
                where = thread
            if message.image is not None:
                await upload_image(client, channel, where, message)
                await self._record(workspace, channel, None, where, message, index, last, row_id)
                continue
            response = await post_message(client, channel, message, where)  # charts: PNG on invalid_blocks
            ts = response["ts"] if response is not None else None
            await self._record(workspace, channel, ts, where, message, index, last, row_id)
            if message.starts_thread:
                thread = ts

    async def _replace(self, client: AsyncWebClient, workspace: str, channel: str, message: Outgoing, index: int,
                       last: bool, row_id: int | None) -> bool:
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
        await client.chat_update(channel=channel, ts=ts, text=message.text, blocks=blocks)
        async with self.engine.begin() as conn:
            await conn.execute(_SET_BLOCKS, {"w": workspace, "c": channel, "t": ts, "blocks": blocks})
            await self._advance(conn, row_id, index, last)
        return True

    async def _record(self, workspace: str, channel: str, ts: str | None, thread: str | None, message: Outgoing,
                      index: int, last: bool, row_id: int | None, new: bool = True) -> None:
        # Called as a Web API answer arrives: reading it was one stretch of the loop, this is another.
        await requests_first()
        async with self.engine.begin() as conn:
            if ts is not None:
                upserts = _UPSERTS[conn.dialect.name]
                now = utcnow()
                key = {"workspace": workspace, "channel": channel}
                # A later edit finds a message by its question's or answer's ts: others need no row (a write less).
                if new and (message.questions or message.answers):
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
            await self._advance(conn, row_id, index, last)

    @staticmethod
    async def _advance(conn: AsyncConnection, row_id: int | None, index: int, last: bool) -> None:
        if row_id is not None:
            await conn.execute(_SENT_ALL if last else _SENT, {"row_id": row_id, "sent": index + 1})
