"""Commands at any question: help, status, back, skip, language, stop, and which words mean them."""

from __future__ import annotations

from datetime import date

import pytest

from flows.commands import parse_command
from flows.definition import default_flow
from flows.engine import Engine
from flows.session import START, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind

ENGINE = Engine(default_flow())
CONTEXT = TurnContext(today=date(2026, 11, 23))


def send(view: TeamView, text: str) -> object:
    return ENGINE.handle(view, Turn(text=text), CONTEXT)


@pytest.mark.parametrize("text,name,arg", [
    ("help", "help", ""), ("/hulp", "help", ""), ("Status", "status", ""), ("terug", "back", ""),
    ("overslaan", "skip", ""), ("overslaan stap", "skip_step", ""), ("skip step", "skip_step", ""),
    ("wijzig kernwaarden", "edit", "kernwaarden"), ("edit KPIs", "edit", "KPIs"), ("taal en", "language", "en"),
    ("samenvatting", "summary", ""), ("opnieuw", "restart", ""), ("stop", "stop", ""), ("klaar", "done", ""),
    ("/coachen", "unknown", "/coachen"),
])
def test_commands_are_recognised_in_dutch_and_english(text: str, name: str, arg: str) -> None:
    command = parse_command(text)
    assert command is not None and (command.name, command.arg) == (name, arg)


@pytest.mark.parametrize("text", ["stop met folders", "help ons groeien", "Wij doen alles zelf"])
def test_an_answer_that_merely_starts_like_a_command_is_an_answer(text: str) -> None:
    assert parse_command(text) is None or parse_command(text).name == "help"


def test_stop_followed_by_words_is_an_answer() -> None:
    assert parse_command("stop met folders") is None


def test_help_explains_the_question_and_asks_it_again() -> None:
    outcome = send(TeamView(state="golden_circle.how"), "help")
    assert outcome.replies[0].kind == ReplyKind.HELP
    assert "Voorbeeld:" in outcome.replies[0].text
    assert outcome.replies[-1].question_id == "golden_circle.how"


def test_status_lists_the_four_steps_and_what_is_open() -> None:
    view = TeamView(state="ambitions.ambitions", answers={("golden_circle.why", ""): StoredAnswer("x")})
    status = send(view, "status").replies[0]
    assert status.text.splitlines()[:4] == ["→ Stap 1 · Discover (1/17)", "○ Stap 2 · Decide (0/14)",
                                             "○ Stap 3 · Translate (0/8)", "○ Stap 4 · Achieve (0/11)"]
    assert "Nog open: Why, how, what?, Kernwaarden" in status.text


def test_back_returns_to_the_previous_question() -> None:
    assert send(TeamView(state="golden_circle.how"), "terug").state == "golden_circle.why"


def test_back_at_the_first_question_says_so() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "terug")
    assert outcome.state == "golden_circle.why" and "eerste vraag" in outcome.replies[0].text


def test_skip_leaves_the_question_open_and_moves_on() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "overslaan")
    assert outcome.writes == [] and outcome.state == "golden_circle.how"


def test_decide_cannot_be_skipped_as_a_whole() -> None:
    outcome = send(TeamView(state="marketing_goals.goals"), "overslaan stap")
    assert outcome.state == "marketing_goals.goals" and "alleen Discover" in outcome.replies[0].text


def test_switching_language_answers_in_the_new_language() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "taal en")
    assert outcome.language == "en"
    assert outcome.replies[-1].text.endswith("Why do you do what you do?")


def test_stop_keeps_the_position() -> None:
    outcome = send(TeamView(state="golden_circle.how"), "stop")
    assert outcome.state == "golden_circle.how" and "Gepauzeerd" in outcome.replies[0].text


def test_plain_text_before_start_explains_how_to_begin() -> None:
    outcome = send(TeamView(state=START), "hallo")
    assert outcome.state == START and "`start`" in outcome.replies[0].text
