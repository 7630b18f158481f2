"""A team coached through the engine itself: the weak walk of tests/weak_walk.py, every challenge kept."""

from __future__ import annotations

from functools import cache

from flows.session import StoredAnswer, TeamView, Turn, TurnContext
from tests.flows.coaching_cases import ENGINE
from tests.flows.test_engine_walk import TODAY, play
from tests.weak_walk import DUTCH_WEAK, _journey

__all__ = ["TODAY", "send", "weak_lines", "weak_walk", "weak_walk_last_replies"]


def send(view: TeamView, text: str) -> TeamView:
    outcome = ENGINE.handle(view, Turn(text=text), TurnContext(today=TODAY))
    answers = dict(view.answers)
    for write in outcome.writes:
        previous = answers.get((write.question_id, write.item_key))
        answers[(write.question_id, write.item_key)] = StoredAnswer(
            write.value, write.status, previous.version + 1 if previous else 1)
    return TeamView(state=outcome.state, data=outcome.data, answers=answers, language=outcome.language)


def weak_lines() -> list[str]:
    """The weak walk's lines, with the last focus group's journey skipped (`overslaan`)."""
    lines = list(DUTCH_WEAK)
    journey = _journey("TikTok")
    start = next(n for n in range(len(lines)) if lines[n:n + len(journey)] == journey)
    lines[start:start + len(journey)] = ["overslaan"]
    return lines


@cache
def _walked() -> tuple[TeamView, tuple]:
    view, replies = play(weak_lines(), "nl")
    return view, tuple(tuple(r) for r in replies)


def weak_walk() -> TeamView:
    """The weak walk, every challenge kept, the last focus group's journey skipped."""
    return _walked()[0]


def weak_walk_last_replies() -> tuple:
    """What the coach said to the walk's last line (the finish: "Bijna klaar" and the summary)."""
    return _walked()[1][-1]
