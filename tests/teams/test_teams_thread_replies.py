"""Replies owed to a turn in a channel thread go into that thread when they are sent late, like the turn's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from bot.teams.references import DeliveredMarks
from bot.teams.sweeper import ReplySweeper
from storage.models import utcnow
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer, _serve
from tests.teams.fake_connector import ConnectorCall, FakeConnector

HOW = "Hoe doen jullie dat?"
ROOT = "1700000000077"  # the id of the channel post the thread hangs under
THREAD = f"{act.CHANNEL};messageid={ROOT}"


def serving(db_url: str) -> AsyncIterator[TeamsServer]:
    ctx = AppContext.create(Settings(database_url=db_url, teams_local_dev=True), clock=lambda: FIXED_NOW)
    return _serve(build_app(ctx, with_scheduler=False), ctx)


def sweeper_of(server: TeamsServer) -> ReplySweeper:
    return ReplySweeper(server.ctx.deliverers["teams"], server.ctx.sessions, DeliveredMarks(server.ctx.sessions),
                        clock=lambda: utcnow() + timedelta(minutes=2))  # the failed turn's retry is due


def asking(connector: FakeConnector) -> list[ConnectorCall]:
    """The posts that carried the next question."""
    return [c for c in connector.calls if any(HOW in t for t in texts_of(c.body))]


async def answer_whose_reply_fails(db_url: str, connector: FakeConnector,
                                   conversation: dict | None = None) -> dict:
    """An answer saved, its reply refused, and Teams does not send the activity again; the server is restarted
    (which writes the marks of what it did deliver) before the sweeper comes."""
    conversation = conversation or act.channel_conversation(thread=ROOT)
    async for server in serving(db_url):
        await server.post(act.message(connector.url, "start", conversation=conversation, mention_bot=True))
        answer = act.message(connector.url, "We geloven in groei.", conversation=conversation, mention_bot=True)
        connector.fail_next(500)  # refused, and not a status the sender retries at once
        failed = await server.post(answer)
        assert failed.status == 503
    connector.clear()
    return answer


async def test_replies_the_sweeper_sends_for_a_channel_thread_go_into_that_thread(
        db_url: str, connector: FakeConnector) -> None:
    answer = await answer_whose_reply_fails(db_url, connector)

    async for server in serving(db_url):
        assert await sweeper_of(server).sweep_once() == 1

    posted = asking(connector)
    assert posted and all(c.conversation_id == THREAD for c in posted)
    assert all(c.reply_to == answer["id"] for c in posted)  # as the turn's own replies: to the person's message


async def test_a_turns_own_replies_in_a_thread_go_to_the_thread(local_server: TeamsServer,
                                                                 connector: FakeConnector) -> None:
    thread = act.channel_conversation(thread=ROOT)
    await local_server.post(act.message(connector.url, "start", conversation=thread, mention_bot=True))
    connector.clear()

    await local_server.post(act.message(connector.url, "We geloven in groei.", conversation=thread, mention_bot=True))

    assert asking(connector) and all(c.conversation_id == THREAD for c in asking(connector))


async def test_a_redelivery_in_a_thread_sends_the_owed_replies_into_the_thread(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    thread = act.channel_conversation(thread=ROOT)
    await local_server.post(act.message(connector.url, "start", conversation=thread, mention_bot=True))
    answer = act.message(connector.url, "We geloven in groei.", conversation=thread, mention_bot=True)
    connector.fail_next(500)
    assert (await local_server.post(answer)).status == 503
    connector.clear()

    again = await local_server.post(answer)  # Teams sends the activity again

    assert 200 <= again.status < 300
    assert asking(connector) and all(c.conversation_id == THREAD for c in asking(connector))


async def test_owed_replies_go_to_the_channel_when_the_thread_is_gone(db_url: str,
                                                                     connector: FakeConnector) -> None:
    await answer_whose_reply_fails(db_url, connector)
    connector.fail_next_in(THREAD, 404)  # the thread's root post was deleted meanwhile

    async for server in serving(db_url):
        assert await sweeper_of(server).sweep_once() == 1

    posted = asking(connector)
    assert [c.conversation_id for c in posted] == [THREAD, act.CHANNEL]
    assert posted[-1].reply_to is None  # a new post in the channel


async def test_owed_replies_are_given_up_when_the_channel_is_gone_too(db_url: str,
                                                                      connector: FakeConnector) -> None:
    await answer_whose_reply_fails(db_url, connector)
    connector.fail_next_in(THREAD, 403)
    connector.fail_next_in(act.CHANNEL, 403)  # the coach was removed from the team

    async for server in serving(db_url):
        sweeper = sweeper_of(server)
        assert await sweeper.sweep_once() == 0
        assert [c.conversation_id for c in asking(connector)] == [THREAD, act.CHANNEL]
        connector.clear()
        assert await sweeper.sweep_once() == 0 and connector.calls == []  # given up, not tried again


async def test_owed_replies_in_a_personal_chat_go_to_the_chat(db_url: str, connector: FakeConnector) -> None:
    await answer_whose_reply_fails(db_url, connector, act.personal_conversation())

    async for server in serving(db_url):
        assert await sweeper_of(server).sweep_once() == 1

    assert asking(connector) and all(c.conversation_id == act.PERSONAL for c in asking(connector))
