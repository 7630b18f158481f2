"""Coaching over real HTTP: activities in at /api/messages, replies out to the fake Bot Connector."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from storage.models import Answer, Kpi, Team, Workspace
from tests.scripts import AT, DUTCH
from tests.teams import activities as act
from tests.teams.cardsim import card_of, inputs, submit_data, texts_of
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector


def last_question(connector: FakeConnector) -> dict[str, Any]:
    return next(card_of(m) for m in reversed(connector.messages) if "attachments" in m)


async def test_start_in_a_personal_chat_posts_the_first_question_back_to_the_service_url(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    response = await local_server.post(act.message(connector.url, "start"))

    assert 200 <= response.status < 300
    assert all(c.conversation_id == act.PERSONAL for c in connector.calls)
    assert any("Waarom doen jullie wat jullie doen?" in t for m in connector.messages for t in texts_of(m))


async def test_whole_discover_step_is_answered_in_a_channel_thread(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    thread = act.channel_conversation(thread="1700000000001")
    await local_server.post(act.message(connector.url, "start", conversation=thread, mention_bot=True))
    for line in DUTCH[:AT["decide"]]:  # Discover, then its recap confirmed
        response = await local_server.post(act.message(connector.url, line, conversation=thread, mention_bot=True))
        assert 200 <= response.status < 300

    assert "Stap 2 · Decide" in [t for m in connector.messages for t in texts_of(m)]
    async with local_server.ctx.sessions() as session:
        team = await session.scalar(select(Team))
        workspace = await session.get(Workspace, team.workspace_id)
        answers = await session.scalar(select(func.count(func.distinct(Answer.question_id))))
        why = await session.scalar(select(Answer.value).where(Answer.question_id == "golden_circle.why"))
    assert (workspace.platform, workspace.external_id, team.external_id) == ("teams", act.TENANT, act.CHANNEL)
    assert answers == 17
    assert why == DUTCH[0]  # the @mention of the bot was stripped before the answer was read


async def walk_to_kpi_card(server: TeamsServer, connector: FakeConnector) -> dict[str, Any]:
    await server.post(act.message(connector.url, "start"))
    for line in DUTCH[:AT["persona"]]:
        await server.post(act.message(connector.url, line))
    persona_at = AT["persona"]
    for persona in (DUTCH[persona_at:persona_at + 5], DUTCH[persona_at + 5:persona_at + 10]):
        card = last_question(connector)
        fields = dict(zip(("name", "demographics", "behaviour", "drivers", "buying_motives"), persona, strict=True))
        await server.post(act.card_submit(connector.url, submit_data(card, "Opslaan", fields)))
    for line in DUTCH[AT["proposition"]:AT["kpi"]]:
        await server.post(act.message(connector.url, line))
    return last_question(connector)


async def test_kpi_card_submitted_with_one_input_per_part_is_stored_as_a_kpi(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    card = await walk_to_kpi_card(local_server, connector)
    assert list(inputs(card)) == ["name", "focus_group", "goal", "funnel", "unit", "baseline", "target", "period",
                                  "deadline", "owner", "source"]

    kpi = {"name": "Conversieratio webshop", "focus_group": "MKB-ondernemers",
           "goal": "Meer leads uit bestaande klanten", "funnel": "do", "unit": "percent", "baseline": "2.1",
           "target": "2.5", "period": "total",
           "deadline": "2027-06-30", "owner": "Sanne", "source": "Google Analytics"}
    response = await local_server.post(act.card_submit(connector.url, submit_data(card, "Opslaan", kpi)))

    assert 200 <= response.status < 300
    async with local_server.ctx.sessions() as session:
        stored = (await session.scalars(select(Kpi))).one()
    assert (stored.name, stored.funnel, stored.unit) == ("Conversieratio webshop", "do", "percent")
    assert (stored.baseline, stored.target, stored.deadline) == (2.1, 2.5, date(2027, 6, 30))
    assert (stored.owner, stored.source) == ("Sanne", "Google Analytics")
    async with local_server.ctx.sessions() as session:
        value = await session.scalar(select(Answer.value).where(Answer.question_id == "kpis.kpis"))
    assert (value[0]["focus_group"], value[0]["goal"], value[0]["period"]) == (
        "MKB-ondernemers", "Meer leads uit bestaande klanten", "total")


async def test_done_button_under_the_kpi_card_names_the_group_without_a_kpi_then_moves_on_to_the_flywheel(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    card = await walk_to_kpi_card(local_server, connector)
    kpi = {"name": "Leads per maand", "focus_group": "MKB-ondernemers", "goal": "Meer leads uit bestaande klanten",
           "funnel": "think", "unit": "count", "baseline": "40", "target": "60", "period": "month",
           "deadline": "2027-06-30", "owner": "Sanne", "source": "CRM"}
    await local_server.post(act.card_submit(connector.url, submit_data(card, "Opslaan", kpi)))

    await local_server.post(act.card_submit(connector.url, submit_data(last_question(connector), "Klaar")))
    challenge = last_question(connector)
    assert "Nog geen KPI voor Starters" in "\n".join(texts_of(connector.messages[-1]))
    await local_server.post(act.card_submit(connector.url, submit_data(challenge, "Zo houden")))

    assert "Welke afdeling is bij jullie waarvoor verantwoordelijk?" in "\n".join(texts_of(connector.messages[-1]))


async def test_axis_question_is_answered_with_a_card_button(local_server: TeamsServer,
                                                            connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    for line in DUTCH[:AT["decide"]]:
        await local_server.post(act.message(connector.url, line))
    card = last_question(connector)

    await local_server.post(act.card_submit(connector.url, submit_data(card, "Vooral bestaande klanten")))

    async with local_server.ctx.sessions() as session:
        value = await session.scalar(select(Answer.value).where(Answer.question_id == "marketing_goals.customers"))
    assert value is not None and "2" in str(value)


async def test_action_execute_invoke_gets_an_invoke_response_and_the_next_question(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))

    async with local_server.http.post(f"{local_server.url}/api/messages",
                                      json=act.card_execute(connector.url, {"command": "status"})) as response:
        body = await response.json()

    assert response.status == 200 and body["statusCode"] == 200
    assert "Waarom doen jullie wat jullie doen?" in "\n".join(texts_of(connector.messages[-1]))
