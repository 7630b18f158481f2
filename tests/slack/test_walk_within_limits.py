"""A whole Dutch walk through Slack, then its answers made long, with every Web API call the coach makes
checked against Block Kit's documented limits (`block_kit_rules`)."""

from __future__ import annotations

from collections import Counter

from tests.slack.block_kit_rules import check_calls
from tests.slack.harness import SlackHarness, answers
from tests.weak_walk import DUTCH_WEAK, KEEP

PARAGRAPH = "Wij willen dat elke fietser in Gent zorgeloos rijdt, met eerlijk advies en snelle herstelling. "
OPENERS = ("coach_long", "coach_form")


def long_text(length: int) -> str:
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length].rstrip()


async def say(slack: SlackHarness, text: str) -> None:
    """`text` in the thread of the latest step, after opening the modal the latest question offers."""
    posts = slack.posts()
    thread = next(p["ts"] for p in reversed(posts) if not p.get("thread_ts"))
    question = posts[-1]
    for block in question.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["action_id"] in OPENERS:
                await slack.click(question, {**element, "block_id": block["block_id"]})
    await slack.send_event(slack.message(text, thread_ts=thread))
    await slack.settled()


async def test_every_message_and_modal_of_a_whole_walk_with_long_answers_is_within_block_kits_limits(
        slack: SlackHarness) -> None:
    await slack.command("start")
    await slack.settled()
    for line in DUTCH_WEAK:
        await say(slack, line)
    for edit, length in (("why", 9_000), ("how", 2_900), ("what", 2_900), ("problem", 2_900)):
        await say(slack, f"wijzig {edit}")
        await say(slack, long_text(length))
        await say(slack, KEEP)
    for command in ("samenvatting", "strategie", "export", "status", "help"):
        await say(slack, command)
    await slack.send_event({"type": "app_home_opened", "user": "U0ANNA", "channel": "D0ANNA", "tab": "home",
                            "event_ts": "1800000000.999999"})
    await slack.api.wait_for("views.publish")

    made = Counter(c.method for c in slack.api.calls)
    assert made["chat.postMessage"] > 200 and made["chat.update"] and made["views.open"]
    assert made["files.completeUploadExternal"]  # the walk got as far as a document
    stored = await answers(slack)
    assert [len(stored[q].value) for q in ("golden_circle.why", "golden_circle.how", "golden_circle.what",
                                           "ambitions.problem")] == [9_000, 2_900, 2_900, 2_900]
    assert check_calls(slack.api.calls) == []
