"""Redelivered activities handled once; one tenant's conversations never reachable from another tenant."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Answer, Team
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector


async def answer_count(server: TeamsServer) -> int:
    async with server.ctx.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Answer)) or 0


async def test_redelivered_activity_with_the_same_id_is_handled_once(local_server: TeamsServer,
                                                                     connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    answer = act.message(connector.url, "We geloven in groei.")
    await local_server.post(answer)
    posted = len(connector.calls)

    again = await local_server.post(answer)

    assert 200 <= again.status < 300
    assert len(connector.calls) == posted  # nothing said twice
    assert await answer_count(local_server) == 1


async def test_same_text_sent_again_as_a_new_activity_is_a_new_turn(local_server: TeamsServer,
                                                                    connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    await local_server.post(act.message(connector.url, "Omdat het moet."))

    await local_server.post(act.message(connector.url, "Omdat het moet."))

    assert await answer_count(local_server) == 2  # why and how: two different questions answered


async def test_same_activity_id_in_another_tenant_is_not_a_duplicate(local_server: TeamsServer,
                                                                     connector: FakeConnector) -> None:
    first = act.message(connector.url, "start")
    other = act.message(connector.url, "start", tenant=act.OTHER_TENANT)
    other["id"] = first["id"]

    await local_server.post(first)
    await local_server.post(other)

    async with local_server.ctx.sessions() as session:
        teams = await session.scalar(select(func.count()).select_from(Team))
    assert teams == 2


async def test_a_conversation_id_replayed_from_another_tenant_does_not_see_the_first_tenants_answers(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    await local_server.post(act.message(connector.url, "Geheim antwoord van tenant A"))
    connector.clear()

    await local_server.post(act.message(connector.url, "samenvatting", tenant=act.OTHER_TENANT))

    said = "\n".join(t for m in connector.messages for t in texts_of(m))
    assert said, "the other tenant got no answer at all"
    assert "Geheim antwoord" not in said


async def test_activity_whose_two_tenant_fields_disagree_is_ignored(local_server: TeamsServer,
                                                                   connector: FakeConnector) -> None:
    activity = act.message(connector.url, "start")
    activity["channelData"]["tenant"]["id"] = act.OTHER_TENANT

    await local_server.post(activity)

    assert connector.calls == []


async def test_messages_from_other_bots_are_not_coaching_input(local_server: TeamsServer,
                                                               connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start", sender={"id": "28:other-bot", "name": "Bot",
                                                                        "role": "bot"}))

    assert connector.calls == []
