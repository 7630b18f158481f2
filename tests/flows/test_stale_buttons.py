"""Buttons and forms carry the question and which time it was asked: an old one never acts on the current one."""

from __future__ import annotations

from datetime import date

from flows.definition import default_flow
from flows.engine import Engine
from flows.session import StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind

FLOW = default_flow()
ENGINE = Engine(FLOW)
TODAY = date(2026, 11, 23)


def asked(outcome) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    [question] = [r for r in outcome.replies if r.kind == ReplyKind.QUESTION]
    return question.question_id, question.meta["version"]


def test_every_question_says_which_time_it_is_asked() -> None:
    outcome = ENGINE.handle(TeamView(state="golden_circle.why"), Turn(text="status"), TurnContext(today=TODAY))
    assert asked(outcome) == ("golden_circle.why", "#0")
    answered = {("golden_circle.why", ""): StoredAnswer("Om te helpen", version=2)}
    again = ENGINE.handle(TeamView(state="golden_circle.why", answers=answered), Turn(text="status"),
                          TurnContext(today=TODAY))
    assert asked(again) == ("golden_circle.why", "#2")


def test_a_skip_button_of_an_earlier_question_does_not_skip_the_current_one() -> None:
    view = TeamView(state="golden_circle.how")
    outcome = ENGINE.handle(view, Turn(text="overslaan", question_id="golden_circle.why", question_version="#0"),
                            TurnContext(today=TODAY))
    assert outcome.state == "golden_circle.how"
    assert outcome.replies[0].kind == ReplyKind.PROBLEM and "eerdere vraag" in outcome.replies[0].text
    assert asked(outcome)[0] == "golden_circle.how"


def test_a_skip_button_of_the_same_question_asked_before_it_was_answered_is_stale() -> None:
    answered = {("golden_circle.why", ""): StoredAnswer("Om te helpen", version=1)}
    view = TeamView(state="golden_circle.why", answers=answered)  # `wijzig` brought the team back here
    outcome = ENGINE.handle(view, Turn(text="overslaan", question_id="golden_circle.why", question_version="#0"),
                            TurnContext(today=TODAY))
    assert outcome.writes == [] and outcome.state == "golden_circle.why"
    assert outcome.replies[0].kind == ReplyKind.PROBLEM


def test_the_current_questions_own_button_acts() -> None:
    view = TeamView(state="golden_circle.why")
    outcome = ENGINE.handle(view, Turn(text="help", question_id="golden_circle.why", question_version="#0"),
                            TurnContext(today=TODAY))
    assert outcome.replies[0].kind == ReplyKind.HELP
