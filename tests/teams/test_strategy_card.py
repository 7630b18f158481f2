"""Page one of the strategy as an Adaptive Card: every part, the focus groups in a Table, small enough for Teams."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.document.build import example_strategy
from bot.document.example import TEAM, TODAY, example_answers
from bot.teams.strategy_card import strategy_card, strategy_card_of
from bot.teams.translate import to_inbound
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy
from flows.strategy_attention import Attention
from flows.strategy_codec import strategy_to_dict
from tests.teams.activities import TENANT, card_submit

TEAMS_MESSAGE_LIMIT = 28_000


def visible(node: object) -> list[str]:
    """The card's texts in reading order (TextBlocks inside columns and table cells included)."""
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" else []
        return own + [t for key, value in node.items() if key != "text" for t in visible(value)]
    if isinstance(node, list):
        return [t for value in node for t in visible(value)]
    return []


def test_the_card_holds_every_part_of_page_one_in_order():
    shown = "\n".join(visible(strategy_card(example_strategy("nl"))["body"]))
    position = 0
    for phrase in ("Strategie op één pagina — Koffiebranderij Bonenberg", "Stand van 4 januari 2027", "WHY",
                   "We geloven dat een goede kop koffie", "Versgebrande koffiebonen", "Vakmanschap, Eerlijk, Gastvrij",
                   "Hoe krijgen we meer vaste", "Bestaande klanten ○○○●○ Nieuwe klanten", "FOCUSGROEPEN",
                   "Horeca-ondernemers — Café-eigenaar Karim", "Koffie die je gasten herkennen",
                   "• Nieuwe horecaklanten: 5 per kwartaal vóór 31 december 2027 (Karin)", "Hele strategie",
                   "Geen supermarkten beleveren", "866,67 %", "€ 2.500 (2027)", "Directie en marketing",
                   "Karin de Vries",
                   "1. Landingspagina voor kantoren live", "AANDACHTSPUNTEN", "Experience journey voor Thuisbarista's",
                   "Propositie (Kantoren)"):
        found = shown.find(phrase, position)
        assert found != -1, phrase
        position = found + len(phrase)


def test_focus_groups_are_a_table_with_a_header_row():
    card = strategy_card(example_strategy("nl"))
    assert card["version"] == "1.5"
    table = next(e for e in card["body"] if e["type"] == "Table")
    assert table["firstRowAsHeader"] is True
    assert len(table["columns"]) == 4
    assert [row["cells"][0]["items"][0]["text"].split(" — ")[0] for row in table["rows"]] == [
        "Focusgroep en persona", "Horeca-ondernemers", "Kantoren", "Thuisbarista's", "Hele strategie"]
    assert all(len(row["cells"]) == 4 for row in table["rows"])


def test_an_orphaned_persona_is_not_on_the_card():
    assert "Vervallen persona Vera" not in json.dumps(strategy_card(example_strategy("nl")), ensure_ascii=False)


def test_english_card():
    shown = "\n".join(visible(strategy_card(example_strategy("en"))))
    for phrase in ("Strategy on one page", "As of 4 January 2027", "CORE VALUES", "866.67%", "Management and marketing",
                   "POINTS OF ATTENTION", "Focus group and persona"):
        assert phrase in shown


def test_the_document_button_asks_for_the_document_when_pressed():
    card = strategy_card(example_strategy("nl"))
    button = card["actions"][0]
    assert button["title"] == "Document (PDF en Word)"
    inbound = to_inbound(card_submit("https://smba.example/amer/", button["data"]))
    assert inbound is not None and inbound.text == "/document"
    assert inbound.workspace == TENANT


def test_a_huge_strategy_stays_under_what_teams_accepts():
    answers = example_answers()
    groups = [f"Groep {n}" for n in range(60)]
    answers[("focus_groups.groups", "")] = StoredAnswer(groups)
    for group in groups:
        answers[("propositions.proposition", group)] = StoredAnswer("p" * 3000)
    for qid in ("golden_circle.why", "golden_circle.how", "golden_circle.what", "ambitions.problem"):
        answers[(qid, "")] = StoredAnswer("w" * 3000)
    card = strategy_card(build_strategy(default_flow(), answers, "nl", TODAY, TEAM))
    assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT
    table = next(e for e in card["body"] if e["type"] == "Table")
    assert len(table["rows"]) == 1 + 20 + 2  # the header, twenty groups, how many more, the whole strategy's KPIs
    assert table["rows"][21]["cells"][0]["items"][0]["text"] == "… en nog 40 focusgroepen: zie het document"


def test_the_card_is_built_from_the_model_a_reply_carries():
    strategy = example_strategy("nl")
    assert strategy_card_of(json.loads(json.dumps(strategy_to_dict(strategy)))) == strategy_card(strategy)


def test_what_the_team_set_aside_for_later_is_on_the_card_under_its_own_heading():
    strategy = example_strategy("en")
    strategy = replace(strategy, attention=(*strategy.attention, Attention("later", "Overall goals: more reviews")))
    shown = "\n".join(visible(strategy_card(strategy)["body"]))
    assert "**For later**\n- Overall goals: more reviews" in shown
