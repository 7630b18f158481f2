"""Replies as Block Kit, inside Slack's limits however large the content (split or visibly trimmed)."""

from __future__ import annotations

import json

from bot.slack import limits as L
from bot.slack.blocks import answered_blocks, mrkdwn, plan_messages, swap_reply
from bot.slack.modals import form_view, submitted_values, with_metadata
from bot.slack.translate import is_answer_message, strip_mention, text_of, workspace_key
from flows.types import Choice, Form, FormField, Reply, ReplyKind


def all_texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if "text" in b]


def test_a_huge_summary_is_split_over_messages_of_at_most_50_blocks_and_3000_characters() -> None:
    summary = Reply(ReplyKind.SUMMARY, "\n\n".join(f"Alinea {i}: " + "woord " * 400 for i in range(200)))
    messages = plan_messages([summary])
    assert len(messages) > 1
    assert all(len(m.blocks) <= L.BLOCKS_PER_MESSAGE for m in messages)
    assert all(len(t) <= L.SECTION_TEXT for m in messages for t in all_texts(m.blocks))
    assert all(len(m.text) <= L.MESSAGE_TEXT for m in messages)
    joined = " ".join(t for m in messages for t in all_texts(m.blocks))
    assert "Alinea 199" in joined  # nothing lost: split, not cut


def test_a_long_header_and_button_labels_are_trimmed_visibly() -> None:
    intro = Reply(ReplyKind.STEP_INTRO, "tekst", title="T" * 400)
    question = Reply(ReplyKind.QUESTION, "Kies", question_id="q", choices=(Choice("a", "L" * 300),))
    header, rest = plan_messages([intro, question])
    assert header.blocks[0]["text"]["text"].endswith(L.ELLIPSIS)
    assert len(header.blocks[0]["text"]["text"]) == L.HEADER_TEXT
    label = rest.blocks[1]["elements"][0]["text"]["text"]
    assert len(label) == L.BUTTON_TEXT and label.endswith(L.ELLIPSIS)


def test_sixty_choices_become_several_action_rows_of_at_most_25_buttons() -> None:
    question = Reply(ReplyKind.QUESTION, "Kies", question_id="q",
                     choices=tuple(Choice(str(i), f"optie {i}") for i in range(60)))
    [message] = plan_messages([question])
    rows = [b for b in message.blocks if b["type"] == "actions" and b["elements"][0]["action_id"].startswith("coach_c")]
    assert [len(r["elements"]) for r in rows][:3] == [25, 25, 10]


def test_a_step_intro_starts_a_top_level_message_and_its_question_goes_to_the_thread() -> None:
    intro = Reply(ReplyKind.STEP_INTRO, "Welkom", title="Stap 1")
    question = Reply(ReplyKind.QUESTION, "Waarom?", question_id="golden_circle.why")
    first, second = plan_messages([intro, question])
    assert (first.place, first.starts_thread) == ("top", True)
    assert second.place == "thread" and second.questions == ["golden_circle.why"]


def test_in_a_direct_message_nothing_starts_a_thread() -> None:
    messages = plan_messages([Reply(ReplyKind.STEP_INTRO, "Welkom", title="Stap 1")], direct=True)
    assert not any(m.starts_thread for m in messages)


def test_a_modal_keeps_title_submit_and_inputs_within_their_limits() -> None:
    form = Form("kpis.kpis", "Een veel te lange titel voor een modal", tuple(
        FormField(f"f{i}", "Label " * 500, max_length=10_000, value="v" * 5000) for i in range(150)), "Opslaan " * 10)
    view = form_view(form, "nl")
    assert len(view["title"]["text"]) <= L.VIEW_TITLE and view["title"]["text"].endswith(L.ELLIPSIS)
    assert len(view["submit"]["text"]) <= L.VIEW_SUBMIT
    assert len(view["blocks"]) <= L.BLOCKS_PER_VIEW
    element = view["blocks"][0]["element"]
    assert element["max_length"] == L.INPUT_MAX_LENGTH and len(element["initial_value"]) <= L.INPUT_MAX_LENGTH
    assert len(view["blocks"][0]["label"]["text"]) <= L.INPUT_LABEL
    assert "Niet alle velden" in json.dumps(view["blocks"][-1])
    assert len(with_metadata(view, {"c": "C1", "q": "kpis.kpis"})["private_metadata"]) <= L.PRIVATE_METADATA


def test_submitted_values_are_read_per_field_kind() -> None:
    view = {"state": {"values": {
        "f:name": {"value": {"type": "plain_text_input", "value": "Leads"}},
        "f:funnel": {"value": {"type": "static_select", "selected_option": {"value": "do"}}},
        "f:deadline": {"value": {"type": "datepicker", "selected_date": "2027-01-31"}},
        "f:owner": {"value": {"type": "plain_text_input", "value": None}},
    }}}
    assert submitted_values(view) == {"name": "Leads", "funnel": "do", "deadline": "2027-01-31"}


def test_markdown_becomes_mrkdwn_and_user_text_is_escaped() -> None:
    assert mrkdwn("**vet** en [site](https://x.nl) <script> & <@U123>") == \
        "*vet* en <https://x.nl|site> &lt;script&gt; &amp; <@U123>"


def test_a_pressed_button_row_becomes_who_chose_what_and_a_reply_can_be_swapped_in_place() -> None:
    question = Reply(ReplyKind.QUESTION, "Kies", question_id="q1", choices=(Choice("a", "A"),))
    [message] = plan_messages([question])
    answered = answered_blocks(message.blocks, "q1", "A — <@U1>")
    assert [b["type"] for b in answered] == ["section", "context"]
    new = plan_messages([Reply(ReplyKind.TEXT, "nieuw", question_id="q1")])[0].blocks
    assert swap_reply(answered, "q1", new) == new
    assert swap_reply(answered, "other", new) is None


def test_only_thread_replies_mentions_and_direct_messages_are_answers() -> None:
    person = {"type": "message", "user": "U1", "channel": "C1", "text": "x"}
    assert not is_answer_message(person, active_thread="1.1")
    assert is_answer_message({**person, "thread_ts": "1.1"}, active_thread="1.1")
    assert not is_answer_message({**person, "thread_ts": "9.9"}, active_thread="1.1")
    assert is_answer_message({**person, "channel": "D1", "channel_type": "im"}, active_thread=None)
    assert is_answer_message({**person, "type": "app_mention"}, active_thread=None)
    assert not is_answer_message({**person, "thread_ts": "1.1", "bot_id": "B1"}, active_thread="1.1")
    assert not is_answer_message({**person, "thread_ts": "1.1", "subtype": "message_changed"}, active_thread="1.1")
    assert not is_answer_message({**person, "thread_ts": "1.1", "user": "UBOT"}, "1.1", bot_user_id="UBOT")


def test_mentions_are_stripped_and_enterprise_workspaces_are_keyed_by_both_ids() -> None:
    assert strip_mention("<@UBOT> status") == "status"
    assert workspace_key("T1", "E1") == "E1:T1" and workspace_key("T1") == "T1"


def test_a_rich_text_list_reads_one_item_per_line_when_the_text_is_empty():
    event = {"type": "message", "text": "", "blocks": [{"type": "rich_text", "elements": [
        {"type": "rich_text_list", "style": "bullet", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "Eerlijk"}]},
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "Nieuwsgierig"},
                                                       {"type": "emoji", "name": "bike"}]}]}]}]}
    assert text_of(event) == "Eerlijk\nNieuwsgierig:bike:"
    assert text_of({**event, "text": "Eerlijk, nieuwsgierig"}) == "Eerlijk, nieuwsgierig"


def test_no_message_carries_more_block_text_than_slack_accepts_and_nothing_is_lost() -> None:
    # Slack refuses a message as msg_blocks_too_long past ~13,000 characters of blocks, whatever each block holds.
    long = "Wij helpen fietsers in Gent zorgeloos verder, elke dag opnieuw. " * 150  # ~9,600 characters
    replies = [Reply(ReplyKind.TEXT, long), Reply(ReplyKind.QUESTION, "Eerste " + long, question_id="q")]
    messages = plan_messages(replies)
    assert len(messages) > 1
    assert all(L.blocks_size(m.blocks) <= L.MESSAGE_BLOCKS for m in messages)
    assert all(m.blocks for m in messages)  # no empty message where a split fell on a message's end
    joined = " ".join(t for m in messages for t in all_texts(m.blocks))
    assert joined.count("zorgeloos") == 300 and "Eerste" in joined


def test_page_one_of_a_strategy_of_long_answers_comes_in_messages_slack_accepts() -> None:
    from tests.teams.test_card_size import strategy_reply

    messages = plan_messages([strategy_reply(groups=20)])
    assert all(L.blocks_size(m.blocks) <= L.MESSAGE_BLOCKS for m in messages)
    table = next(b for m in messages for b in m.blocks if b["type"] == "table")
    first_cells = [row[0]["text"] for row in table["rows"]]
    assert first_cells[1].startswith("Groep 0")
    assert any(c.startswith("… en nog") for c in first_cells)  # fewer rows, and it says how many more


def test_a_reply_that_would_make_its_message_too_long_for_slack_is_not_swapped_in() -> None:
    long = "Wij helpen fietsers in Gent zorgeloos verder, elke dag opnieuw. " * 45  # ~2,900 characters
    shown = [b for m in plan_messages([Reply(ReplyKind.TEXT, long, question_id=f"q{i}") for i in range(3)])
             for b in m.blocks]
    assert L.blocks_size(shown) <= L.MESSAGE_BLOCKS
    bigger = plan_messages([Reply(ReplyKind.TEXT, long * 3, question_id="q0")])[0].blocks
    assert swap_reply(shown, "q0", bigger) is None  # posted as a message of its own instead


def test_a_typed_special_mention_is_shown_but_pings_nobody_in_the_blocks_or_the_notification_text() -> None:
    [message] = plan_messages([Reply(ReplyKind.TEXT, "Iedereen: <!channel> en <!here>, vraag <@U0ANNA>")])
    section = next(b for b in message.blocks if b["type"] == "section")["text"]["text"]
    for text in (section, message.text):
        assert "<!channel>" not in text and "<!here>" not in text
        assert "&lt;!channel&gt;" in text and "<@U0ANNA>" in text


def test_the_notification_text_has_no_markdown_marks() -> None:
    [message] = plan_messages([Reply(ReplyKind.TEXT, "# Strategie\n**Why:** omdat\n[het document](https://x.example/d)")])
    assert message.text == "Strategie\nWhy: omdat\nhet document (https://x.example/d)"
