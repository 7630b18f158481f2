"""The summary (`samenvatting`, and the finish of the flow) is the strategy model's page one: Markdown for the
text, the model in meta for Slack's blocks and Teams' card, a document button."""

from __future__ import annotations

import json

from bot.document.example import TEAM, TODAY, example_answers
from flows.definition import default_flow
from flows.session import DONE, TeamView, Turn, TurnContext
from flows.strategy import stored
from flows.strategy_codec import strategy_from_dict
from flows.strategy_reply import strategy_summary_reply
from flows.types import ReplyKind
from scheduler import payload
from tests.document.coached import weak_walk, weak_walk_last_replies
from tests.flows.coaching_cases import ENGINE
from tests.flows.test_engine_walk import play
from tests.scripts import DUTCH


def test_the_summary_reply_is_page_one_with_the_model_and_a_document_button():
    reply = strategy_summary_reply(default_flow(), example_answers(), "nl", TODAY, TEAM)
    assert reply.kind == ReplyKind.SUMMARY
    assert reply.text.startswith("# Strategie op één pagina — Koffiebranderij Bonenberg")
    assert "Stap 1 · Discover in detail" not in reply.text
    assert [(a.value, a.label) for a in reply.actions] == [("/document", "Document (PDF en Word)")]
    carried = payload.load(json.loads(json.dumps(payload.dump([reply]))))[0]
    assert strategy_from_dict(carried.meta["strategy"]).focus_groups[0].name == "Horeca-ondernemers"


def test_the_samenvatting_command_is_page_one_of_the_model_with_the_kept_points_and_what_is_open():
    view = weak_walk()
    outcome = ENGINE.handle(view, Turn(text="samenvatting"), TurnContext(today=TODAY))
    reply = outcome.replies[-1]
    assert reply.kind == ReplyKind.SUMMARY and "strategy" in reply.meta
    assert "- De why: “Omdat we geld willen verdienen” — De why gaat vooral over geld of groei" in reply.text
    assert "- Experience journey voor Iedereen" in reply.text  # skipped in the walk
    attention = strategy_from_dict(reply.meta["strategy"]).attention
    assert [a.text for a in attention if a.kind == "open"][:1] == ["Nog geen KPI voor Gezinnen"]


def test_the_english_summary_reads_in_english():
    view = TeamView(state=DONE, answers=stored(example_answers("en")), language="en")
    reply = ENGINE.handle(view, Turn(text="summary"), TurnContext(today=TODAY)).replies[-1]
    assert reply.text.startswith("# Strategy on one page")
    assert "**Kept against the coach's advice:**\n- Proposition (Offices): " in reply.text
    assert [a.label for a in reply.actions] == ["Document (PDF and Word)"]


def test_the_finish_says_bijna_klaar_with_what_is_open_then_shows_page_one():
    said = weak_walk_last_replies()
    assert said[-2].text.startswith("Bijna klaar!") and "Gezinnen: geen KPI" in said[-2].text
    assert said[-1].kind == ReplyKind.SUMMARY and said[-1].text.startswith("# Strategie op één pagina")
    assert "Nog geen KPI voor Gezinnen" in said[-1].text


def test_a_strong_walk_ends_klaar_and_page_one_has_nothing_open_either():
    _, replies = play(DUTCH, "nl")
    said = replies[-1]
    assert said[-2].text.startswith("Klaar!")
    assert said[-1].kind == ReplyKind.SUMMARY and "Niets open: alles is ingevuld." in said[-1].text
