"""The strategy model and its page one, built from answers shaped as the coach stores them (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.document.example import TEAM, TODAY, example_answers, example_kpi_values
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy, stored
from flows.strategy_codec import strategy_from_dict, strategy_to_dict
from flows.strategy_markdown import render_markdown

FLOW = default_flow()


def strategy(language: str = "nl", answers: dict | None = None, **extra):
    return build_strategy(FLOW, example_answers(language) if answers is None else answers, language, TODAY, TEAM,
                          kpi_values=extra.pop("kpi_values", example_kpi_values(language)), **extra)


def page_one(language: str = "nl", answers: dict | None = None, **extra) -> str:
    return render_markdown(strategy(language, answers, **extra), full=False)


def section(markdown: str, heading: str) -> str:
    """The text under one `## heading`, up to the next one."""
    start = markdown.index(f"## {heading}")
    end = markdown.find("\n## ", start + 3)
    return markdown[start:end if end != -1 else None]


def test_page_one_names_the_team_and_the_date_in_words():
    text = page_one()
    assert text.startswith("# Strategie op één pagina — Koffiebranderij Bonenberg")
    assert "Stand van 4 januari 2027" in text


def test_why_how_and_what_come_in_that_order():
    text = section(page_one(), "Why, how, what")
    why = text.index("We geloven dat een goede kop koffie")
    how = text.index("We branden zelf, in kleine partijen")
    what = text.index("Versgebrande koffiebonen")
    assert why < how < what


def test_core_values_and_problem_statement_are_on_page_one():
    text = page_one()
    assert "**Kernwaarden:** Vakmanschap, Eerlijk, Gastvrij" in text
    assert "**Probleemstelling:** Hoe krijgen we meer vaste zakelijke klanten zonder een eigen salesteam?" in text


def test_emphasis_choices_show_in_words_and_as_five_marks():
    text = section(page_one(), "Waar de nadruk ligt")
    assert "Bestaande klanten ○○○●○ Nieuwe klanten — vooral nieuwe klanten" in text
    assert "Online ○●○○○ Offline — vooral online" in text
    assert "Sales ○○○●○ Marketing — vooral marketing" in text


def test_each_focus_group_has_one_row_with_persona_motives_proposition_and_kpis():
    rows = [line for line in section(page_one(), "Focusgroepen").splitlines() if line.startswith("| **")]
    assert len(rows) == 3
    horeca = rows[0]
    assert "**Horeca-ondernemers** — Café-eigenaar Karim: 38 jaar, twee koffiebars in Utrecht" in horeca
    assert "Constante kwaliteit, training voor zijn personeel" in horeca
    assert "Koffie die je gasten herkennen, met training erbij." in horeca
    assert "Nieuwe horecaklanten: 5 per kwartaal vóór 31 december 2027 (Karin)" in horeca


def test_a_kpi_for_the_whole_strategy_is_listed_apart_from_the_groups():
    text = page_one()
    assert "**KPI's voor de hele strategie:**" in text
    assert "- Webshopomzet: € 25.000 per maand vóór 31 december 2027 (Sanne)" in text


def test_what_we_will_not_do_has_its_own_box():
    text = section(page_one(), "Wat we NIET doen")
    assert "- Geen supermarkten beleveren" in text
    assert "- Geen kortingsacties onder de kostprijs" in text


def test_budget_shows_the_monthly_amount_and_the_roi_computed_in_chat():
    text = section(page_one(), "Budget en ROI")
    assert "**Budget per maand:** € 2.500 (2027)" in text
    assert "**Verwachte ROI:** 866,67 % (€ 58.000 opbrengst op € 6.000 kosten; op omzet, niet op marge)" in text


def test_top_three_actions_are_the_most_urgent_with_owner_and_date_in_words():
    text = section(page_one(), "De drie belangrijkste acties")
    assert "1. Landingspagina voor kantoren live — Sanne, 15 februari 2027" in text
    assert "2. Offertetool bouwen — Joost, 1 april 2027" in text
    assert "3. Barista-video's opnemen — Karim (extern), 15 maart 2027" in text
    assert "SEO-training" not in text  # the fourth, lowest priority


def test_sponsor_by_its_label_and_the_project_manager():
    text = section(page_one(), "Wie draagt het")
    assert "**Sponsor:** Directie en marketing" in text
    assert "**Projectmanager:** Karin de Vries" in text


def test_without_a_named_project_manager_the_team_members_with_that_role_are_shown():
    answers = example_answers()
    del answers[("flywheel.project_manager", "")]
    assert "**Projectmanager:** Tom Bakker" in page_one(answers=answers, project_managers=["Tom Bakker"])


def test_an_orphaned_persona_proposition_and_journey_never_appear():
    whole = render_markdown(strategy())
    assert "Vervallen persona Vera" not in whole
    assert "Vervallen propositie" not in whole
    assert "Vervallen journey" not in whole


def test_a_group_removed_later_takes_its_pieces_with_it():
    answers = example_answers()
    answers[("focus_groups.groups", "")] = StoredAnswer(["Horeca-ondernemers", "Kantoren"], version=2)
    whole = render_markdown(strategy(answers=answers))
    assert "Thuisbarista Tim" not in whole
    assert "Binnen twee dagen na branden" not in whole


def test_an_open_item_and_a_kept_point_appear_under_attention():
    text = section(page_one(), "Aandachtspunten")
    assert "**Nog open:**\n- Experience journey voor Thuisbarista's" in text
    assert ("**Bewust zo gehouden, tegen het advies van de coach in:**\n"
            "- Propositie (Kantoren): “Elke dag goede koffie op kantoor, zonder omkijken.”") in text


def test_a_withdrawn_kept_point_is_no_longer_shown():
    answers = example_answers()
    key = next(k for k in answers if k[0] == "_kept")
    answers[key] = StoredAnswer(answers[key].value, status="withdrawn", version=2)
    assert "Bewust zo gehouden" not in page_one(answers=answers)


def test_a_kept_point_of_a_removed_group_is_not_shown():
    answers = example_answers()
    answers[("focus_groups.groups", "")] = StoredAnswer(["Horeca-ondernemers", "Thuisbarista's"], version=2)
    assert "Bewust zo gehouden" not in page_one(answers=answers)


def test_a_kpi_that_is_not_smart_yet_is_an_open_item():
    answers = example_answers()
    kpis = [dict(k) for k in answers[("kpis.kpis", "")].value]
    kpis[0].pop("deadline")
    kpis[0].pop("owner")
    answers[("kpis.kpis", "")] = StoredAnswer(kpis)
    assert "- KPI 'Nieuwe horecaklanten' mist nog: een deadline, een eigenaar" in page_one(answers=answers)


def test_a_step_not_begun_is_one_open_item_not_a_list_of_questions():
    answers = {k: v for k, v in example_answers().items() if not k[0].startswith(
        ("budget.", "time_knowledge.", "content_planning.", "releases.", "optimisation."))}
    text = section(page_one(answers=answers), "Aandachtspunten")
    assert "- Stap 4 · Achieve: nog niet ingevuld" in text
    assert "Budget per maand" not in text


def test_a_draft_answer_shows_as_typed_and_asks_to_be_confirmed():
    answers = example_answers()
    answers[("ambitions.problem", "")] = StoredAnswer({"draft": "meer klanten??"}, status="draft")
    text = page_one(answers=answers)
    assert "**Probleemstelling:** meer klanten?? (concept)" in text
    assert "- Probleemstelling: nog een concept, graag bevestigen" in text


def test_dutch_units_funnel_names_and_dates():
    whole = render_markdown(strategy())
    assert "| Conversieratio webshop | Thuisbarista's | Conversie | 1,4 % | 2,5 % per maand | 30 september 2027 |" \
        in whole
    assert "| Webshopomzet | — | Conversie | € 12.500 | € 25.000 per maand |" in whole
    assert "Overweging" in whole
    assert "(do)" not in whole and "(think)" not in whole


def test_english_units_funnel_names_and_dates():
    whole = render_markdown(strategy("en"))
    assert whole.startswith("# Strategy on one page — Koffiebranderij Bonenberg")
    assert "As of 4 January 2027" in whole
    assert "| Web shop conversion rate | Home baristas | Conversion | 1.4% | 2.5% a month | 30 September 2027 |" \
        in whole
    assert "€ 25,000 a month" in whole
    assert "**Expected ROI:** 866.67% (€ 58,000 revenue on € 6,000 cost; on revenue, not margin)" in whole
    assert "Current customers ○○○●○ New customers — mostly new customers" in whole
    assert "**Sponsor:** Management and marketing" in whole


def test_no_question_texts_instructions_or_internal_ids():
    whole = render_markdown(strategy())
    for question in FLOW.questions:
        assert question.ask("nl").replace("{item}", "") not in whole
    for word in ("typ 'klaar'", "Noem er minstens twee", "golden_circle", "kpis.kpis", "_kept", "proposition_generic"):
        assert word not in whole


def test_persona_fields_are_labelled_on_the_next_pages():
    whole = render_markdown(strategy())
    assert "- **Demografie:** 45 jaar, kantoor met 80 medewerkers" in whole
    assert "- **Koopmotieven:** Ontzorgen, vaste prijs, geen gedoe met storingen" in whole


def test_the_journey_is_a_table_of_phases_by_questions_touchpoints_content_and_keywords():
    journeys = section(render_markdown(strategy()), "Experience journey per persona")
    assert "| Fase | Vragen | Touchpoints | Content | Keywords |" in journeys
    assert "| Vóór | Past deze koffie bij mijn zaak? | Instagram, vakbeurs | Proefsessie op locatie |" in journeys
    tim = journeys[journeys.index("### Thuisbarista Tim (Thuisbarista's)"):]
    assert "_Experience journey: nog open_" in tim


def test_content_planning_and_releases_form_a_timeline():
    whole = render_markdown(strategy())
    assert "| 1 februari 2027 | Start van de contentplanning |" in whole
    assert "| april 2027 | Offertetool |" in whole


def test_kpi_history_with_values_in_their_unit_and_months_in_words():
    whole = render_markdown(strategy())
    history = section(whole, "KPI's door de maanden heen")
    assert "| december 2026 | 2,2 % |" in history
    assert "| oktober 2026 | niet gemeten |" in history


def test_without_measurements_there_is_no_history_section():
    assert "KPI's door de maanden heen" not in render_markdown(strategy(kpi_values={}))


def test_older_answer_shapes_still_render():
    answers = example_answers()
    answers[("marketing_goals.goals", "")] = StoredAnswer("Meer leads uit bestaande klanten.")
    answers[("journey.journey", "Kantoren")] = StoredAnswer({"before": "Zoekt op Google", "during": "Belt",
                                                             "after": "Bestelt bij"})
    whole = render_markdown(strategy(answers=answers))
    assert "- Meer leads uit bestaande klanten." in whole
    assert "| Vóór | Zoekt op Google |" in whole


def test_an_empty_strategy_says_what_is_open():
    s = build_strategy(FLOW, {}, "nl", date(2026, 12, 1), "Nieuw team")
    assert s.is_empty
    text = render_markdown(s, full=False)
    assert "- Stap 1 · Discover: nog niet ingevuld" in text
    assert "_nog niet gekozen_" in text


def test_the_model_survives_a_trip_through_json():
    s = strategy()
    assert strategy_from_dict(strategy_to_dict(s)) == s


@pytest.mark.parametrize("language", ["nl", "en"])
def test_plain_values_are_read_as_final_answers(language):
    values = {("golden_circle.why", ""): "Omdat het kan."}
    s = build_strategy(FLOW, stored(values), language, TODAY)
    assert s.why == "Omdat het kan."


def test_kpi_periods_use_the_flows_own_labels_when_it_has_them():
    from dataclasses import replace

    from flows.definition import FieldDef, Option, Text

    kpi_form = FLOW.forms["kpi"]
    period = FieldDef("period", Text("Periode", "Period"), "choice", options=(
        Option("month", Text("Per maand (month)", "Per month (month)")),
        Option("quarter", Text("Per kwartaal", "Per quarter"))))
    flow = replace(FLOW, forms={**FLOW.forms, "kpi": replace(kpi_form, fields=(*kpi_form.fields, period))})
    s = build_strategy(flow, example_answers(), "nl", TODAY, TEAM)
    assert s.focus_groups[0].kpis[0].target == "5 per kwartaal"
    assert s.focus_groups[1].kpis[0].target == "12 per maand"


def test_a_focus_group_without_a_kpi_is_an_open_item():
    answers = example_answers()
    answers[("kpis.kpis", "")] = StoredAnswer([k for k in answers[("kpis.kpis", "")].value
                                               if k["focus_group"] != "Kantoren"])
    assert "- Nog geen KPI voor Kantoren" in section(page_one(answers=answers), "Aandachtspunten")


def test_a_budget_period_until_the_end_of_next_year_reads_in_words_on_page_one() -> None:
    values = {("budget.monthly", ""): {"amount": 1000.5, "currency": "EUR"},
              ("budget.period", ""): {"start": "2026-12-01", "end": "2027-12-31", "label": "2026-12-01 – 2027-12-31"}}
    s = build_strategy(FLOW, stored(values), "nl", TODAY)
    assert s.budget.period == "1 december 2026 – 31 december 2027"
