"""Buttons and forms belong to the question they were shown with: an old one never acts on the current question."""

from __future__ import annotations

from typing import Any

from storage import repo
from tests.slack.harness import ANNA, CHANNEL, SlackHarness, answers, start
from tests.slack.test_conversation import button

KPI_VALUES = {
    "f:name": {"value": {"type": "plain_text_input", "value": "Offerteaanvragen"}},
    "f:focus_group": {"value": {"type": "static_select", "selected_option": {"value": "overall"}}},
    "f:funnel": {"value": {"type": "static_select", "selected_option": {"value": "do"}}},
    "f:unit": {"value": {"type": "static_select", "selected_option": {"value": "percent"}}},
    "f:baseline": {"value": {"type": "number_input", "value": "2"}},
    "f:target": {"value": {"type": "number_input", "value": "4"}},
    "f:deadline": {"value": {"type": "datepicker", "selected_date": "2027-06-30"}},
    "f:owner": {"value": {"type": "plain_text_input", "value": "Anna"}},
    "f:source": {"value": {"type": "plain_text_input", "value": "CRM"}},
}


def has_buttons(blocks: list[dict[str, Any]]) -> bool:
    return any(b["type"] == "actions" for b in blocks)


async def answer(slack: SlackHarness, thread: str, text: str) -> None:
    await slack.send_event(slack.message(text, thread_ts=thread))
    await slack.settled()


async def position(slack: SlackHarness) -> str:
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, CHANNEL)
        stored = await repo.load_session(session, team.id)
    return stored.state


async def test_start_posts_one_top_level_message_and_the_question_in_its_thread(slack: SlackHarness) -> None:
    thread = await start(slack)
    top = [p for p in slack.posts() if not p.get("thread_ts")]
    assert [p["ts"] for p in top] == [thread]
    assert top[0]["blocks"][0]["type"] == "header" and "Daar gaan we" in top[0]["text"]
    assert slack.last_question()["thread_ts"] == thread


async def test_an_old_questions_skip_button_does_not_skip_the_current_question(slack: SlackHarness) -> None:
    thread = await start(slack)
    first = slack.last_question()
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    assert await position(slack) == "golden_circle.how"
    await slack.click(first, button(first, "coach_cmd", "overslaan"))  # a skip button of the answered question
    await slack.settled()
    assert await position(slack) == "golden_circle.how"
    reply = slack.last_question()["text"]
    assert "eerdere vraag" in reply and "Hoe doen jullie" in reply


async def test_an_old_questions_help_button_shows_no_help_for_the_current_one(slack: SlackHarness) -> None:
    thread = await start(slack)
    first = slack.last_question()
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    before = len(slack.posts())
    await slack.click(first, button(first, "coach_cmd", "help"))
    await slack.settled()
    assert "eerdere vraag" in slack.posts()[before]["text"]


async def test_an_answered_question_loses_its_buttons(slack: SlackHarness) -> None:
    thread = await start(slack)
    first = slack.last_question()
    assert has_buttons(first["blocks"])
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    await slack.api.wait_for("chat.update")  # right after the next question is posted
    [update] = [u.params for u in slack.api.of("chat.update") if u.params["ts"] == first["ts"]]
    assert not has_buttons(update["blocks"])
    assert "Waarom" in str(update["blocks"]) or "why" in str(update["blocks"]).lower()  # the question's text stays


async def test_an_old_questions_form_button_opens_no_form_and_points_to_the_current_question(
        slack: SlackHarness) -> None:
    thread = await start(slack)
    first = slack.last_question()
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    await slack.click(first, button(first, "coach_long"))
    [pointer] = await slack.api.wait_for("chat.postEphemeral")
    assert slack.api.of("views.open") == []
    assert "eerdere vraag" in pointer.params["text"] and "https://fake.slack.com/archives/" in pointer.params["text"]
    assert pointer.params["user"] == ANNA


async def test_a_form_opened_on_an_old_question_and_submitted_later_is_not_taken(slack: SlackHarness) -> None:
    thread = await start(slack)
    first = slack.last_question()
    await slack.click(first, button(first, "coach_long"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")  # meanwhile, in the thread
    before = len(slack.posts())
    await slack.submit(view, {"f:answer": {"value": {"type": "plain_text_input", "value": "Omdat zorg telt"}}})
    await slack.settled()
    echo, stale, *_ = slack.posts()[before:]
    assert "Niet bewaard" in echo["text"] and "Omdat zorg telt" in echo["text"]  # shown, so nothing is lost
    assert "eerdere vraag" in stale["text"]
    stored = await answers(slack)
    assert "golden_circle.how" not in stored
    assert stored["golden_circle.why"].value == "Om zorgverleners tijd voor patiënten te geven"


async def kpi_question(slack: SlackHarness, thread: str) -> dict[str, Any]:
    await answer(slack, thread, "wijzig kpis")
    return slack.last_question()


async def test_the_thread_copy_of_a_kpi_form_shows_labels_not_codes(slack: SlackHarness) -> None:
    thread = await start(slack)
    question = await kpi_question(slack, thread)
    await slack.click(question, button(question, "coach_form"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    await slack.submit(view, KPI_VALUES)
    await slack.settled()
    echo = next(p for p in slack.posts() if p["text"].startswith(f"<@{ANNA}>"))
    assert "Conversie (do)" in echo["text"] and "Percentage" in echo["text"]
    assert ": do" not in echo["text"] and ": percent" not in echo["text"]


async def test_a_repeating_form_offers_another_and_done_buttons(slack: SlackHarness) -> None:
    thread = await start(slack)
    question = await kpi_question(slack, thread)
    await slack.click(question, button(question, "coach_form"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    await slack.submit(view, KPI_VALUES)
    await slack.settled()
    again = slack.last_question()
    assert button(again, "coach_form")["text"]["text"] == "Nog een"
    done = button(again, "coach_cmd", "klaar")
    assert done["text"]["text"] == "Klaar"
    await slack.click(again, done)
    await slack.settled()
    assert (await answers(slack))["kpis.kpis"].value[0]["name"] == "Offerteaanvragen"
    assert await position(slack) != "kpis.kpis"


async def test_a_button_on_a_message_deleted_since_still_gets_the_next_question(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("omdat we geld willen verdienen", thread_ts=thread))
    await slack.settled()
    challenge = slack.last_question()
    posted = len(slack.posts())
    # Someone deleted the challenge before the click arrived: Slack refuses every update of it.
    slack.api.fail("chat.update", "message_not_found")
    slack.api.fail("chat.update", "message_not_found")
    status, _ = await slack.click(challenge, button(challenge, "coach_choice", "sharpen"))
    await slack.settled()
    assert status == 200
    assert [p["text"] for p in slack.posts()[posted:]][-1].endswith("Waarom doen jullie wat jullie doen?")
    assert not [c for c in slack.api.calls if "niet posten" in str(c.params.get("text"))]
