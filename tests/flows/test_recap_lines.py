"""The recap's short lines read like the strategy, not like the stored answer: units, words, no codes."""

from __future__ import annotations

import pytest

from flows.definition import default_flow
from flows.formatting import format_answer
from flows.recap import compact, recap_text
from flows.session import StoredAnswer

FLOW = default_flow()
KPIS = next(q for q in FLOW.questions if q.id == "kpis.kpis")


@pytest.mark.parametrize("language,expected", [
    ("nl", "Conversieratio webshop → 3,5 %, uiterlijk 30 juni 2027 (alle focusgroepen)"),
    ("en", "Conversieratio webshop → 3.5%, by 30 June 2027 (all focus groups)"),
])
def test_a_kpi_in_the_recap_has_its_unit_its_deadline_in_words_and_no_overall_code(language: str,
                                                                                    expected: str) -> None:
    kpi = {"name": "Conversieratio webshop", "focus_group": "overall", "unit": "percent", "target": 3.5,
           "deadline": "2027-06-30"}
    assert compact(FLOW, KPIS, [kpi], language) == expected


def test_a_money_kpi_in_the_recap_keeps_its_cents_and_names_its_focus_group() -> None:
    kpi = {"name": "Omzet e-bikes", "focus_group": "Forenzen", "unit": "money", "target": 1000.5}
    assert compact(FLOW, KPIS, [kpi], "nl") == "Omzet e-bikes → € 1.000,50 (Forenzen)"


@pytest.mark.parametrize("language,expected", [("nl", "1 december 2026 – 31 december 2027"),
                                               ("en", "1 December 2026 – 31 December 2027")])
def test_a_budget_period_until_the_end_of_a_year_is_shown_in_words_not_iso_dates(language: str,
                                                                                 expected: str) -> None:
    # What "eind dit jaar" in December, answered "Tot eind 2027", stores.
    period = {"start": "2026-12-01", "end": "2027-12-31", "label": "2026-12-01 – 2027-12-31"}
    question = next(q for q in FLOW.questions if q.id == "budget.period")
    assert compact(FLOW, question, period, language) == expected


def test_a_calendar_period_keeps_its_label() -> None:
    question = next(q for q in FLOW.questions if q.id == "budget.period")
    assert compact(FLOW, question, {"start": "2027-01-01", "end": "2027-03-31", "label": "Q1 2027"}, "nl") == "Q1 2027"


def test_a_kpi_shown_for_an_edit_has_its_figures_in_its_unit() -> None:
    # "Huidige waarde (nulmeting): 2,4; Doelwaarde: 3,5" for a percentage, "15.000,5" for an amount.
    percent = {"name": "Conversieratio", "unit": "percent", "baseline": 2.4, "target": 3.5}
    money = {"name": "Omzet", "unit": "money", "baseline": 10000.0, "target": 15000.5}
    shown = format_answer(FLOW, KPIS, [percent, money], "nl")
    assert "Huidige waarde (nulmeting): 2,4 %; Doelwaarde: 3,5 %" in shown
    assert "Doelwaarde: € 15.000,50" in shown


def test_the_recap_shows_every_kpi_however_long_the_list() -> None:
    kpis = [{"name": f"KPI nummer {n} met een lange naam voor de focusgroep", "target": 10 + n, "unit": "number",
             "deadline": "2027-12-31", "focus_group": "Forenzen"} for n in range(1, 7)]
    text = recap_text(FLOW, KPIS.step_id, {(KPIS.id, ""): StoredAnswer(kpis)}, "nl")
    assert all(f"KPI nummer {n} " in text for n in range(1, 7)) and "…" not in text
