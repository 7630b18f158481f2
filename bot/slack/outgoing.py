"""Posting a turn's messages: into the team's question thread, or in place of an earlier answer.

What was posted is remembered (slack_messages, slack_questions, slack_threads) so a later edit
updates the message that showed the answer, and the "fill in" button finds its modal. Each message
is recorded in the same transaction that advances the inbox row's `sent` counter, so a crash
half-way through a turn's messages resumes after the last one Slack accepted.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.slack.blocks import Outgoing, swap_reply
from storage.models import utcnow
from storage.slack_models import SlackInbox, SlackMessage, SlackQuestion, SlackThread

log = logging.getLogger(__name__)


class Poster:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        # Modals for the "fill in" buttons, kept in memory too: views.open must follow the ack at once.
        self.views: dict[tuple[str, str, str], dict[str, Any]] = {}

    async def active_thread(self, workspace: str, channel: str) -> str | None:
        async with self.sessions() as session:
            row = await session.get(SlackThread, (workspace, channel))
            return row.thread_ts if row else None

    async def view_for(self, workspace: str, channel: str, question_id: str) -> dict[str, Any] | None:
        cached = self.views.get((workspace, channel, question_id))
        if cached is not None:
            return cached
        async with self.sessions() as session:
            row = await session.get(SlackQuestion, (workspace, channel, question_id))
            return row.view if row else None

    async def post(self, client: AsyncWebClient, workspace: str, channel: str, direct: bool,
                   messages: Sequence[Outgoing], start: int = 0, row_id: int | None = None) -> None:
        """Post `messages[start:]` in order; raises SlackApiError when Slack refuses one."""
        for index in range(start, len(messages)):
            message = messages[index]
            if message.replaces and await self._replace(client, workspace, channel, message, index, row_id):
                continue
            thread = None if direct or message.place == "top" else await self.active_thread(workspace, channel)
            if message.image is not None:
                await client.files_upload_v2(channel=channel, thread_ts=thread, content=base64.b64decode(message.image),
                                             filename="chart.png", title=message.image_alt, alt_txt=message.image_alt)
                await self._record(workspace, channel, None, thread, message, index, row_id)
                continue
            response = await client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                                     thread_ts=thread, unfurl_links=False)
            await self._record(workspace, channel, response["ts"], thread, message, index, row_id)

    async def _replace(self, client: AsyncWebClient, workspace: str, channel: str, message: Outgoing, index: int,
                       row_id: int | None) -> bool:
        assert message.replaces is not None
        async with self.sessions() as session:
            question = await session.get(SlackQuestion, (workspace, channel, message.replaces))
            shown = None
            ts = question and (question.answer_ts or question.ts)
            if ts:
                shown = await session.get(SlackMessage, (workspace, channel, ts))
        if shown is None:
            return False
        blocks = swap_reply(shown.blocks, message.replaces, message.blocks)
        if blocks is None:
            return False
        await client.chat_update(channel=channel, ts=shown.ts, text=message.text, blocks=blocks)
        async with self.sessions() as session, session.begin():
            await session.execute(update(SlackMessage).where(
                SlackMessage.workspace == workspace, SlackMessage.channel == channel, SlackMessage.ts == shown.ts,
            ).values(blocks=blocks))
            await self._advance(session, row_id, index)
        return True

    async def _record(self, workspace: str, channel: str, ts: str | None, thread: str | None, message: Outgoing,
                      index: int, row_id: int | None) -> None:
        async with self.sessions() as session, session.begin():
            if ts is not None:
                session.add(SlackMessage(workspace=workspace, channel=channel, ts=ts, thread_ts=thread,
                                         text=message.text, blocks=message.blocks))
                if message.starts_thread:
                    await session.merge(SlackThread(workspace=workspace, channel=channel, thread_ts=ts,
                                                    updated_at=utcnow()))
                for question_id in message.questions:
                    view = message.views.get(question_id)
                    await session.merge(SlackQuestion(workspace=workspace, channel=channel, question_id=question_id,
                                                      ts=ts, view=view, updated_at=utcnow()))
                    if view is not None:
                        self.views[(workspace, channel, question_id)] = view
                for question_id in message.answers:
                    await session.merge(SlackQuestion(workspace=workspace, channel=channel, question_id=question_id,
                                                      answer_ts=ts, updated_at=utcnow()))
            await self._advance(session, row_id, index)

    async def show_answer(self, client: AsyncWebClient, workspace: str, channel: str, ts: str,
                          question_id: str | None, blocks: list[dict[str, Any]], text: str) -> None:
        """A button answer: the question's message now shows who chose what (and an edit updates it later)."""
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        async with self.sessions() as session, session.begin():
            await session.merge(SlackMessage(workspace=workspace, channel=channel, ts=ts, text=text[:4000],
                                             blocks=blocks))
            if question_id:
                await session.merge(SlackQuestion(workspace=workspace, channel=channel, question_id=question_id,
                                                  answer_ts=ts, updated_at=utcnow()))

    @staticmethod
    async def _advance(session: AsyncSession, row_id: int | None, index: int) -> None:
        if row_id is not None:
            await session.execute(update(SlackInbox).where(SlackInbox.id == row_id).values(sent=index + 1))
