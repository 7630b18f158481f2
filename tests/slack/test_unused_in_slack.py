"""What a person does in Slack that the coach does not use (a file, a deletion) is told to them, privately;
events the coach does not listen to are acknowledged, never refused."""

from __future__ import annotations

from typing import Any

from tests.slack.harness import ANNA, CHANNEL, SlackHarness, answers, start


def deleted(original: dict[str, Any]) -> dict[str, Any]:
    """Slack's `message_deleted` event for `original` (a message event as the harness builds it)."""
    before = {k: v for k, v in original.items() if k not in ("channel", "channel_type", "event_ts")}
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": original["channel"],
            "channel_type": original["channel_type"], "ts": "1800000998.000001", "event_ts": "1800000998.000001",
            "deleted_ts": original["ts"], "previous_message": before}


def with_file(slack: SlackHarness, text: str, thread: str, *names: str) -> dict[str, Any]:
    return slack.message(text, thread_ts=thread, subtype="file_share",
                         files=[{"id": f"F{n}", "name": name, "title": name} for n, name in enumerate(names)])


async def test_an_answer_with_a_file_is_stored_and_the_person_is_told_the_file_was_not(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(with_file(slack, "Omdat fietsen de stad beter maakt", thread, "plan.pdf"))
    await slack.settled()
    assert (await answers(slack))["golden_circle.why"].value == "Omdat fietsen de stad beter maakt"
    [hint] = await slack.api.wait_for("chat.postEphemeral")
    assert (hint.params["user"], hint.params["thread_ts"]) == (ANNA, thread)
    assert hint.params["text"].startswith("_plan.pdf_ heb ik niet bewaard")


async def test_a_file_without_text_is_named_as_not_kept(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(with_file(slack, "", thread, "logo.png", "briefing.docx"))
    await slack.settled()
    [hint] = await slack.api.wait_for("chat.postEphemeral")
    assert "_logo.png_ en _briefing.docx_" in hint.params["text"]
    assert "golden_circle.why" not in await answers(slack)


async def test_deleting_an_answer_in_slack_tells_the_person_it_still_counts(slack: SlackHarness) -> None:
    thread = await start(slack)
    answer = slack.message("Omdat fietsen de stad beter maakt", thread_ts=thread)
    await slack.send_event(answer)
    await slack.settled()
    await slack.send_event(deleted(answer))
    [hint] = await slack.api.wait_for("chat.postEphemeral")
    assert (hint.params["user"], hint.params["thread_ts"]) == (ANNA, thread)
    assert "verwijderd" in hint.params["text"] and "`wijzig`" in hint.params["text"]
    assert (await answers(slack))["golden_circle.why"].value == "Omdat fietsen de stad beter maakt"


async def test_deleting_a_message_the_coach_never_took_gets_no_hint(slack: SlackHarness) -> None:
    await start(slack)
    chatter = slack.message("koffie?")  # top-level chatter: never an answer
    await slack.send_event(chatter)
    status, _ = await slack.send_event(deleted(chatter))
    await slack.settled()
    assert status == 200
    assert slack.api.of("chat.postEphemeral") == []


async def test_an_event_the_coach_does_not_listen_to_is_acknowledged(slack: SlackHarness) -> None:
    status, _ = await slack.send_event({"type": "member_joined_channel", "user": "U0NEW", "channel": CHANNEL,
                                        "channel_type": "C", "event_ts": "1800000097.000001"})
    assert status == 200


async def test_a_button_that_is_no_answer_is_acknowledged_and_changes_nothing(slack: SlackHarness) -> None:
    await start(slack)
    question = slack.last_question()
    posted = len(slack.posts())
    status, _ = await slack.click(question, {"type": "button", "action_id": "open_link", "block_id": "links",
                                             "text": {"type": "plain_text", "text": "Open"},
                                             "url": "https://example.com"})
    await slack.settled()
    assert status == 200
    assert len(slack.posts()) == posted
