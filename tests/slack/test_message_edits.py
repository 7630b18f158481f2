"""A person edits, in Slack, a message the coach already took: they are told, privately, how to change it."""

from __future__ import annotations

from typing import Any

from tests.slack.harness import ANNA, SlackHarness, answers, start


def edited(original: dict[str, Any], text: str, **changes: Any) -> dict[str, Any]:
    """Slack's `message_changed` event for `original` (a message event as the harness builds it)."""
    before = {k: v for k, v in original.items() if k not in ("channel", "channel_type", "event_ts")}
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": original["channel"],
            "channel_type": original["channel_type"], "ts": "1800000999.000001", "event_ts": "1800000999.000001",
            "message": {**before, "text": text, "edited": {"user": original["user"], "ts": "1800000999.000000"},
                        **changes},
            "previous_message": before}


async def stored_values(slack: SlackHarness) -> dict[str, Any]:
    return {question: answer.value for question, answer in (await answers(slack)).items()}


async def test_editing_an_answer_in_slack_tells_the_person_privately_how_to_change_it(slack: SlackHarness) -> None:
    thread = await start(slack)
    answer = slack.message("Om marketeers te laten groeien", thread_ts=thread)
    await slack.send_event(answer)
    await slack.settled()
    before = await stored_values(slack)
    await slack.send_event(edited(answer, "Om marketeers sneller te laten groeien"))
    [hint] = await slack.api.wait_for("chat.postEphemeral")
    assert (hint.params["user"], hint.params["thread_ts"]) == (ANNA, thread)
    assert "`wijzig`" in hint.params["text"]
    assert await stored_values(slack) == before


async def test_edits_of_messages_the_coach_never_took_get_no_hint(slack: SlackHarness) -> None:
    thread = await start(slack)
    answer = slack.message("Om marketeers te laten groeien", thread_ts=thread)
    await slack.send_event(answer)
    await slack.settled()
    chatter = slack.message("koffie?", client_msg_id="never-delivered")
    await slack.send_event(edited(chatter, "thee?"))  # a message the coach never received
    await slack.send_event(edited(answer, "door de coach zelf", bot_id="BBOT"))  # the coach's own chat.update
    await slack.send_event(edited(answer, "Om marketeers sneller te laten groeien"))  # the one that counts
    hints = await slack.api.wait_for("chat.postEphemeral")
    assert [h.params["user"] for h in hints] == [ANNA]
