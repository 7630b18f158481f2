"""One name per person everywhere (users.info's display name, cached), and a team named after its channel."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import select

from storage import repo
from storage.models import Member
from tests.slack.harness import ANNA, BOB, CHANNEL, SlackHarness, answers, start
from tests.slack.test_conversation import button


async def team_name(slack: SlackHarness, channel: str, expected: str) -> str | None:
    """The team's name, once it is `expected` (given after the first turn's replies: polling, with a safety cap)."""
    name = None
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(5):
            while name != expected:
                async with slack.ctx.sessions() as session:
                    team = await repo.find_team(session, "slack", slack.team, channel)
                name = team.name if team else None
                await asyncio.sleep(0.01)
    return name


async def member_names(slack: SlackHarness) -> set[str | None]:
    async with slack.ctx.sessions() as session:
        return set(await session.scalars(select(Member.name)))


async def test_a_button_and_a_typed_answer_carry_the_same_display_name(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("Om mensen te helpen", user=BOB, thread_ts=thread))
    await slack.settled()
    question = slack.last_question()
    await slack.click(question, button(question, "coach_cmd", "overslaan"), user=BOB)
    await slack.settled()
    assert (await answers(slack))["golden_circle.why"].author_name == "Person U0BOB"
    assert await member_names(slack) == {"Person U0ANNA", "Person U0BOB"}  # never the handle "u0bob"


async def test_a_persons_name_is_asked_of_slack_once(slack: SlackHarness) -> None:
    thread = await start(slack)
    for text in ("Om mensen te helpen", "Met aandacht", "Zorg thuis"):
        await slack.send_event(slack.message(text, thread_ts=thread))
        await slack.settled()
    assert [c.params["user"] for c in slack.api.of("users.info")] == [ANNA]


async def test_the_display_name_falls_back_to_the_real_name(slack: SlackHarness) -> None:
    from bot.slack.names import person_name

    assert person_name({"name": "anna.dv", "real_name": "Anna de Vries",
                        "profile": {"display_name": "", "real_name": "Anna de Vries"}}) == "Anna de Vries"
    assert person_name({"name": "anna.dv", "profile": {"display_name": "Anna"}}) == "Anna"


async def test_the_team_is_named_after_its_channel_and_the_summary_says_so(slack: SlackHarness) -> None:
    thread = await start(slack)
    assert await team_name(slack, CHANNEL, "marketing") == "marketing"
    await slack.send_event(slack.message("samenvatting", thread_ts=thread))
    await slack.settled()
    summary = slack.last_question()["text"]
    assert "marketing" in summary and CHANNEL not in summary


async def test_a_direct_message_team_is_named_after_its_person(slack: SlackHarness) -> None:
    await slack.send_event(slack.message("start", channel="D0ANNA"))
    await slack.settled()
    assert await team_name(slack, "D0ANNA", "Person U0ANNA") == "Person U0ANNA"


async def test_a_channel_slack_will_not_describe_keeps_its_id(slack: SlackHarness) -> None:
    await slack.command("start", channel="C0PRIVATE")  # the fake answers channel_not_found
    await slack.settled()
    await slack.api.wait_for("conversations.info")
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, "C0PRIVATE")
    assert team is not None and team.name == "C0PRIVATE"
