"""Dates, choices, 'weet ik nog niet' and long answers, answered at the real questions of the model."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flows.answers import MAX_TEXT
from flows.definition import default_flow
from flows.engine import Engine
from flows.session import Outcome, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind

ENGINE = Engine(default_flow())
NOVEMBER = TurnContext(today=date(2026, 11, 23))
DECEMBER = TurnContext(today=date(2026, 12, 7))


def send(state: str, text: str | None = None, *, choice: str | None = None, data: dict[str, Any] | None = None,
         language: str = "nl", context: TurnContext = NOVEMBER,
         answers: dict[tuple[str, str], Any] | None = None) -> Outcome:
    view = TeamView(state=state, data=data or {}, language=language,
                    answers={k: StoredAnswer(v) for k, v in (answers or {}).items()})
    return ENGINE.handle(view, Turn(text=text, choice=choice, question_id=state if choice else None), context)


def test_a_start_date_means_the_first_day_of_the_period() -> None:
    outcome = send("content_planning.start", "Q2 2027")
    assert [(w.question_id, w.value) for w in outcome.writes] == [("content_planning.start", "2027-04-01")]


def test_januari_as_a_start_is_the_first_of_january() -> None:
    assert send("content_planning.start", "januari").writes[0].value == "2027-01-01"


def test_a_deadline_means_the_last_day_of_the_period() -> None:
    flow = default_flow()
    assert flow.forms["kpi"].field("deadline").date_role == "end"
    assert flow.by_id["content_planning.start"].date_role == "start"


def test_medio_volgend_jaar_gets_a_suggestion_not_the_generic_refusal() -> None:
    outcome = send("content_planning.start", "medio volgend jaar")
    problem = outcome.replies[0]
    assert problem.kind == ReplyKind.PROBLEM
    assert problem.text.startswith("Dat is te vaag: bedoel je juni 2027?")
    assert "kon ik niet lezen" not in problem.text
    assert [c.value for c in problem.choices] == ["juni 2027"]
    assert outcome.writes == []


def test_medio_next_year_gets_an_english_suggestion() -> None:
    outcome = send("content_planning.start", "mid next year", language="en")
    assert outcome.replies[0].text.startswith("That's too vague: do you mean June 2027?")


def test_yes_to_the_suggestion_stores_it() -> None:
    asked = send("content_planning.start", "medio volgend jaar")
    outcome = send("content_planning.start", "ja", data=asked.data)
    assert [(w.value, w.raw) for w in outcome.writes] == [("2027-06-01", "juni 2027")]


def test_eind_dit_jaar_for_the_budget_period_in_december_asks_which_year() -> None:
    outcome = send("budget.period", "eind dit jaar", context=DECEMBER)
    problem = outcome.replies[0]
    assert "Bedoel je tot eind 2026" in problem.text and "tot eind 2027" in problem.text
    assert [c.label for c in problem.choices] == ["Tot eind 2026", "Tot eind 2027"]
    assert outcome.writes == []


def test_the_chosen_year_is_stored_as_the_budget_period() -> None:
    asked = send("budget.period", "eind dit jaar", context=DECEMBER)
    chosen = asked.replies[0].choices[1].value
    outcome = send("budget.period", choice=chosen, data=asked.data, context=DECEMBER)
    assert outcome.writes[0].value == {"start": "2026-12-07", "end": "2027-12-31", "label": "2026-12-07 – 2027-12-31"}


def test_the_number_of_a_suggestion_picks_it() -> None:
    asked = send("budget.period", "end of this year", language="en", context=DECEMBER)
    outcome = send("budget.period", "1", data=asked.data, language="en", context=DECEMBER)
    assert outcome.writes[0].value["end"] == "2026-12-31"


def test_eind_dit_jaar_before_december_is_the_rest_of_this_year() -> None:
    assert send("budget.period", "eind dit jaar").writes[0].value["end"] == "2026-12-31"


@pytest.mark.parametrize("text", ["een combinatie", "Een combinatie van beide", "a combination"])
def test_een_combinatie_is_the_mix(text: str) -> None:
    assert send("time_knowledge.approach", text).writes[0].value == "mix"


@pytest.mark.parametrize("text,language", [("weet ik nog niet", "nl"), ("Geen idee", "nl"),
                                           ("don't know yet", "en")])
def test_not_knowing_skips_an_optional_question(text: str, language: str) -> None:
    outcome = send("data_analysis.visitors", text, language=language)
    assert outcome.writes == [] and outcome.state == "data_analysis.conversion"
    assert ("sla" in outcome.replies[0].text) or ("skip" in outcome.replies[0].text)


def test_a_dash_on_a_question_is_no_answer_not_a_stored_dash() -> None:
    # "-" skips a form field in the console; typed at a text question it was stored as the answer "-".
    outcome = send("flywheel.informing", "-")
    assert outcome.writes == [] and outcome.state == "flywheel.informing"
    assert "Ik zie nog geen antwoord" in outcome.replies[0].text


@pytest.mark.parametrize("text", [":+1:", "👍", ":tada: :tada:", "..."])
def test_an_emoji_alone_is_no_answer(text: str) -> None:
    # In Slack a ":+1:" to a teammate in the thread was stored as the team's why.
    outcome = send("golden_circle.why", text)
    assert outcome.writes == [] and outcome.state == "golden_circle.why"
    assert "Ik zie nog geen antwoord" in outcome.replies[0].text


def test_an_answer_with_an_emoji_in_it_is_an_answer() -> None:
    outcome = send("golden_circle.why", "Omdat fietsen de stad gezonder maakt 🚲")
    assert outcome.writes[0].value == "Omdat fietsen de stad gezonder maakt 🚲"


def test_a_dash_skips_an_optional_question_as_it_skips_an_optional_field() -> None:
    outcome = send("data_analysis.visitors", "-")
    assert outcome.writes == [] and outcome.state == "data_analysis.conversion"


def test_not_knowing_a_required_question_is_asked_again() -> None:
    outcome = send("budget.monthly", "weet ik nog niet")
    assert outcome.state == "budget.monthly" and outcome.replies[0].kind == ReplyKind.PROBLEM


def test_not_knowing_an_optional_form_field_leaves_it_empty() -> None:
    data = {"partial": {"name": "Conversie", "funnel": "do", "unit": "percent"},
            "todo": ["baseline", "target", "deadline", "owner", "source"]}
    outcome = send("kpis.kpis", "weet ik nog niet", data=data)
    assert outcome.data["partial"]["baseline"] is None and outcome.data["todo"][0] == "target"


def test_an_answer_longer_than_three_thousand_characters_is_stored_whole() -> None:
    text = "Wij helpen zorgverleners. " * 300  # ~7,800 characters
    outcome = send("golden_circle.why", text)
    assert outcome.writes[0].value == text.strip()


def test_an_answer_over_the_limit_says_plainly_that_it_was_not_saved() -> None:
    outcome = send("golden_circle.why", "x" * (MAX_TEXT + 1))
    assert outcome.writes == []
    assert "niet opgeslagen" in outcome.replies[0].text and "verloren" not in outcome.replies[0].text


def test_an_answer_over_the_limit_in_english() -> None:
    outcome = send("golden_circle.why", "x" * (MAX_TEXT + 1), language="en")
    assert "10,001 characters" in outcome.replies[0].text and "have not saved" in outcome.replies[0].text


def test_a_suggestion_is_forgotten_once_the_question_is_left() -> None:
    asked = send("content_planning.start", "medio volgend jaar")
    skipped = send("content_planning.start", "overslaan", data=asked.data)
    assert "suggested" not in skipped.data


@pytest.mark.parametrize("text", ["1 250", "1 250 bezoekers", "ongeveer 1 250"])
def test_a_space_between_thousands_reads_as_one_number_in_the_flow(text: str) -> None:
    assert send("data_analysis.visitors", text).writes[0].value == 1250.0


def test_a_percentage_that_cannot_be_right_is_not_called_unreadable() -> None:
    # "1,000.50" as a conversion rate got "Dat kon ik niet lezen als een percentage", though it was read.
    outcome = send("data_analysis.conversion", "1,000.50")
    assert outcome.writes == []
    assert outcome.replies[0].text.startswith("Dat kan niet kloppen als een percentage.")
