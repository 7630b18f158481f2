"""A whole Dutch walk in a Teams personal chat, then its answers made long, with every activity the coach
posts checked against what Teams documents (`card_rules`)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Answer
from tests.teams import activities as act
from tests.teams.card_rules import check_activities
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector
from tests.weak_walk import DUTCH_WEAK, KEEP

PARAGRAPH = "Wij willen dat elke fietser in Gent zorgeloos rijdt, met eerlijk advies en snelle herstelling. "
LONG = {"why": 9_000, "how": 2_900, "what": 2_900, "problem": 2_900}


def long_text(length: int) -> str:
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length].rstrip()


async def test_every_activity_of_a_whole_walk_with_long_answers_is_within_what_teams_accepts(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    lines = ["start", *DUTCH_WEAK]
    for edit, length in LONG.items():
        lines += [f"wijzig {edit}", long_text(length), KEEP]
    lines += ["samenvatting", "strategie", "export", "status", "help"]
    for line in lines:
        await local_server.post(act.message(connector.url, line))

    async with local_server.ctx.sessions() as session:
        stored = list(await session.execute(select(Answer.question_id, Answer.value)))
    assert {(q, len(v)) for q, v in stored if isinstance(v, str) and len(v) >= 2_900} == {
        ("golden_circle.why", 9_000), ("golden_circle.how", 2_900), ("golden_circle.what", 2_900),
        ("ambitions.problem", 2_900)}
    assert len(connector.messages) > 200
    assert any("Strategie op één pagina" in str(m) for m in connector.messages)
    assert check_activities(connector.messages) == []
