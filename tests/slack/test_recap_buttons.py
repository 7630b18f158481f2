"""A step's recap in Slack: the decisions in a few lines with Klopt / Wijzig buttons, and a challenge with
Aanscherpen / Zo houden buttons; the next step starts only after Klopt."""

from __future__ import annotations

from tests.scripts import AT, DUTCH
from tests.slack.harness import ANNA, SlackHarness, answers, start
from tests.slack.test_conversation import button


async def walk_discover(slack: SlackHarness) -> str:
    thread = await start(slack)
    for line in DUTCH[:AT["decide"] - 1]:  # every Discover answer, not yet the recap's confirmation
        await slack.send_event(slack.message(line.replace("\n", "; "), thread_ts=thread))
        await slack.settled()
    return thread


async def test_the_discover_recap_shows_its_decisions_with_klopt_and_wijzig_buttons(slack: SlackHarness) -> None:
    await walk_discover(slack)
    recap = slack.last_question()
    assert "Klopt dit?" in recap["text"] and "Eerlijkheid, lef, vakmanschap" in recap["text"]
    assert button(recap, "coach_choice", "confirm")["text"]["text"] == "Klopt"
    assert button(recap, "coach_choice", "change")["text"]["text"] == "Wijzig"
    assert not [p for p in slack.posts() if "Stap 2 · Decide" in p["text"]]  # Decide waits for the confirmation


async def test_klopt_starts_the_next_step(slack: SlackHarness) -> None:
    await walk_discover(slack)
    recap = slack.last_question()
    await slack.click(recap, button(recap, "coach_choice", "confirm"), user=ANNA)
    await slack.settled()
    assert [p for p in slack.posts() if "Stap 2 · Decide" in p["text"]]
    assert "Leggen jullie de nadruk op bestaande klanten" in slack.last_question()["text"]


async def test_wijzig_offers_the_steps_parts_as_buttons(slack: SlackHarness) -> None:
    await walk_discover(slack)
    recap = slack.last_question()
    await slack.click(recap, button(recap, "coach_choice", "change"), user=ANNA)
    await slack.settled()
    menu = slack.posts()[-1]
    assert button(menu, "coach_cmd", "wijzig kernwaarden")["text"]["text"] == "Kernwaarden"


async def test_a_weak_why_is_challenged_with_sharpen_and_keep_buttons(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("Omdat we geld willen verdienen", thread_ts=thread))
    await slack.settled()
    challenge = slack.last_question()
    assert "vanuit een overtuiging" in challenge["text"]
    await slack.click(challenge, button(challenge, "coach_choice", "keep"), user=ANNA)
    await slack.settled()
    stored = await answers(slack)
    assert stored["golden_circle.why"].value == "Omdat we geld willen verdienen"
    assert stored["_kept"].value["rule"] == "why_money" and stored["_kept"].member_id is not None
