"""Every answer kind through the engine: what is accepted, what is stored, and friendly re-prompts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from flows.definition import load_flow
from flows.engine import Engine
from flows.session import StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind

FLOW = load_flow(Path(__file__).parent / "kinds.yaml")
ENGINE = Engine(FLOW)
TODAY = date(2026, 11, 23)


def at(question_id: str, language: str = "nl", data: dict[str, Any] | None = None) -> TeamView:
    return TeamView(state=question_id, data=data or {}, language=language)


def send(view: TeamView, text: str | None = None, **turn: Any) -> Any:
    return ENGINE.handle(view, Turn(text=text, **turn), TurnContext(today=TODAY))


@pytest.mark.parametrize("question_id,text,stored", [
    ("e.text", "  Omdat we van groei houden  ", "Omdat we van groei houden"),
    ("e.list", "kwaliteit, eerlijkheid en lef", ["kwaliteit", "eerlijkheid", "lef"]),
    ("e.list", "- kwaliteit\n- eerlijkheid", ["kwaliteit", "eerlijkheid"]),
    ("e.choice", "2", "b"),
    ("e.choice", "appel", "a"),
    ("e.choice", "Pear", "b"),
    ("e.axis", "70/30", 2),
    ("e.axis", "5", 5),
    ("e.number", "1.000,50", 1000.5),
    ("e.number", "1,000.50", 1000.5),
    ("e.number", "5k", 5000.0),
    ("e.percent", "25%", 25.0),
    ("e.money", "€ 5.000", {"amount": 5000.0, "currency": "EUR"}),
    ("e.money", "5k", {"amount": 5000.0, "currency": "EUR"}),
    ("e.date", "1 juni 2027", "2027-06-01"),
    ("e.date", "2027-06-01", "2027-06-01"),
    ("e.date", "Q2 2027", "2027-06-30"),
    ("e.date", "eind dit jaar", "2026-12-31"),
    ("e.period", "Q2 2027", {"start": "2027-04-01", "end": "2027-06-30", "label": "Q2 2027"}),
])
def test_an_answer_of_each_kind_is_stored_as_its_value(question_id: str, text: str, stored: Any) -> None:
    outcome = send(at(question_id), text)
    assert [(w.question_id, w.value, w.status) for w in outcome.writes] == [(question_id, stored, "final")]


def test_a_button_press_is_the_choice_it_names() -> None:
    outcome = send(at("e.choice"), choice="b", question_id="e.choice")
    assert outcome.writes[0].value == "b"


@pytest.mark.parametrize("question_id,text,expected", [
    ("e.number", "veel", "Dat kon ik niet lezen als een getal. Bijvoorbeeld `1.250`, `1.000,50` of `5k`."),
    ("e.number", "10 of 20", "Ik zie meer dan één mogelijkheid"),
    ("e.percent", "heel hoog", "als een percentage"),
    ("e.money", "gratis", "als een bedrag"),
    ("e.date", "31-02-2027", "als een datum. Bijvoorbeeld `1 juni 2027`, `2027-06-01`, `Q2 2027` of `eind dit jaar`."),
    ("e.period", "ooit", "als een periode"),
    ("e.choice", "banaan", "1. Appel, 2. Peer"),
    ("e.axis", "7", "een positie van 1 tot 5"),
    ("e.text", "   ", "Ik zie nog geen antwoord"),
    ("e.text", "x" * 10_001, "10.001 tekens lang; ik bewaar er hooguit 10.000, dus dit heb ik niet opgeslagen"),
])
def test_an_unreadable_answer_gets_a_friendly_reprompt_and_stays_on_the_question(question_id: str, text: str,
                                                                               expected: str) -> None:
    outcome = send(at(question_id), text)
    assert outcome.writes == []
    assert outcome.state == question_id
    assert expected in outcome.replies[0].text
    assert outcome.replies[-1].kind == ReplyKind.QUESTION and outcome.replies[-1].question_id == question_id


def test_the_english_reprompt_uses_english_formats() -> None:
    outcome = send(at("e.number", language="en"), "lots")
    assert outcome.replies[0].text == "I couldn't read that as a number. For example `1,250`, `1,000.50` or `5k`."


def test_an_answer_that_fails_three_times_is_kept_as_a_flagged_draft() -> None:
    view = at("e.number")
    for _ in range(2):
        outcome = send(view, "ongeveer een handvol")
        view = TeamView(state=outcome.state, data=outcome.data)
    outcome = send(view, "ongeveer een handvol")
    assert [(w.value, w.status) for w in outcome.writes] == [({"draft": "ongeveer een handvol"}, "draft")]
    assert outcome.state == "e.percent"
    assert "als concept bewaard" in outcome.replies[0].text


def test_an_unknown_slash_command_is_explained_and_the_question_repeated() -> None:
    outcome = send(at("e.text"), "/dans")
    assert "`/dans` ken ik niet" in outcome.replies[0].text
    assert outcome.replies[-1].question_id == "e.text"


def test_a_button_from_an_earlier_question_is_not_taken_as_this_answer() -> None:
    outcome = send(at("e.number"), choice="b", question_id="e.choice")
    assert outcome.writes == []
    assert "eerdere vraag" in outcome.replies[0].text


def kpi_form(**fields: str) -> dict[str, str]:
    return {"name": "Conversieratio", "target": "", "deadline": "", "owner": "", **fields}


def test_a_kpi_without_number_deadline_or_owner_gets_a_smart_hint() -> None:
    outcome = send(at("e.kpi"), form=kpi_form(), question_id="e.kpi")
    hint = outcome.replies[0]
    assert outcome.writes == []
    assert "nog niet SMART" in hint.text and "in de komende 6 maanden" in hint.text
    assert [c.value for c in hint.choices] == ["sharpen", "keep"]


def test_sharpening_a_kpi_asks_only_for_what_is_missing() -> None:
    hinted = send(at("e.kpi"), form=kpi_form(target="10"), question_id="e.kpi")
    sharpen = send(TeamView(state="e.kpi", data=hinted.data), choice="sharpen")
    assert "Deadline (3/4)" in sharpen.replies[-1].text
    deadline = send(TeamView(state="e.kpi", data=sharpen.data), "Q2 2027")
    owner = send(TeamView(state="e.kpi", data=deadline.data), "Sanne")
    assert owner.writes[0].value == {"name": "Conversieratio", "target": 10.0, "deadline": "2027-06-30",
                                     "owner": "Sanne", "smart_missing": []}


def test_keeping_a_kpi_as_it_is_records_what_it_misses() -> None:
    hinted = send(at("e.kpi"), form=kpi_form(target="10"), question_id="e.kpi")
    kept = send(TeamView(state="e.kpi", data=hinted.data), "zo laten")
    assert kept.writes[0].value["smart_missing"] == ["deadline", "owner"]


def test_a_form_with_an_unreadable_field_keeps_the_good_fields_and_names_the_bad_one() -> None:
    outcome = send(at("e.kpi"), form=kpi_form(target="veel", owner="Sanne"), question_id="e.kpi")
    assert "Doel: Dat kon ik niet lezen als een getal" in outcome.replies[0].text
    form = outcome.replies[-1].form
    assert {f.name: f.value for f in form.fields}["owner"] == "Sanne"


def test_the_roi_is_computed_as_the_seed_does() -> None:
    outcome = send(at("e.roi"), form={"cost": "€ 5.000", "conversions": "100", "value": "€ 100", "revenue": ""},
                   question_id="e.roi")
    assert outcome.writes[0].value["roi"] == 100.0
    assert "((€ 10.000 − € 5.000) / € 5.000) × 100 = 100%" in outcome.replies[0].text


def test_an_roi_without_revenue_or_conversions_asks_for_the_revenue() -> None:
    outcome = send(at("e.roi"), form={"cost": "€ 5.000", "conversions": "", "value": "", "revenue": ""},
                   question_id="e.roi")
    assert outcome.writes == []
    assert "Omzet (4/4)" in outcome.replies[-1].text


def test_answers_are_kept_between_turns_of_other_questions() -> None:
    view = TeamView(state="e.text", answers={("e.list", ""): StoredAnswer(["a"])})
    outcome = send(view, "samenvatting")
    assert outcome.replies[0].kind == ReplyKind.SUMMARY
