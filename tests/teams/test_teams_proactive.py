"""Conversation references: stored on install and on every message, removed with the bot, used to post later."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.teams.delivery import TeamsDeliverer
from bot.teams.sender import RateLimits, Sender
from flows.types import Choice, Reply, ReplyKind
from scheduler.delivery import Destination
from storage.teams_models import TeamsConversationReference
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_time import FakeTime

CHECK_IN = Reply(ReplyKind.TEXT, "Tijd om de KPI's van november in te vullen.", title="Maandelijkse check-in",
                 actions=(Choice("kpi", "KPI's invullen"),))


async def stored_references(server: TeamsServer) -> list[TeamsConversationReference]:
    async with server.ctx.sessions() as session:
        return list(await session.scalars(select(TeamsConversationReference)))


def deliverer(server: TeamsServer, time: FakeTime | None = None, **options: Any) -> TeamsDeliverer:
    found = server.ctx.deliverers["teams"]
    assert isinstance(found, TeamsDeliverer)
    if time is None and not options:
        return found
    time = time or FakeTime()  # same adapter and database; retries and pacing on a clock that never waits
    sender = Sender(RateLimits(clock=time.now, sleep=time.sleep), sleep=time.sleep, **options)
    return TeamsDeliverer(found.adapter, found.sessions, found.app_id, sender)


async def test_installing_the_bot_in_a_channel_stores_its_reference_and_says_hello(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))

    [ref] = await stored_references(local_server)
    assert (ref.tenant_id, ref.conversation_id, ref.service_url) == (act.TENANT, act.CHANNEL, connector.url)
    assert ref.reference["bot"]["id"] == act.BOT_ID
    assert connector.messages, "no welcome was posted"


async def test_removing_the_bot_deletes_the_reference(local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))

    await local_server.post(act.bot_removed(connector.url))

    assert await stored_references(local_server) == []


async def test_a_message_in_a_thread_stores_the_channel_not_the_thread(local_server: TeamsServer,
                                                                       connector: FakeConnector) -> None:
    thread = act.channel_conversation(thread="1700000000042")
    await local_server.post(act.message(connector.url, "status", conversation=thread, mention_bot=True))

    [ref] = await stored_references(local_server)
    assert ref.conversation_id == act.CHANNEL
    assert ref.reference["conversation"]["id"] == act.CHANNEL
    assert ref.reference.get("activityId") is None  # a scheduled post starts a new message, not a reply


async def test_scheduled_post_reaches_the_channel_through_the_stored_reference(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()

    result = await deliverer(local_server).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL), [CHECK_IN])

    assert result.ok and result.message_id == f"activity-{connector.answered}"  # the id Teams gave the post
    [call] = connector.calls
    assert call.conversation_id == act.CHANNEL
    assert texts_of(call.body) == ["Maandelijkse check-in", CHECK_IN.text]


async def test_scheduled_post_to_a_person_uses_their_personal_chat(local_server: TeamsServer,
                                                                   connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "status", sender=act.BOB))
    connector.clear()

    result = await deliverer(local_server).deliver(
        Destination("teams", act.TENANT, act.PERSONAL, "user", act.BOB["id"]), [CHECK_IN])

    assert result.ok
    assert [c.conversation_id for c in connector.calls] == [act.PERSONAL]


async def test_scheduled_post_is_retried_after_throttling(local_server: TeamsServer,
                                                          connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()
    connector.fail_next(429, retry_after=1)
    connector.fail_next(502)

    result = await deliverer(local_server, FakeTime()).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL), [CHECK_IN])

    assert result.ok
    assert len(connector.calls) == 3  # 429, 502, then delivered


async def test_throttling_that_does_not_end_is_reported_not_raised(local_server: TeamsServer,
                                                                   connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.fail_next(429, times=10, retry_after=30)

    result = await deliverer(local_server, FakeTime(), attempts=3).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL), [CHECK_IN])

    assert not result.ok and not result.permanent
    assert result.retry_after == 30


async def test_post_to_a_conversation_the_bot_was_removed_from_is_a_permanent_failure(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    await local_server.post(act.bot_removed(connector.url))

    result = await deliverer(local_server).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL), [CHECK_IN])

    assert not result.ok and result.permanent
    assert "no Teams conversation reference" in (result.error or "")


async def test_one_tenants_reference_cannot_be_used_for_another_tenants_destination(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    connector.clear()

    result = await deliverer(local_server).deliver(
        Destination("teams", act.OTHER_TENANT, act.CHANNEL, "channel", act.CHANNEL), [CHECK_IN])

    assert not result.ok and result.permanent
    assert connector.calls == []
