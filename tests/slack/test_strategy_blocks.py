"""Page one of the strategy as Block Kit: every part present, the focus groups in a table, inside Slack's limits."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.document.build import example_strategy
from bot.document.example import TEAM, TODAY, example_answers
from bot.slack import limits as SL
from bot.slack.blocks import plan_messages
from bot.slack.strategy_blocks import summary_blocks
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy
from flows.strategy_attention import Attention
from flows.strategy_codec import strategy_to_dict
from flows.types import Reply, ReplyKind
from scheduler import payload


def texts(blocks: list[dict]) -> str:
    """Every text a person sees in the blocks, in order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(blocks)
    return "\n".join(found)


def test_page_one_blocks_hold_every_part_in_order():
    shown = texts(summary_blocks(example_strategy("nl")))
    order = ["Strategie op één pagina — Koffiebranderij Bonenberg", "Stand van 4 januari 2027",
             "We geloven dat een goede kop koffie", "We branden zelf", "Versgebrande koffiebonen",
             "Vakmanschap, Eerlijk, Gastvrij", "Hoe krijgen we meer vaste zakelijke klanten",
             "Bestaande klanten ○○○●○ Nieuwe klanten — _vooral nieuwe klanten_", "Geen supermarkten beleveren",
             "866,67 %", "€ 2.500 (2027)", "Directie en marketing", "Karin de Vries",
             "1. Landingspagina voor kantoren live",
             "Experience journey voor Thuisbarista's", "Propositie (Kantoren)", "Document (PDF en Word)",
             "Focusgroepen", "Horeca-ondernemers — Café-eigenaar Karim"]
    position = 0
    for phrase in order:
        position = shown.index(phrase, position) + len(phrase)


def test_focus_groups_are_one_table_with_a_header_row_and_a_row_per_group():
    tables = [b for b in summary_blocks(example_strategy("nl")) if b["type"] == "table"]
    assert len(tables) == 1
    rows = tables[0]["rows"]
    assert [c["text"] for c in rows[0]] == ["Focusgroep en persona", "Koopmotieven", "Propositie", "KPI's"]
    assert [r[0]["text"].split(" — ")[0] for r in rows[1:]] == ["Horeca-ondernemers", "Kantoren", "Thuisbarista's",
                                                                "Hele strategie"]
    assert rows[1][3]["text"] == "Nieuwe horecaklanten: 5 per kwartaal vóór 31 december 2027 (Karin)"
    assert all(len(r) == 4 and all(c["type"] == "raw_text" for c in r) for r in rows)
    assert tables[0]["column_settings"] == [{"is_wrapped": True}] * 4


def test_an_orphaned_persona_is_not_in_the_blocks():
    assert "Vervallen persona Vera" not in texts(summary_blocks(example_strategy("nl")))


def test_english_labels_and_units():
    shown = texts(summary_blocks(example_strategy("en")))
    for phrase in ("Strategy on one page", "As of 4 January 2027", "Core values", "866.67%", "€ 2,500 (2027)",
                   "Management and marketing",
                   "Points of attention", "Document (PDF and Word)", "Focus group and persona"):
        assert phrase in shown


def test_oversized_answers_and_many_groups_stay_inside_block_kit_limits():
    answers = example_answers()
    huge = "x" * 3000
    groups = [f"Groep {n}" for n in range(130)]
    answers[("focus_groups.groups", "")] = StoredAnswer(groups)
    for group in groups:
        answers[("propositions.proposition", group)] = StoredAnswer(huge)
    for qid in ("golden_circle.why", "golden_circle.how", "golden_circle.what", "ambitions.problem"):
        answers[(qid, "")] = StoredAnswer(huge)
    blocks = summary_blocks(build_strategy(default_flow(), answers, "nl", TODAY, TEAM * 10))
    assert len(blocks) <= SL.BLOCKS_PER_MESSAGE
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= SL.HEADER_TEXT
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= SL.SECTION_TEXT
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "table":
            # As many rows as fit one message Slack accepts (msg_blocks_too_long): here fewer than its 100.
            assert SL.blocks_size([block]) <= SL.MESSAGE_BLOCKS
            shown = len(block["rows"]) - 3  # the header, how many more, the whole strategy
            assert block["rows"][-2][0]["text"] == f"… en nog {130 - shown} focusgroepen: zie het document"
            assert block["rows"][-1][0]["text"] == "Hele strategie"
            assert all(c["text"].endswith(SL.ELLIPSIS) for c in block["rows"][1][2:3])


def test_a_summary_reply_carrying_the_model_is_drawn_as_page_one_even_after_the_outbox():
    strategy = example_strategy("nl")
    reply = Reply(ReplyKind.SUMMARY, "# Strategie op één pagina", meta={"strategy": strategy_to_dict(strategy)})
    # The outbox and the turn worker carry replies as JSON: the model must come through whole.
    carried = payload.load(json.loads(json.dumps(payload.dump([reply]))))
    message = plan_messages(carried, "nl")[0]
    assert [b["type"] for b in message.blocks].count("table") == 1
    assert len({b["block_id"] for b in message.blocks}) == len(message.blocks)
    assert "Strategie op één pagina" in message.text  # the notification's fallback text


def test_a_summary_without_the_model_keeps_its_markdown_rendering():
    message = plan_messages([Reply(ReplyKind.SUMMARY, "# Strategie\n**Focusgroepen**")], "nl")[0]
    assert all(b["type"] != "table" for b in message.blocks)


def test_what_the_team_set_aside_for_later_is_shown_under_its_own_heading():
    strategy = example_strategy("nl")
    strategy = replace(strategy, attention=(*strategy.attention, Attention("later", "Overall doelen: meer reviews")))
    shown = texts(summary_blocks(strategy))
    assert "_Voor later:_\n• Overall doelen: meer reviews" in shown
