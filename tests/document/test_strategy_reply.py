"""The summary reply built from the model: Markdown page one, the model in meta, a document button."""

from __future__ import annotations

import json

from bot.document.example import TEAM, TODAY, example_answers
from flows.definition import default_flow
from flows.strategy_codec import strategy_from_dict
from flows.strategy_reply import strategy_summary_reply
from flows.types import ReplyKind
from scheduler import payload


def test_the_summary_reply_is_page_one_with_the_model_and_a_document_button():
    reply = strategy_summary_reply(default_flow(), example_answers(), "nl", TODAY, TEAM)
    assert reply.kind == ReplyKind.SUMMARY
    assert reply.text.startswith("# Strategie op één pagina — Koffiebranderij Bonenberg")
    assert "Stap 1 · Discover in detail" not in reply.text
    assert [(a.value, a.label) for a in reply.actions] == [("/document", "Document (PDF en Word)")]
    carried = payload.load(json.loads(json.dumps(payload.dump([reply]))))[0]
    assert strategy_from_dict(carried.meta["strategy"]).focus_groups[0].name == "Horeca-ondernemers"
