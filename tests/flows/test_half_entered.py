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


def test_a_percentage_kpi_with_a_target_over_100_is_asked_again() -> None:
    # The monthly cycle refuses values over 100 % for a percentage KPI; a target of 1.000,5 % could never be met.
    data = {"partial": {"name": "Conversieratio webshop", "unit": "percent", "baseline": 2.4}, "todo": ["target"]}
    outcome = send(data, text="1.000,50")
    assert "Doelwaarde: een percentage kan niet boven 100 % liggen (1.000,5 %)." in outcome.replies[0].text
    assert outcome.data["todo"][0] == "target" and outcome.data["partial"].get("target") is None


def test_a_count_kpi_may_have_a_target_over_100() -> None:
    data = {"partial": {"name": "Aanvragen", "unit": "count", "baseline": 40.0}, "todo": ["target", "period"]}
    outcome = send(data, text="1.000")
    assert outcome.data["partial"]["target"] == 1000


def test_a_kpi_deadline_already_past_is_asked_again() -> None:
    # "1 maart 2026" on 23 November 2026 was stored, then challenged as "moet binnen drie maanden lukken".
    data = {"partial": {"name": "Aanvragen", "unit": "count", "target": 60.0}, "todo": ["deadline", "owner"]}
    outcome = send(data, text="1 maart 2026")
    assert "1 maart 2026 ligt al achter ons" in outcome.replies[0].text
    assert outcome.data["todo"][0] == "deadline"


def test_a_kpi_deadline_today_or_later_is_taken() -> None:
    data = {"partial": {"name": "Aanvragen", "unit": "count", "target": 60.0}, "todo": ["deadline", "owner"]}
    assert send(data, text="1 maart 2027").data["partial"]["deadline"] == "2027-03-01"
