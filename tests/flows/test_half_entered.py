"""`klaar` while a KPI is half entered: never dropped silently; finish it or discard it, the person chooses."""

from __future__ import annotations

from datetime import date

from flows.definition import default_flow
from flows.engine import Engine
from flows.session import TeamView, Turn, TurnContext
from flows.types import ReplyKind

ENGINE = Engine(default_flow())
TODAY = date(2026, 11, 23)
HALF = {"partial": {"name": "Offerteaanvragen", "funnel": "do"}, "todo": ["unit", "baseline", "target"],
        "collected": [{"name": "Bezoekers", "target": 1500}]}


def send(data: dict, **turn: str):  # type: ignore[no-untyped-def]
    return ENGINE.handle(TeamView(state="kpis.kpis", data=data), Turn(**turn), TurnContext(today=TODAY))


def test_done_with_a_half_entered_kpi_asks_to_finish_or_discard_it() -> None:
    outcome = send(dict(HALF), text="klaar")
    assert outcome.state == "kpis.kpis" and outcome.writes == []
    [question] = outcome.replies
    assert "Offerteaanvragen" in question.text and [c.value for c in question.choices] == ["finish", "discard"]


def test_finishing_goes_on_with_the_next_field() -> None:
    asked = send(dict(HALF), text="klaar")
    outcome = send(asked.data, choice="finish")
    assert outcome.state == "kpis.kpis" and outcome.data["partial"]["name"] == "Offerteaanvragen"
    assert outcome.replies[-1].kind == ReplyKind.QUESTION


def test_discarding_drops_it_and_finishes_the_kpis() -> None:
    asked = send(dict(HALF), text="klaar")
    outcome = send(asked.data, choice="discard")
    assert outcome.state != "kpis.kpis"
    assert "partial" not in outcome.data
    assert any(r.text.startswith("Weggegooid") for r in outcome.replies)


def test_typing_the_next_field_instead_goes_on_filling_it_in() -> None:
    asked = send(dict(HALF), text="klaar")
    outcome = send(asked.data, text="percentage")
    assert outcome.state == "kpis.kpis" and outcome.data["partial"].get("unit") == "percent"


def test_the_half_entered_kpi_is_shown_with_labels_and_formatted_numbers_not_stored_codes() -> None:
    partial = {"name": "Conversieratio webshop", "funnel": "do", "unit": "percent", "baseline": 2.4, "target": 3.5}
    outcome = send({"partial": partial, "todo": ["period"], "collected": []}, text="klaar")
    [question] = outcome.replies
    assert "(Conversieratio webshop; Conversie (do); Percentage; 2,4; 3,5)" in question.text
    assert "percent," not in question.text and "2.4" not in question.text


def test_an_optional_fields_note_is_set_apart_from_its_hint() -> None:
    # "— bv. 2,1 Optioneel: typ `-` om over te slaan." ran the hint into the note.
    outcome = send({"partial": {"name": "Conversie", "focus_group": "overall"}, "todo": ["baseline"]}, text="help")
    prompt = outcome.replies[-1].text
    assert "bv. 2,1 (optioneel: typ `-` om over te slaan)" in prompt
