"""The personal (1:1) chat belongs to the person: it is about one of their teams, and the bot can open it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.teams.delivery import TeamsDeliverer
from flows.types import Form, FormField, Reply, ReplyKind
from scheduler.content import VALUE_FORM_PREFIX
from scheduler.delivery import Destination
from storage.cycle_models import KpiValue
from storage.models import Kpi, Team
from storage.repo import kpi_key
from tests.teams import activities as act
from tests.teams.cardsim import card_of, submit_data, texts_of
from tests.teams.conftest import APP_ID, TeamsServer
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import FakeOpenId

OTHER_CHANNEL = "19:ffeeddccbbaa00998877665544332211@thread.tacv2"


class Chat:
    """Anna and the signed server: every activity carries a channel token, as Teams sends it."""

    def __init__(self, server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
        self.server, self.connector, self.openid = server, connector, openid

    async def post(self, activity: dict[str, Any]) -> int:
        response = await self.server.post(activity, token=self.openid.token(APP_ID, self.connector.url))
        return response.status

    async def join_channel(self, channel: str, team_name: str) -> None:
        team = {"id": channel, "name": team_name}  # the team's General channel has the team's id
        added = act.bot_added(self.connector.url, conversation=act.channel_conversation(channel=channel))
        message = act.message(self.connector.url, "status", conversation=act.channel_conversation(channel=channel),
                              mention_bot=True)
        for activity in (added, message):
            activity["channelData"].update(team=team, channel={"id": channel}, teamsTeamId=channel,
                                           teamsChannelId=channel)
            assert 200 <= await self.post(activity) < 300

    async def add_kpi(self, channel: str, name: str) -> int:
        async with self.server.ctx.sessions.begin() as session:
            team = await session.scalar(select(Team).where(Team.external_id == channel))
            kpi = Kpi(team_id=team.id, key=kpi_key(name), name=name, unit="count", target=60, owner=act.ANNA["name"])
            session.add(kpi)
            await session.flush()
            return kpi.id

    async def values(self, kpi_id: int) -> list[float | None]:
        async with self.server.ctx.sessions() as session:
            return list(await session.scalars(select(KpiValue.value).where(KpiValue.kpi_id == kpi_id)))


def reminder(key: str, name: str) -> Reply:
    # The clock stands at 23 November 2026: the month being measured is October, the one that ended.
    form = Form(f"{VALUE_FORM_PREFIX}2026-10", "KPI's van oktober", (FormField(name=key, label=name, kind="number"),),
                "Opslaan")
    return Reply(ReplyKind.QUESTION, f"Anna, vul {name} van oktober in.", title="KPI's van oktober", form=form,
                 question_id=form.form_id)


def deliverer(server: TeamsServer) -> TeamsDeliverer:
    found = server.ctx.deliverers["teams"]
    assert isinstance(found, TeamsDeliverer)
    return found


async def test_a_reminder_to_someone_who_never_opened_a_chat_opens_one_through_their_team(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    chat = Chat(signed_server, connector, openid)
    await chat.join_channel(act.CHANNEL, "Marketing")
    connector.clear()

    result = await deliverer(signed_server).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "user", act.ANNA["id"]), [reminder("leads", "Leads")])

    assert result.ok, result.error
    [created] = connector.created
    assert created["members"] == [{"id": act.ANNA["id"], "name": act.ANNA["name"]}]
    assert created["tenantId"] == act.TENANT and created["isGroup"] is False
    assert created["bot"]["id"] == act.BOT_ID
    assert [c.conversation_id for c in connector.calls] == [f"a:personal-with-{act.ANNA['id']}"]


async def test_a_kpi_reminder_in_the_personal_chat_is_answered_there_with_its_button_and_by_typing(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    chat = Chat(signed_server, connector, openid)
    await chat.join_channel(act.CHANNEL, "Marketing")
    kpi_id = await chat.add_kpi(act.CHANNEL, "Leads per maand")
    await deliverer(signed_server).deliver(Destination("teams", act.TENANT, act.CHANNEL, "user", act.ANNA["id"]),
                                           [reminder(kpi_key("Leads per maand"), "Leads per maand")])
    personal = act.personal_conversation(f"a:personal-with-{act.ANNA['id']}")
    card = card_of(connector.messages[-1])
    connector.clear()

    pressed_button = submit_data(card, "Opslaan", {kpi_key("Leads per maand"): "42"})
    assert 200 <= await chat.post(act.card_submit(connector.url, pressed_button, conversation=personal)) < 300
    pressed = "\n".join(t for m in connector.messages for t in texts_of(m))
    assert await chat.values(kpi_id) == [42]
    assert "nog geen KPI" not in pressed

    assert 200 <= await chat.post(act.message(connector.url, "waarde Leads per maand 43", conversation=personal)) < 300
    assert await chat.values(kpi_id) == [43]


async def test_someone_in_two_teams_is_asked_which_team_their_personal_chat_is_about(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    chat = Chat(signed_server, connector, openid)
    await chat.join_channel(act.CHANNEL, "Marketing")
    await chat.join_channel(OTHER_CHANNEL, "Sales")
    sales_kpi = await chat.add_kpi(OTHER_CHANNEL, "Deals")
    personal = act.personal_conversation()
    connector.clear()

    await chat.post(act.message(connector.url, "waarde Deals 7", conversation=personal))
    question = card_of(connector.messages[-1])
    assert [a["title"] for a in question["body"][-1]["actions"]] == ["Marketing", "Sales"]

    await chat.post(act.card_submit(connector.url, submit_data(question, "Sales"), conversation=personal))

    said = [t for m in connector.messages[-2:] for t in texts_of(m)]
    assert "Sales" in said[0] and "Deals" in said[1]
    assert await chat.values(sales_kpi) == [7]  # what was typed before the question counts, for Sales


async def test_someone_in_no_team_keeps_their_personal_chat_as_a_team_of_their_own(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    chat = Chat(signed_server, connector, openid)

    await chat.post(act.message(connector.url, "start"))

    assert any("Waarom doen jullie wat jullie doen?" in t for m in connector.messages for t in texts_of(m))


async def test_the_team_of_a_personal_chat_bears_the_persons_name_on_what_it_shows(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))

    async with local_server.ctx.sessions() as session:
        names = list(await session.scalars(select(Team.name)))
    assert names == [act.ANNA["name"]]  # the strategy's title and file names use it; never "a:1Xq3…"
