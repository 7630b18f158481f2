"""The engine alone (no database): a whole walk through the model, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from flows.definition import default_flow
from flows.engine import Engine
from flows.session import DONE, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind
from tests.scripts import DUTCH, ENGLISH

TODAY = date(2026, 11, 23)


def play(lines: list[str], language: str) -> tuple[TeamView, list]:
    engine = Engine(default_flow())
    view = TeamView(language=language, team_name="Demo")
    replies = []
    for text in ["start", *lines]:
        outcome = engine.handle(view, Turn(text=text, language=language if text == "start" else None),
                                TurnContext(today=TODAY))
        answers = dict(view.answers)
        for write in outcome.writes:
            answers[(write.question_id, write.item_key)] = StoredAnswer(write.value, write.status)
        view = TeamView(state=outcome.state, data=outcome.data, answers=answers, language=outcome.language,
                        team_name="Demo")
        replies.append(outcome.replies)
        problems = [r.text for r in outcome.replies if r.kind == ReplyKind.PROBLEM]
        assert not problems, f"{text!r} was not accepted: {problems}"
    return view, replies


@pytest.mark.parametrize("language,lines", [("nl", DUTCH), ("en", ENGLISH)])
def test_the_scripted_walk_answers_every_question_and_ends_with_the_summary(language: str, lines: list[str]) -> None:
    view, replies = play(lines, language)
    assert view.state == DONE
    unanswered = [q.id for q in default_flow().questions
                  if not any(key[0] == q.id for key in view.answers)]
    assert unanswered == []
    assert replies[-1][-1].kind == ReplyKind.SUMMARY



@pytest.mark.parametrize("language,lines,done", [("nl", DUTCH, "Klaar!"), ("en", ENGLISH, "Done!")])
def test_the_strong_walk_meets_no_challenge_confirms_four_recaps_and_ends_done(language: str, lines: list[str],
                                                                                done: str) -> None:
    _, replies = play(lines, language)
    shown = [r for turn in replies for r in turn]
    assert [r.meta["rule"] for r in shown if r.meta.get("kind") == "challenge"] == []
    assert [r.step_id for r in shown if r.meta.get("kind") == "recap"] == ["discover", "decide", "translate", "achieve"]
    assert replies[-1][0].text.startswith(done)
