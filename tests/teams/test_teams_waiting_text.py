"""What someone typed while the coach asks them something back survives a restart between the question and
the click: the server is stopped and a new one started on the same database in between."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from storage.models import Answer
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.cardsim import card_of, submit_data, texts_of
from tests.teams.conftest import TeamsServer, _serve, serve_signed, signed_settings
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import FakeOpenId
from tests.teams.test_teams_personal_chat import OTHER_CHANNEL, Chat

WHY = "golden_circle.why"


def signed(db_url: str, openid: FakeOpenId, now: datetime = FIXED_NOW) -> AsyncIterator[TeamsServer]:
    """A new server object (a new process, as far as the coach can tell) on the same database."""
    return serve_signed(AppContext.create(signed_settings(db_url, openid), clock=lambda: now))


def local(db_url: str) -> AsyncIterator[TeamsServer]:
    ctx = AppContext.create(Settings(database_url=db_url, teams_local_dev=True), clock=lambda: FIXED_NOW)
    return _serve(build_app(ctx, with_scheduler=False), ctx)


async def asked_which_team(db_url: str, connector: FakeConnector, openid: FakeOpenId) -> tuple[dict[str, Any], int]:
    """Anna, in Marketing and Sales, types a value for Sales' KPI in her personal chat and is asked which team
    the chat is about; then the server stops. The "which team?" card, and the Sales KPI's id."""
    async for server in signed(db_url, openid):
        chat = Chat(server, connector, openid)
        await chat.join_channel(act.CHANNEL, "Marketing")
        await chat.join_channel(OTHER_CHANNEL, "Sales")
        sales_kpi = await chat.add_kpi(OTHER_CHANNEL, "Deals")
        await chat.post(act.message(connector.url, "waarde Deals 7", conversation=act.personal_conversation()))
        question = card_of(connector.messages[-1])
        assert [a["title"] for a in question["body"][-1]["actions"]] == ["Marketing", "Sales"]
    connector.clear()
    return question, sales_kpi


async def test_what_was_typed_before_choosing_a_team_is_handled_after_a_restart(
        db_url: str, connector: FakeConnector, openid: FakeOpenId) -> None:
    question, sales_kpi = await asked_which_team(db_url, connector, openid)

    async for server in signed(db_url, openid):
        chat = Chat(server, connector, openid)
        status = await chat.post(act.card_submit(connector.url, submit_data(question, "Sales"),
                                                 conversation=act.personal_conversation()))

        assert 200 <= status < 300
        assert await chat.values(sales_kpi) == [7]
        said = [t for m in connector.messages for t in texts_of(m)]
        assert "Sales" in said[0] and "Deals" in said[1]


async def test_a_second_click_on_the_team_card_does_not_handle_the_typed_text_again(
        db_url: str, connector: FakeConnector, openid: FakeOpenId) -> None:
    question, sales_kpi = await asked_which_team(db_url, connector, openid)

    async for server in signed(db_url, openid):
        chat = Chat(server, connector, openid)
        click = submit_data(question, "Sales")
        # Two activities for one card: a double click.
        clicks = [act.card_submit(connector.url, click, conversation=act.personal_conversation()) for _ in range(2)]
        await asyncio.gather(*(chat.post(click) for click in clicks))

        assert await chat.values(sales_kpi) == [7]


async def test_what_was_typed_a_day_before_the_team_is_chosen_is_not_handled_and_the_person_is_told(
        db_url: str, connector: FakeConnector, openid: FakeOpenId) -> None:
    question, sales_kpi = await asked_which_team(db_url, connector, openid)

    async for server in signed(db_url, openid, now=FIXED_NOW + timedelta(days=1, minutes=1)):
        chat = Chat(server, connector, openid)
        await chat.post(act.card_submit(connector.url, submit_data(question, "Sales"),
                                        conversation=act.personal_conversation()))

        assert await chat.values(sales_kpi) == []  # an old value is not entered for this month unasked
        said = [t for m in connector.messages for t in texts_of(m)]
        assert any("Sales" in t for t in said)  # the choice itself holds
        assert any('"waarde Deals 7"' in t and "meer dan een dag oud" in t for t in said)


async def test_a_text_asked_about_as_command_or_answer_is_kept_across_a_restart(
        db_url: str, connector: FakeConnector) -> None:
    async for server in local(db_url):
        await server.post(act.message(connector.url, "start"))
        await server.post(act.message(connector.url, "help ons"))
        question = card_of(connector.messages[-1])
        assert "Dit is mijn antwoord" in [a["title"] for a in question["body"][-1]["actions"]]
    connector.clear()

    async for server in local(db_url):
        await server.post(act.card_submit(connector.url, submit_data(question, "Dit is mijn antwoord")))

        async with server.ctx.sessions() as session:
            why = await session.scalar(select(Answer.value).where(Answer.question_id == WHY))
        assert why == "help ons"
