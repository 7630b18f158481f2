"""Posts stay within Teams' documented bot limits, and what Teams throttles or drops is sent again."""

from __future__ import annotations

import pytest

from bot.teams.delivery import TeamsDeliverer
from bot.teams.sender import RateLimits, Sender
from flows.types import Reply, ReplyKind
from scheduler.delivery import Destination
from tests.teams import activities as act
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_time import FakeTime

CHANNEL = Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL)


def paced(server: TeamsServer, time: FakeTime, attempts: int = 4) -> TeamsDeliverer:
    found = server.ctx.deliverers["teams"]
    assert isinstance(found, TeamsDeliverer)
    sender = Sender(RateLimits(clock=time.now, sleep=time.sleep), attempts=attempts, sleep=time.sleep)
    return TeamsDeliverer(found.adapter, found.sessions, found.app_id, sender)


def lines(n: int) -> list[Reply]:
    return [Reply(ReplyKind.TEXT, f"Regel {i + 1}") for i in range(n)]


async def test_more_than_seven_messages_to_one_conversation_are_spread_over_the_seconds(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()
    time = FakeTime()

    result = await paced(local_server, time).deliver(CHANNEL, lines(9))

    assert result.ok and len(connector.messages) == 9
    assert time.current - 1_000.0 >= 1.0  # the 8th waited for the first second's window to pass


async def test_the_conversation_limits_hold_over_two_seconds_thirty_seconds_and_an_hour() -> None:
    time = FakeTime()
    limits = RateLimits(clock=time.now, sleep=time.sleep)
    sent: list[float] = []

    for _ in range(1_801):
        await limits.wait_turn("tenant", "19:chat")
        sent.append(time.now())

    def most_in(window: float) -> int:
        return max(sum(1 for t in sent if start <= t < start + window) for start in sent)

    assert (most_in(1.0), most_in(2.0), most_in(30.0), most_in(3600.0)) == (7, 8, 60, 1_800)


async def test_one_tenant_gets_at_most_fifty_requests_a_second_over_all_its_conversations() -> None:
    time = FakeTime()
    limits = RateLimits(clock=time.now, sleep=time.sleep)
    sent: list[float] = []

    for n in range(120):
        await limits.wait_turn("tenant", f"19:chat-{n}")
        sent.append(time.now())

    assert max(sum(1 for t in sent if start <= t < start + 1.0) for start in sent) == 50


async def test_retry_after_is_honoured_before_the_message_is_sent_again(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()
    connector.fail_next(429, retry_after=7)
    time = FakeTime()

    result = await paced(local_server, time).deliver(CHANNEL, lines(1))

    assert result.ok and len(connector.calls) == 2
    assert 7 in time.slept


@pytest.mark.parametrize("status", [412, 429, 502, 503, 504])
async def test_a_post_that_teams_throttles_or_drops_is_sent_again(local_server: TeamsServer,
                                                                  connector: FakeConnector, status: int) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()
    connector.fail_next(status)

    result = await paced(local_server, FakeTime()).deliver(CHANNEL, lines(1))

    assert result.ok and len(connector.calls) == 2


async def test_a_bad_request_is_not_sent_again(local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()
    connector.fail_next(400)

    result = await paced(local_server, FakeTime()).deliver(CHANNEL, lines(1))

    assert not result.ok and len(connector.calls) == 1


async def test_a_connector_that_does_not_answer_is_given_up_on_after_the_send_timeout(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.stall_posts()
    found = local_server.ctx.deliverers["teams"]
    time = FakeTime()
    sender = Sender(RateLimits(clock=time.now, sleep=time.sleep), attempts=2, sleep=time.sleep, timeout=0.2)

    result = await TeamsDeliverer(found.adapter, found.sessions, found.app_id, sender).deliver(CHANNEL, lines(1))

    assert not result.ok and not result.permanent
    assert "could not be reached" in (result.error or "")
