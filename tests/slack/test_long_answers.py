"""Long answers (the engine takes up to 10,000 characters): split over blocks when shown, and a form can hold
them although Slack's text input stops at 3,000 characters per box."""

from __future__ import annotations

import re

from bot.slack import limits as L
from bot.slack.blocks import answer_echo, plan_messages
from bot.slack.modals import form_view, long_answer, long_answer_form
from flows.answers import MAX_TEXT
from flows.types import Reply, ReplyKind
from tests.slack.harness import SlackHarness, answers, start
from tests.slack.test_conversation import button

PARAGRAPH = "Wij helpen wijkverpleegkundigen hun tijd aan patiënten te besteden in plaats van aan planning. "


def long_text(length: int) -> str:
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length].rstrip()


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_a_ten_thousand_character_reply_is_split_over_sections_and_nothing_is_lost() -> None:
    text = long_text(10_000)
    [message] = plan_messages([Reply(ReplyKind.TEXT, text)], "nl")
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert len(sections) == 4 and all(len(s) <= L.SECTION_TEXT for s in sections)
    assert words_of(" ".join(sections)) == words_of(text)


def test_the_thread_copy_of_a_long_form_answer_is_split_over_blocks() -> None:
    text = long_text(10_000)
    echo = answer_echo("golden_circle.why", "U0ANNA", {}, {}, text)
    assert len(echo.blocks) >= 4 and all(len(b["text"]["text"]) <= L.SECTION_TEXT for b in echo.blocks)
    assert words_of(" ".join(b["text"]["text"] for b in echo.blocks))[1:] == words_of(text)  # after "U0ANNA"


def test_a_long_answer_form_for_ten_thousand_characters_has_four_boxes_within_slacks_limit() -> None:
    view = form_view(long_answer_form("golden_circle.why", "Waarom", "Waarom bestaan jullie?", "nl", limit=10_000),
                     "nl")
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 4
    assert all(b["element"]["max_length"] <= L.INPUT_MAX_LENGTH for b in inputs)
    assert [b["optional"] for b in inputs] == [False, True, True, True]


def test_the_boxes_of_a_long_answer_are_joined_in_order() -> None:
    values = {"answer": "Eerste deel.", "answer_3": "Derde deel.", "answer_2": "Tweede deel."}
    assert long_answer(values) == "Eerste deel.\n\nTweede deel.\n\nDerde deel."


async def test_the_longest_answer_the_coach_takes_fits_its_form_and_is_stored_whole(slack: SlackHarness) -> None:
    await start(slack)
    question = slack.last_question()
    await slack.click(question, button(question, "coach_long"))
    view = (await slack.api.wait_for("views.open"))[-1].params["view"]
    boxes = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    parts = [long_text(L.INPUT_MAX_LENGTH) for _ in boxes]
    while len("\n\n".join(parts)) > MAX_TEXT:  # exactly as long as the engine allows
        parts[-1] = parts[-1][:-(len("\n\n".join(parts)) - MAX_TEXT)].rstrip()
    values = {box: {"value": {"type": "plain_text_input", "value": part}}
              for box, part in zip(boxes, parts, strict=True)}
    await slack.submit(view, values)
    await slack.settled()
    assert (await answers(slack))["golden_circle.why"].value == "\n\n".join(parts)
