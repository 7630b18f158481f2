"""A team is coached in a Slack channel: intro at the top, questions in the thread, buttons and modals."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage import repo
from storage.models import Answer
from tests.slack.harness import ANNA, BOB, CHANNEL, SlackHarness, answers, start


def button(message: dict[str, Any], action_prefix: str, value: str | None = None) -> dict[str, Any]:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["action_id"].startswith(action_prefix) and (
                    value is None or element["value"] == value):
                return {**element, "block_id": block["block_id"]}
    raise AssertionError(f"no {action_prefix} button {value or ''} in {message['text'][:80]!r}")


async def test_start_posts_the_step_intro_in_the_channel_and_the_question_in_its_thread(slack: SlackHarness) -> None:
    thread = await start(slack)
    intro = next(p for p in slack.posts() if p["ts"] == thread)
    assert intro.get("thread_ts") is None
    assert intro["blocks"][0]["type"] == "header"
    question = slack.last_question()
    assert question["thread_ts"] == thread
    assert "Golden Circle" in question["text"]


async def test_the_whole_discover_step_is_walked_through_the_thread_and_the_buttons(slack: SlackHarness) -> None:
    thread = await start(slack)
    for turn in range(40):
        question = slack.last_question()
        if question.get("thread_ts") != thread:
            break
        if "vraag 10 " in question["text"] or "vraag 11 " in question["text"]:  # optional: the skip button
            await slack.click(question, button(question, "coach_cmd", "overslaan"), user=BOB)
        elif "Klopt dit?" in question["text"]:  # the step's recap: confirmed with its button
            await slack.click(question, button(question, "coach_choice", "confirm"), user=ANNA)
        else:
            user = ANNA if turn % 2 else BOB
            await slack.send_event(slack.message(f"antwoord {turn}, en nog een", user=user, thread_ts=thread))
        await slack.settled()
    decide_intro = next(p for p in slack.posts() if "Decide" in p["text"])
    assert decide_intro.get("thread_ts") is None  # the next step's intro is at the top of the channel
    stored = await answers(slack)
    required = [q.id for q in slack.ctx.flow.questions if q.step_id == "discover" and not q.optional]
    assert set(required) <= set(stored)
    assert stored["golden_circle.why"].author_name == "Person U0BOB"  # attributed to who typed it
    assert "data_analysis.visitors" not in stored  # skipped with its button
    # the first Decide question is an axis: its buttons answer it, and the message shows who chose
    axis = slack.last_question()
    choice = button(axis, "coach_choice")
    await slack.click(axis, choice, user=ANNA)
    await slack.settled()
    assert (await answers(slack))["marketing_goals.customers"].member_id is not None
    shown = slack.api.of("chat.update")[-1].params
    assert shown["ts"] == axis["ts"]
    assert any(f"<@{ANNA}>" in str(b) and b["type"] == "context" for b in shown["blocks"])


async def test_a_kpi_is_filled_in_through_the_modal(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("wijzig kpis", thread_ts=thread))
    await slack.settled()
    question = slack.last_question()
    await slack.click(question, button(question, "coach_form"))
    opened = await slack.api.wait_for("views.open")
    view = opened[-1].params["view"]
    # no focus groups or goals yet: the KPI can only be "overall", and there is no goal to choose
    assert [b["block_id"] for b in view["blocks"]][:3] == ["f:name", "f:focus_group", "f:funnel"]
    values = {
        "f:name": {"value": {"type": "plain_text_input", "value": "Bezoekers webshop"}},
        "f:focus_group": {"value": {"type": "static_select", "selected_option": {"value": "overall"}}},
        "f:funnel": {"value": {"type": "static_select", "selected_option": {"value": "see"}}},
        "f:unit": {"value": {"type": "static_select", "selected_option": {"value": "count"}}},
        "f:baseline": {"value": {"type": "number_input", "value": "1000"}},
        "f:target": {"value": {"type": "number_input", "value": "1500"}},
        "f:deadline": {"value": {"type": "datepicker", "selected_date": "2027-06-30"}},
        "f:owner": {"value": {"type": "plain_text_input", "value": "Anna"}},
        "f:source": {"value": {"type": "plain_text_input", "value": "Google Analytics"}},
    }
    status, _ = await slack.submit(view, values)
    assert status == 200
    await slack.settled()
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, CHANNEL)
        kpis = await repo.team_kpis(session, team.id)
    assert [(k.name, k.target) for k in kpis] == [("Bezoekers webshop", 1500.0)]
    echo = next(p for p in slack.posts() if p["text"].startswith(f"<@{ANNA}>"))
    assert echo["thread_ts"] == thread and "Bezoekers webshop" in echo["text"]


async def test_an_edit_updates_the_message_that_showed_the_answer(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("wijzig kpis", thread_ts=thread))
    await slack.settled()
    question = slack.last_question()
    await slack.click(question, button(question, "coach_form"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    await slack.submit(view, {"f:name": {"value": {"value": "Leads"}},
                              "f:focus_group": {"value": {"selected_option": {"value": "overall"}}}})
    await slack.settled()
    echo = next(p for p in slack.posts() if p["text"].startswith(f"<@{ANNA}>"))
    posted_before = len(slack.posts())
    for text in ("houden", "klaar"):  # keep the KPI the coach challenged (no target yet), then done
        await slack.send_event(slack.message(text, thread_ts=thread))
        await slack.settled()
    await slack.send_event(slack.message("wijzig kpis", thread_ts=thread))
    await slack.settled()
    updated = [u.params["ts"] for u in slack.api.of("chat.update")]
    assert echo["ts"] in updated  # the message showing the KPI answer, updated in place
    assert len(slack.posts()) > posted_before


async def test_channel_chatter_outside_the_thread_is_not_an_answer(slack: SlackHarness) -> None:
    await start(slack)
    posts = len(slack.posts())
    await slack.send_event(slack.message("koffie iemand?"))
    await slack.settled()
    assert len(slack.posts()) == posts
    assert "golden_circle.why" not in await answers(slack)


async def test_bot_messages_are_never_answers(slack: SlackHarness) -> None:
    thread = await start(slack)
    posts = len(slack.posts())
    await slack.send_event(slack.message("mijn eigen bericht", user="UBOT", thread_ts=thread, bot_id="BBOT"))
    await slack.send_event(slack.message("andere bot", user="U0OTHER", thread_ts=thread, bot_id="B0OTHER",
                                         subtype="bot_message"))
    await slack.settled()
    assert len(slack.posts()) == posts


async def test_a_direct_message_coaches_one_person_without_threads(slack: SlackHarness) -> None:
    await slack.send_event(slack.message("start", channel="D0ANNA"))
    await slack.settled()
    posts = slack.posts("D0ANNA")
    assert posts and all(p.get("thread_ts") is None for p in posts)
    await slack.send_event(slack.message("Om mensen te helpen", channel="D0ANNA"))
    await slack.settled()
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, "D0ANNA")
        stored = await session.scalars(select(Answer.question_id).where(Answer.team_id == team.id))
        assert list(stored) == ["golden_circle.why"]


async def test_the_home_tab_shows_progress_and_what_waits(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("Om mensen te helpen", thread_ts=thread))
    await slack.settled()
    await slack.send_event({"type": "app_home_opened", "user": ANNA, "channel": "D0ANNA", "tab": "home",
                            "event_ts": "1800000000.1"})
    published = (await slack.api.wait_for("views.publish"))[-1].params
    text = str(published["view"])
    assert published["user_id"] == ANNA
    assert "1/17" in text and "Decide" in text
    assert "Hoe doen jullie dat" in text


async def test_the_home_tab_shows_what_waits_for_the_person_looking(slack: SlackHarness) -> None:
    from scheduler.demo import seed_demo_team

    async with slack.ctx.sessions() as session, session.begin():
        await seed_demo_team(session, "C0DEMO", platform="slack", workspace=slack.team)
    await slack.send_event({"type": "app_home_opened", "user": "anna", "channel": "D0ANNA", "tab": "home",
                            "event_ts": "1800000000.2"})
    text = str((await slack.api.wait_for("views.publish"))[-1].params["view"])
    assert "Wacht op jou" in text
    assert "KPI-waarden" in text


async def test_a_form_sent_empty_gets_what_is_missing_and_no_empty_copy_of_it(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("wijzig kpis", thread_ts=thread))
    await slack.settled()
    question = slack.last_question()
    await slack.click(question, button(question, "coach_form"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    posted = len(slack.posts())
    status, _ = await slack.submit(view, {})
    await slack.settled()
    assert status == 200
    said = [p["text"] for p in slack.posts()[posted:]]
    assert not [t for t in said if t.startswith(f"<@{ANNA}>")]  # no "wat je invulde:" over nothing
    assert "Naam van de KPI is verplicht" in said[0]


async def test_a_message_with_empty_text_beside_rich_text_blocks_is_read_from_the_blocks(slack: SlackHarness) -> None:
    thread = await start(slack)
    blocks = [{"type": "rich_text", "block_id": "b1", "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": "Omdat fietsen "},
                                                   {"type": "text", "text": "de stad", "style": {"bold": True}},
                                                   {"type": "text", "text": " beter maakt"}]}]}]
    await slack.send_event(slack.message("", thread_ts=thread, blocks=blocks))
    await slack.settled()
    assert (await answers(slack))["golden_circle.why"].value == "Omdat fietsen de stad beter maakt"
