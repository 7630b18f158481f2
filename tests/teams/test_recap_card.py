"""A step's recap in Teams: an Adaptive Card with the decisions and Klopt / Wijzig buttons; a challenge card
with Aanscherpen / Zo houden. The next step starts only after Klopt."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Answer
from tests.scripts import AT, DUTCH
from tests.teams import activities as act
from tests.teams.cardsim import button, card_of, submit_data, texts_of
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector


def last_card(connector: FakeConnector) -> dict[str, Any]:
    return next(card_of(m) for m in reversed(connector.messages) if "attachments" in m)


def all_texts(connector: FakeConnector) -> str:
    return "\n".join(t for m in connector.messages for t in texts_of(m))


async def walk_discover(server: TeamsServer, connector: FakeConnector) -> dict[str, Any]:
    await server.post(act.message(connector.url, "start"))
    for line in DUTCH[:AT["decide"] - 1]:
        await server.post(act.message(connector.url, line))
    return last_card(connector)


async def test_the_discover_recap_card_has_klopt_and_wijzig_buttons(local_server: TeamsServer,
                                                                    connector: FakeConnector) -> None:
    card = await walk_discover(local_server, connector)
    text = "\n".join(b["text"] for b in card["body"] if b["type"] == "TextBlock")
    assert "Klopt dit?" in text and "Eerlijkheid, lef, vakmanschap" in text
    assert button(card, "Klopt")["data"]["choice"] == "confirm"
    assert button(card, "Wijzig")["data"]["choice"] == "change"
    assert "Stap 2 · Decide" not in all_texts(connector)


async def test_klopt_on_the_recap_card_starts_decide(local_server: TeamsServer, connector: FakeConnector) -> None:
    card = await walk_discover(local_server, connector)
    await local_server.post(act.card_submit(connector.url, submit_data(card, "Klopt")))
    assert "Stap 2 · Decide" in all_texts(connector)
    assert "Leggen jullie de nadruk op bestaande klanten" in "\n".join(texts_of(connector.messages[-1]))


async def test_a_weak_answer_gets_a_challenge_card_and_keeping_stores_a_kept_point(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    await local_server.post(act.message(connector.url, "Omdat we geld willen verdienen"))
    card = last_card(connector)
    assert button(card, "Aanscherpen")["data"]["choice"] == "sharpen"
    await local_server.post(act.card_submit(connector.url, submit_data(card, "Zo houden")))
    async with local_server.ctx.sessions() as session:
        kept = await session.scalar(select(Answer.value).where(Answer.question_id == "_kept"))
    assert kept["rule"] == "why_money" and kept["quote"] == "Omdat we geld willen verdienen"
    assert "Hoe doen jullie dat?" in all_texts(connector)
