"""A reply that fails after the answer was saved is never dropped: redelivery or the sweeper sends it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from bot.teams.references import DeliveredMarks
from bot.teams.sweeper import ReplySweeper
from storage.models import Answer, utcnow
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer, _serve
from tests.teams.fake_connector import FakeConnector

HOW = "Hoe doen jullie dat?"


async def answers(server: TeamsServer) -> int:
    async with server.ctx.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Answer)) or 0


def said(connector: FakeConnector) -> str:
    return "\n".join(t for m in connector.messages for t in texts_of(m))


async def test_a_reply_that_fails_keeps_the_answer_and_the_redelivery_sends_the_next_question(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    answer = act.message(connector.url, "We geloven in groei.")
    connector.fail_next(500)  # Teams' connector refuses the reply (not a status worth retrying at once)

    first = await local_server.post(answer)

    assert first.status == 503 and first.headers.get("Retry-After")
    assert await answers(local_server) == 1
    connector.clear()

    again = await local_server.post(answer)  # Teams sends the activity again

    assert 200 <= again.status < 300
    assert HOW in said(connector)
    assert await answers(local_server) == 1  # the answer is not stored twice


async def test_a_throttled_reply_is_sent_again_within_the_turn(local_server: TeamsServer,
                                                               connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    connector.clear()
    connector.fail_next(429, retry_after=0)
    connector.fail_next(503)

    response = await local_server.post(act.message(connector.url, "We geloven in groei."))

    assert 200 <= response.status < 300
    assert len(connector.calls) >= 3 and HOW in said(connector)


async def test_replies_owed_by_a_turn_that_died_on_the_way_are_sent_by_the_sweeper(
        db_url: str, connector: FakeConnector) -> None:
    settings = Settings(database_url=db_url, teams_local_dev=True)
    ctx = AppContext.create(settings, clock=lambda: FIXED_NOW)
    async for server in _serve(build_app(ctx, with_scheduler=False), ctx, shutdown_timeout=0.5):
        await server.post(act.message(connector.url, "start"))
        arrived = connector.stall_posts()
        pending = asyncio.create_task(server.post(act.message(connector.url, "We geloven in groei.")))
        await asyncio.wait_for(arrived.wait(), 10)
        assert await answers(server) == 1
        pending.cancel()  # Teams gives up waiting, and the server goes down with the reply on its way
    connector.stop_stalling()  # the post of the dead turn never gets an answer; new ones do
    connector.clear()

    later = AppContext.create(settings, clock=lambda: FIXED_NOW)
    async for _server in _serve(build_app(later, with_scheduler=False), later):
        sweeper = ReplySweeper(later.deliverers["teams"], later.sessions, DeliveredMarks(later.sessions),
                               clock=lambda: utcnow() + timedelta(minutes=2))  # the dead turn's lease ran out
        assert await sweeper.sweep_once() == 1
        assert HOW in said(connector)
        assert await sweeper.sweep_once() == 0  # sent once


async def test_the_sweeper_does_not_send_again_what_got_through_before_a_failure(
        db_url: str, connector: FakeConnector) -> None:
    settings = Settings(database_url=db_url, teams_local_dev=True)
    ctx = AppContext.create(settings, clock=lambda: FIXED_NOW)
    async for server in _serve(build_app(ctx, with_scheduler=False), ctx):
        connector.fail_next(500)  # the first of the start's messages (welcome, step, first question) is refused
        assert (await server.post(act.message(connector.url, "start"))).status == 503
    connector.clear()
    later = AppContext.create(settings, clock=lambda: FIXED_NOW)
    now = [utcnow() + timedelta(minutes=2)]
    async for _server in _serve(build_app(later, with_scheduler=False), later):
        sweeper = ReplySweeper(later.deliverers["teams"], later.sessions, DeliveredMarks(later.sessions),
                               clock=lambda: now[0])
        connector.fail_post(2, 500)  # the welcome goes out, the step after it is refused
        assert await sweeper.sweep_once() == 0
        now[0] += timedelta(minutes=5)  # the backoff has passed

        assert await sweeper.sweep_once() == 1

    posts = [texts_of(m)[0] for m in connector.messages]
    assert [p.split(".")[0] for p in posts[:3]] == ["Daar gaan we", "Stap 1 · Discover", "Stap 1 · Discover"]
    assert len(posts) == 4 and "Why, how, what?" in posts[3]  # the welcome is not sent twice
