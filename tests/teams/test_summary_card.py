"""`samenvatting` in Teams is page one of the strategy as its Adaptive Card: the focus groups in a Table and
the point kept in the chat under Aandachtspunten, over real HTTP to the fake Bot Connector."""

from __future__ import annotations

import json
from typing import Any

from tests.scripts import AT, DUTCH
from tests.teams import activities as act
from tests.teams.cardsim import card_of, submit_data
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector


def _last_card(connector: FakeConnector, title: str = "") -> dict[str, Any]:
    return next(card_of(m) for m in reversed(connector.messages) if "attachments" in m
                and card_of(m)["body"][0].get("text", "").startswith(title))


async def test_the_summary_is_the_strategy_card_with_the_focus_groups_table_and_the_kept_point(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    await local_server.post(act.message(connector.url, "start"))
    for line in ["Omdat we geld willen verdienen", "houden", *DUTCH[1:AT["persona"]]]:
        await local_server.post(act.message(connector.url, line))
    persona_at = AT["persona"]
    for persona in (DUTCH[persona_at:persona_at + 5], DUTCH[persona_at + 5:persona_at + 10]):
        fields = dict(zip(("name", "demographics", "behaviour", "drivers", "buying_motives"), persona, strict=True))
        await local_server.post(act.card_submit(connector.url, submit_data(_last_card(connector), "Opslaan", fields)))
    for line in [*DUTCH[AT["proposition"]:AT["kpi"]], "samenvatting"]:
        await local_server.post(act.message(connector.url, line))

    card = _last_card(connector, "Strategie op één pagina")  # then the open question is asked again
    shown = json.dumps(card, ensure_ascii=False)
    table = next(e for e in card["body"] if e["type"] == "Table")
    assert [r["cells"][0]["items"][0]["text"].split(" — ")[0] for r in table["rows"][1:]] == [
        "MKB-ondernemers", "Starters"]
    assert "De why: “Omdat we geld willen verdienen” — De why gaat vooral over geld of groei" in shown
    assert card["actions"][0]["data"] == {"command": "/document"}
