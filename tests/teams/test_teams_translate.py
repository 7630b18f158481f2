"""Activity → Inbound, on payloads shaped as in Microsoft's documentation; and Reply → Adaptive Card."""

from __future__ import annotations

from bot.teams import cards, translate
from flows.types import Choice, Form, FormField, Reply, ReplyKind
from tests.teams import activities as act
from tests.teams.cardsim import card_of, inputs, submit_data

URL = "https://smba.trafficmanager.net/emea/"


def test_the_bots_mention_is_stripped_from_a_channel_message() -> None:
    activity = act.message(URL, "overslaan", conversation=act.channel_conversation(), mention_bot=True)

    assert translate.to_inbound(activity).text == "overslaan"


def test_another_persons_mention_becomes_the_neutral_mention_form() -> None:
    activity = act.message(URL, f"rol <at>{act.BOB['name']}</at> pm")
    activity["entities"].append({"type": "mention", "text": f"<at>{act.BOB['name']}</at>",
                                 "mentioned": {"id": act.BOB["id"], "name": act.BOB["name"]}})

    assert translate.to_inbound(activity).text == f"rol <@{act.BOB['id']}|{act.BOB['name']}> pm"


def test_a_channel_thread_and_its_channel_are_one_team() -> None:
    in_thread = act.message(URL, "status", conversation=act.channel_conversation(thread="1700000000001"))
    top_level = act.message(URL, "status", conversation=act.channel_conversation())

    assert translate.to_inbound(in_thread).key == translate.to_inbound(top_level).key == (
        "teams", act.TENANT, act.CHANNEL)


def test_sender_is_the_channel_account_with_display_name() -> None:
    inbound = translate.to_inbound(act.message(URL, "status"))

    assert (inbound.user, inbound.user_name) == (act.ANNA["id"], act.ANNA["name"])


def test_choice_button_submit_becomes_a_choice_for_its_question() -> None:
    inbound = translate.to_inbound(act.card_submit(URL, {"question_id": "marketing_goals.customers", "choice": "2"}))

    assert (inbound.choice, inbound.question_id, inbound.text) == ("2", "marketing_goals.customers", None)


def test_form_submit_becomes_a_form_without_the_markers_and_empty_inputs() -> None:
    data = {"question_id": "kpis.kpis", "form": True, "name": "Leads", "target": "60", "owner": ""}

    inbound = translate.to_inbound(act.card_submit(URL, data))

    assert (dict(inbound.form), inbound.question_id) == ({"name": "Leads", "target": "60"}, "kpis.kpis")


def test_command_button_submit_becomes_the_typed_command() -> None:
    assert translate.to_inbound(act.card_submit(URL, {"command": "help"})).text == "help"


def test_action_execute_invoke_is_read_like_a_submit() -> None:
    inbound = translate.to_inbound(act.card_execute(URL, {"question_id": "q", "choice": "ja"}))

    assert (inbound.choice, inbound.question_id) == ("ja", "q")


def test_a_message_with_only_the_bots_mention_says_nothing() -> None:
    assert translate.to_inbound(act.message(URL, "", mention_bot=True)) is None


def test_membership_events_are_recognised() -> None:
    assert translate.bot_added(act.bot_added(URL)) and not translate.bot_removed(act.bot_added(URL))
    assert translate.bot_removed(act.bot_removed(URL)) and not translate.bot_added(act.bot_removed(URL))


def test_form_reply_has_one_input_per_field_and_its_submit_reads_back_as_the_form() -> None:
    form = Form("kpis.kpis", "KPI", (FormField("name", "Naam", required=True), FormField("target", "Doel", "number"),
                                     FormField("deadline", "Deadline", "date"),
                                     FormField("funnel", "Funnel", "choice", choices=(Choice("do", "Do"),))),
                "Opslaan")
    card = card_of(cards.reply_to_activity(Reply(ReplyKind.QUESTION, "Welke KPI?", form=form, question_id="kpis.kpis")))

    assert card["version"] == "1.5"
    assert [(i, e["type"]) for i, e in inputs(card).items()] == [
        ("name", "Input.Text"), ("target", "Input.Number"), ("deadline", "Input.Date"), ("funnel", "Input.ChoiceSet")]
    data = submit_data(card, "Opslaan", {"name": "Leads", "target": "60"})
    inbound = translate.to_inbound(act.card_submit(URL, data))
    assert dict(inbound.form) == {"name": "Leads", "target": "60"} and inbound.question_id == "kpis.kpis"


def test_more_choices_than_teams_shows_as_buttons_become_one_choice_set() -> None:
    choices = tuple(Choice(str(n), f"Optie {n}") for n in range(1, 9))
    card = card_of(cards.reply_to_activity(Reply(ReplyKind.QUESTION, "Kies", choices=choices, question_id="q")))

    data = submit_data(card, "OK", {"choice": "7"})

    assert translate.to_inbound(act.card_submit(URL, data)).choice == "7"


def test_oversized_text_is_trimmed_visibly() -> None:
    activity = cards.reply_to_activity(Reply(ReplyKind.SUMMARY, "x" * 50_000))

    assert len(activity["text"]) <= cards.MAX_TEXT and activity["text"].endswith(cards.TRIMMED)


def test_large_chart_is_described_instead_of_inlined() -> None:
    reply = Reply(ReplyKind.IMAGE, "KPI's", image=b"\x89PNG" + b"0" * 100_000, image_alt="KPI-grafiek")

    body = card_of(cards.reply_to_activity(reply))["body"]

    assert not any(e["type"] == "Image" for e in body) and any("KPI-grafiek" in e.get("text", "") for e in body)


def test_a_text_with_headings_becomes_a_card_with_bold_blocks_and_no_hash_marks() -> None:
    reply = Reply(ReplyKind.TEXT, "Jullie strategie:\n# Discover\nWaarom: groei\n## Decide\nDoelen: meer leads")

    activity = cards.reply_to_activity(reply)

    card = card_of(activity)
    headings = [b["text"] for b in card["body"] if b.get("weight") == "Bolder"]
    assert headings == ["Discover", "Decide"]
    assert not any(line.lstrip().startswith("#") for b in card["body"] for line in b["text"].splitlines())
    assert "#" not in activity["summary"]


def test_a_plain_text_message_never_shows_a_hash_heading() -> None:
    text = cards.plain_text(Reply(ReplyKind.TEXT, "### Samenvatting\nAlles staat klaar."))

    assert text == "**Samenvatting**\nAlles staat klaar."


def test_a_summary_reply_carrying_the_strategy_model_is_drawn_as_the_strategy_card() -> None:
    from bot.document.example import TEAM, TODAY, example_answers
    from bot.teams.strategy_card import strategy_card_of
    from flows.definition import default_flow
    from flows.strategy_reply import strategy_summary_reply

    reply = strategy_summary_reply(default_flow(), example_answers("nl"), "nl", TODAY, TEAM)

    activity = cards.reply_to_activity(reply)

    assert card_of(activity) == strategy_card_of(dict(reply.meta["strategy"]))
    assert "#" not in activity["summary"]


def test_an_image_alone_is_a_message_with_no_answer_not_silence() -> None:
    # A screenshot of the persona, without text, got no reply at all.
    activity = {**act.message(URL, ""), "attachments": [{"contentType": "image/png",
                                                         "contentUrl": "https://example.com/persona.png"}]}
    assert translate.to_inbound(activity).text == ""


def test_a_personal_chat_is_named_after_its_person_not_its_conversation_id() -> None:
    activity = act.message(URL, "start", conversation=act.personal_conversation())

    assert translate.team_name(activity) == act.ANNA["name"]
