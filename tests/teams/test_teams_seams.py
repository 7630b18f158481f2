"""The seams where Teams meets the coach: malformed activities, people answering at once, names, mentions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from storage.models import Answer, Member, MemberRole, Team
from storage.teams_models import TeamsConversationReference, TeamsPerson
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer, _serve
from tests.teams.fake_connector import FakeConnector


async def count(server: TeamsServer, model: Any) -> int:
    async with server.ctx.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("missing", ["serviceUrl", "conversation", "from"])
async def test_a_message_without_its_delivery_fields_gets_400_and_nothing_is_stored(
        local_server: TeamsServer, connector: FakeConnector, missing: str) -> None:
    activity = act.message(connector.url, "start")
    del activity[missing]

    response = await local_server.post(activity)

    assert response.status == 400
    assert (await count(local_server, Team), await count(local_server, Answer)) == (0, 0)
    assert await count(local_server, TeamsConversationReference) == 0
    assert connector.calls == []


async def test_a_conversation_with_an_empty_id_gets_400(local_server: TeamsServer, connector: FakeConnector) -> None:
    activity = act.message(connector.url, "start", conversation={"conversationType": "personal", "id": ""})

    response = await local_server.post(activity)

    assert response.status == 400
    assert await count(local_server, Team) == 0


@pytest.fixture
async def any_db_server(any_db_url: str) -> Any:
    ctx = AppContext.create(Settings(database_url=any_db_url, teams_local_dev=True), clock=lambda: FIXED_NOW)
    async for server in _serve(build_app(ctx, with_scheduler=False), ctx):
        yield server


def person(n: int) -> dict[str, str]:
    return {"id": f"29:person-{n}", "name": f"Persoon {n}", "aadObjectId": f"00000000-0000-4000-8000-00000000000{n}"}


async def test_eight_new_people_writing_their_first_message_at_once_are_all_answered(
        any_db_server: TeamsServer, connector: FakeConnector) -> None:
    chats = [act.personal_conversation(f"a:first-{n}") for n in range(8)]

    responses = await asyncio.gather(*(
        any_db_server.post(act.message(connector.url, "help", sender=person(n), conversation=chat))
        for n, chat in enumerate(chats)))

    assert [r.status for r in responses if not 200 <= r.status < 300] == []
    assert sorted({c.conversation_id for c in connector.calls}) == sorted(c["id"] for c in chats)
    async with any_db_server.ctx.sessions() as session:
        names = set(await session.scalars(select(Team.name)))
    assert names == {f"Persoon {n}" for n in range(8)}  # named as created, not by a rename racing the others


async def test_eight_people_answering_at_once_are_all_stored_and_all_answered(
        any_db_server: TeamsServer, connector: FakeConnector) -> None:
    chats = [act.personal_conversation(f"a:chat-{n}") for n in range(8)]
    for n, chat in enumerate(chats):
        await any_db_server.post(act.message(connector.url, "start", sender=person(n), conversation=chat))

    responses = await asyncio.gather(*(
        any_db_server.post(act.message(connector.url, f"Wij geloven in groei, zegt {n}.", sender=person(n),
                                       conversation=chat))
        for n, chat in enumerate(chats)))

    assert [r.status for r in responses if not 200 <= r.status < 300] == []
    async with any_db_server.ctx.sessions() as session:
        whys = set(await session.scalars(select(Answer.value).where(Answer.question_id == "golden_circle.why")))
    assert whys == {f"Wij geloven in groei, zegt {n}." for n in range(8)}
    asked = [c for c in connector.calls if any("Hoe doen jullie" in t for t in texts_of(c.body))]
    assert sorted(c.conversation_id for c in asked) == sorted(c["id"] for c in chats)


async def test_a_person_is_stored_with_their_aad_object_id_beside_the_teams_user_id(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "status", sender=act.ANNA))

    async with local_server.ctx.sessions() as session:
        stored = (await session.scalars(select(TeamsPerson))).one()
    assert (stored.tenant_id, stored.user_id, stored.aad_object_id, stored.name) == (
        act.TENANT, act.ANNA["id"], act.ANNA["aadObjectId"], act.ANNA["name"])


async def test_the_team_is_named_after_the_teams_team_not_its_thread_id(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))  # the install event names the team: "Marketing"

    async with local_server.ctx.sessions() as session:
        team = (await session.scalars(select(Team))).one()
    assert (team.external_id, team.name) == (act.CHANNEL, "Marketing")


async def test_a_channel_other_than_general_is_named_team_and_channel(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    added = act.bot_added(connector.url)
    added["channelData"]["channel"] = {"id": act.CHANNEL, "name": "Campagnes"}

    await local_server.post(added)
    connector.clear()
    await local_server.post(act.message(connector.url, "samenvatting", conversation=act.channel_conversation(),
                                        mention_bot=True))

    async with local_server.ctx.sessions() as session:
        name = await session.scalar(select(Team.name))
    assert name == "Marketing › Campagnes"
    said = "\n".join(t for m in connector.messages for t in texts_of(m))
    assert "19:" not in said


async def test_the_channel_welcome_says_a_channel_needs_the_bots_mention_to_start(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))

    said = "\n".join(t for m in connector.messages for t in texts_of(m))
    assert "@Coach start" in said


async def test_role_with_a_real_teams_mention_entity_gives_the_mentioned_person_the_role(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    channel = act.channel_conversation()
    await local_server.post(act.message(connector.url, "start", conversation=channel, mention_bot=True))
    activity = act.message(connector.url, f"rol <at>{act.BOB['name']}</at> projectmanager", conversation=channel,
                           mention_bot=True)
    activity["entities"].append({"type": "mention", "text": f"<at>{act.BOB['name']}</at>",
                                 "mentioned": {"id": act.BOB["id"], "name": act.BOB["name"]}})

    response = await local_server.post(activity)

    assert 200 <= response.status < 300
    async with local_server.ctx.sessions() as session:
        holders = list(await session.scalars(
            select(Member.external_id).join(MemberRole, MemberRole.member_id == Member.id)))
    assert holders == [act.BOB["id"]]


async def test_a_renamed_team_is_called_by_its_new_name(local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    renamed = act.bot_added(connector.url)
    del renamed["membersAdded"]
    renamed["channelData"].update(eventType="teamRenamed", team={"id": act.TEAM_ID, "name": "Marketing & Sales"})

    response = await local_server.post(renamed)

    assert 200 <= response.status < 300
    async with local_server.ctx.sessions() as session:
        assert await session.scalar(select(Team.name)) == "Marketing & Sales"


async def test_a_renamed_channel_keeps_the_teams_name_before_its_own(local_server: TeamsServer,
                                                                     connector: FakeConnector) -> None:
    await local_server.post(act.bot_added(connector.url))
    renamed = act.bot_added(connector.url)
    del renamed["membersAdded"]
    renamed["channelData"] = {"tenant": {"id": act.TENANT}, "eventType": "channelRenamed",
                              "channel": {"id": act.CHANNEL, "name": "Campagnes 2027"}, "team": {"id": act.TEAM_ID}}

    await local_server.post(renamed)

    async with local_server.ctx.sessions() as session:
        assert await session.scalar(select(Team.name)) == "Marketing › Campagnes 2027"
