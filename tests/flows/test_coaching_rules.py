"""Every coaching rule, in Dutch and English: a weak answer is challenged once, sharpening re-asks only
that part, keeping records a kept point that `status` and the summary show, and a strong answer passes
without a word (the coach must not nag)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.consistency import KEPT, kept_points
from flows.recap import recap_text
from flows.rulebook import SOURCES
from flows.session import StoredAnswer
from tests.flows.coaching_cases import BY_RULE, CASES, FLOW, challenges, kpi, send, stored_kpi, view_for

RULES = [case.rule for case in CASES]
LANGUAGES = ("nl", "en")


def test_every_rule_of_the_rules_file_has_a_case() -> None:
    assert sorted(r.id for r in FLOW.rules.rules) == sorted(RULES)


def names_a_source(text: str, language: str) -> bool:
    return any(source(language) in text for source in SOURCES.values())


def test_every_rule_names_its_source_in_both_languages() -> None:
    for rule in FLOW.rules.rules:
        seeds = set(rule.seed.replace(" ", "").split(","))
        assert seeds <= set(SOURCES), rule.id
        assert rule.challenge.nl and rule.challenge.en and rule.kept.nl and rule.kept.en, rule.id
        assert names_a_source(rule.challenge.nl, "nl") and names_a_source(rule.challenge.en, "en"), rule.id


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rule", RULES)
def test_a_weak_answer_is_challenged_once_and_nothing_is_stored_yet(rule: str, language: str) -> None:
    case = BY_RULE[rule]
    outcome, _ = send(view_for(case, language), case.weak[language])
    assert challenges(outcome) == [rule]
    challenge = next(r for r in outcome.replies if r.meta.get("kind") == "challenge")
    assert [c.value for c in challenge.choices] == ["sharpen", "keep"]
    assert names_a_source(challenge.text, language)
    assert [w for w in outcome.writes if w.question_id == case.state] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rule", RULES)
def test_a_strong_answer_passes_without_a_challenge(rule: str, language: str) -> None:
    case = BY_RULE[rule]
    outcome, _ = send(view_for(case, language, strong=True), case.strong[language])
    assert challenges(outcome) == []
    assert not [r for r in outcome.replies if r.meta.get("kind") == "pick"]
    assert any(w.question_id == case.state for w in outcome.writes) or outcome.state != case.state


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rule", RULES)
def test_sharpening_asks_again_for_only_that_part(rule: str, language: str) -> None:
    case = BY_RULE[rule]
    _, view = send(view_for(case, language), case.weak[language])
    outcome, _ = send(view, "aanscherpen" if language == "nl" else "sharpen")
    asked = outcome.replies[-1]
    assert outcome.state == case.state and outcome.writes == []
    if case.sharpen == "pick":
        assert asked.meta["kind"] == "pick" and "1." in asked.text
    elif case.sharpen == "add":
        assert asked.question_id == case.state and asked.meta["field"] == "name"
    elif case.sharpen.startswith("field:"):
        assert asked.question_id == case.state and asked.meta["field"] == case.sharpen.split(":")[1]
    else:
        assert asked.question_id == case.state and asked.meta["kind"] != "challenge"
        assert asked.meta["item"] == (view.answers.get(("focus_groups.groups", "")).value[case.item]
                                      if FLOW.by_id[case.state].repeat_for == "focus_groups.groups" else None)


@pytest.mark.parametrize("rule", [c.rule for c in CASES if c.sharpen in ("question", "field:name", "field:goal")])
def test_the_same_weak_answer_after_sharpening_is_not_challenged_again(rule: str) -> None:
    case = BY_RULE[rule]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "aanscherpen")
    again = case.weak["nl"]
    outcome, _ = send(view, again if not isinstance(again, dict) else again[case.sharpen.split(":")[1]]
                      if case.sharpen.startswith("field:") else again)
    assert rule not in challenges(outcome)


def keep_all(view, outcome, language):  # type: ignore[no-untyped-def]
    """Keep every challenge that comes (a weak answer may be weak in more than one way)."""
    for _ in range(5):
        if not challenges(outcome) and not [r for r in outcome.replies if r.meta.get("kind") == "pick"]:
            return outcome, view
        outcome, view = send(view, "houden" if language == "nl" else "keep")
    raise AssertionError("the coach kept challenging")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rule", [r for r in RULES if r != "groups_new"])
def test_keeping_records_a_kept_point_that_status_and_the_summary_show(rule: str, language: str) -> None:
    case = BY_RULE[rule]
    _, view = send(view_for(case, language), case.weak[language])
    _, view = keep_all(*send(view, "houden" if language == "nl" else "keep")[::-1], language)
    kept = [p for p in kept_points(view.answers) if p.rule == rule]
    assert len(kept) == 1 and kept[0].question == case.state
    stored = view.answers[(KEPT, f"{rule}|{case.state}|{kept[0].item}")]
    assert stored.author == "anna" and stored.value["answer_version"] is not None
    label = FLOW.rules.by_id(rule).kept(language)
    status, _ = send(view, "status")
    assert label in status.replies[0].text
    summary, _ = send(view, "samenvatting" if language == "nl" else "summary")
    assert f"“{kept[0].quote}”" in summary.replies[0].text  # page one's points of attention quote it
    assert label in summary.replies[0].text  # and name why the coach advised against it


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirming_a_new_focus_group_adds_it_to_the_target_groups_without_a_kept_point(language: str) -> None:
    case = BY_RULE["groups_new"]
    _, view = send(view_for(case, language), case.weak[language])
    _, view = send(view, "houden" if language == "nl" else "keep")
    assert "Toeristen" in view.answers[("audiences.groups", "")].value
    assert view.answers[("focus_groups.groups", "")].value == ["Forenzen", "Toeristen"]
    assert not [p for p in kept_points(view.answers) if p.rule == "groups_new"]


def test_two_new_focus_groups_are_named_without_a_singular_verb() -> None:
    # "forensen, gezinnen met kinderen stond niet bij ..." read as broken Dutch for two groups.
    case = BY_RULE["groups_new"]
    asked, view = send(view_for(case, "nl"), "Forenzen, Toeristen, Scholieren")
    assert "Studenten): Toeristen, Scholieren. Focusgroepen kiezen" in asked.replies[-1].text
    added, _ = send(view, "houden")
    assert "Nu ook bij jullie doelgroepen: Toeristen, Scholieren." in added.replies[0].text


def test_a_sharpened_answer_withdraws_the_kept_point_it_no_longer_needs() -> None:
    case = BY_RULE["why_money"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "houden")
    assert [p.rule for p in kept_points(view.answers)] == ["why_money"]
    view = type(view)(state=case.state, data={}, answers=view.answers, language="nl")
    _, view = send(view, case.strong["nl"])
    assert kept_points(view.answers) == []
    assert view.answers[(KEPT, "why_money|golden_circle.why|")].status == "withdrawn"


def test_picking_the_top_three_keeps_the_rest_for_later() -> None:
    case = BY_RULE["goals_too_many"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "aanscherpen")
    outcome, view = send(view, "3, 1, meer reviews")
    assert view.answers[("marketing_goals.goals", "")].value == ["meer abonnementen", "Meer omzet", "meer reviews"]
    assert view.answers[("_later", "marketing_goals.goals")].value == ["meer e-bikes", "meer bezoekers"]
    assert "Bewaard voor later: meer e-bikes, meer bezoekers" in outcome.replies[0].text


@pytest.mark.parametrize("language,picked", [("en", "1,3,4"), ("nl", "1 3 4"), ("nl", "1,3 en 4")])
def test_the_top_three_can_be_picked_as_numbers_without_spaces(language: str, picked: str) -> None:
    # "1,3,4" read as one number, so "I didn't recognise any of the listed points", though the hint says `1, 3, 4`.
    case = BY_RULE["goals_too_many"]
    _, view = send(view_for(case, language), case.weak[language])
    _, view = send(view, "aanscherpen" if language == "nl" else "sharpen")
    _, view = send(view, picked)
    expected = {"nl": ["Meer omzet", "meer abonnementen", "meer reviews"],
                "en": ["More revenue", "more plans", "more reviews"]}[language]
    assert view.answers[("marketing_goals.goals", "")].value == expected


def test_focus_groups_typed_as_numbers_without_spaces_are_the_target_groups_with_those_numbers() -> None:
    case = BY_RULE["groups_new"]
    outcome, view = send(view_for(case, "nl"), "1,2")
    assert challenges(outcome) == []
    assert view.answers[("focus_groups.groups", "")].value == ["Forenzen", "Gezinnen met kinderen"]


def test_focus_groups_typed_as_a_number_and_a_name_take_the_numbered_group_and_the_named_one() -> None:
    # "2, studenten" made a new focus group called "2".
    case = BY_RULE["groups_new"]
    _, view = send(view_for(case, "nl"), "2, Studenten")
    assert view.answers[("focus_groups.groups", "")].value == ["Gezinnen met kinderen", "Studenten"]


def test_a_proposition_challenge_names_the_competitors_and_the_groups_motives() -> None:
    case = BY_RULE["proposition_generic"]
    outcome, _ = send(view_for(case, "nl"), case.weak["nl"])
    assert "Decathlon, Fietsen Peeters" in outcome.replies[-1].text
    assert "Forenzen" in outcome.replies[-1].text


def test_the_dutch_proposition_challenge_names_the_group_as_a_focus_group_so_the_verb_agrees() -> None:
    # "Waarom zou Forenzen ..." is broken Dutch for a plural group name; the question itself says "focusgroep X".
    case = BY_RULE["proposition_generic"]
    outcome, _ = send(view_for(case, "nl"), case.weak["nl"])
    assert "Waarom zou focusgroep Forenzen voor jullie kiezen" in outcome.replies[-1].text


def test_the_proposition_question_shows_the_groups_motives_and_the_teams_strengths() -> None:
    case = BY_RULE["proposition_generic"]
    outcome, _ = send(view_for(BY_RULE["persona_motives"], "nl"), BY_RULE["persona_motives"].strong["nl"])
    assert outcome.state == "focus_groups.persona"  # on to the next group's persona
    view = view_for(case, "nl")
    asked, _ = send(view, "help")
    text = asked.replies[-1].text
    assert "Koopmotieven van Forenzen: Zekerheid dat de fiets rijdt." in text
    assert "Jullie sterktes: Herstelling binnen 24 uur, persoonlijk advies." in text


def test_the_channels_question_shows_where_the_persona_is_online_and_the_budget() -> None:
    asked, _ = send(view_for(BY_RULE["channels_everywhere"], "nl"), "help")
    text = asked.replies[-1].text
    assert "Leest Google-reviews, zit op Instagram" in text and "€ 1.500" in text


def test_the_channels_question_names_the_groups_online_behaviour_without_a_singular_verb() -> None:
    # "Zo is Forenzen online" is broken Dutch for a plural group name.
    asked, _ = send(view_for(BY_RULE["channels_everywhere"], "nl"), "help")
    assert "Online gedrag van Forenzen: Leest Google-reviews, zit op Instagram." in asked.replies[-1].text
    challenged, _ = send(view_for(BY_RULE["channels_everywhere"], "nl"), BY_RULE["channels_everywhere"].weak["nl"])
    assert "Kies waar focusgroep Forenzen zich online bevindt" in challenged.replies[-1].text


def test_a_good_project_manager_answer_offers_the_project_manager_role() -> None:
    case = BY_RULE["pm_missing"]
    outcome, _ = send(view_for(case, "nl"), "Sanne")
    offer = next(r for r in outcome.replies if r.meta.get("kind") == "role_offer")
    assert [a.value for a in offer.actions] == ["rol Sanne projectmanager"]


def test_an_old_smart_kept_kpi_still_records_what_it_misses() -> None:
    case = BY_RULE["kpi_smart"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "zo laten")
    stored = view.answers[("kpis.kpis", "")]
    assert isinstance(stored, StoredAnswer) and stored.value[-1]["smart_missing"] == ["target", "deadline", "owner"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_typing_a_sharper_answer_at_the_challenge_is_taken_as_the_answer(language: str) -> None:
    case = BY_RULE["why_money"]
    _, view = send(view_for(case, language), case.weak[language])
    outcome, view = send(view, case.strong[language])
    assert challenges(outcome) == [] and outcome.state == "golden_circle.how"
    assert view.answers[("golden_circle.why", "")].value == case.strong[language]


def test_typing_a_new_value_at_a_field_challenge_answers_that_field() -> None:
    case = BY_RULE["persona_motives"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    outcome, view = send(view, "Zekerheid dat de fiets elke ochtend rijdt")
    assert view.answers[("focus_groups.persona", "Forenzen")].value["buying_motives"] == \
        "Zekerheid dat de fiets elke ochtend rijdt"
    assert outcome.replies[-1].meta["item"] == "Gezinnen met kinderen"


def test_a_form_submitted_again_at_a_challenge_is_judged_afresh() -> None:
    case = BY_RULE["kpi_vanity"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    outcome, view = send(view, case.strong["nl"])
    assert challenges(outcome) == []
    assert [k["name"] for k in view.answers[("kpis.kpis", "")].value] == ["Aanvragen via Instagram-advertenties"]
    assert outcome.replies[-1].meta.get("kind") != "challenge"


def test_the_project_manager_offer_names_only_the_person() -> None:
    outcome, _ = send(view_for(BY_RULE["pm_missing"], "nl"), "Sanne de Vries van marketing")
    offer = next(r for r in outcome.replies if r.meta.get("kind") == "role_offer")
    assert [a.value for a in offer.actions] == ["rol Sanne de Vries projectmanager"]


@pytest.mark.parametrize("language,note,line,summary", [
    ("nl", "deze ROI rekent met omzet, niet met marge", "ROI 100 % (op omzet, niet op marge)",
     "**Verwachte ROI:** 100 % (€ 10.000 opbrengst op € 5.000 kosten; op omzet, niet op marge)"),
    ("en", "this ROI counts revenue, not margin", "ROI 100% (on revenue, not margin)",
     "**Expected ROI:** 100% (€ 10,000 revenue on € 5,000 cost; on revenue, not margin)"),
])
def test_the_roi_is_kept_with_the_budget_and_shown_with_its_revenue_not_margin_note(language: str, note: str,
                                                                                   line: str, summary: str) -> None:
    case = BY_RULE["roi_negative"]
    outcome, view = send(view_for(case, language), case.strong[language])
    assert note in outcome.replies[0].text
    assert view.answers[("budget.roi", "")].value["roi"] == 100.0
    assert line in recap_text(FLOW, "achieve", view.answers, language)
    page, _ = send(view, "samenvatting" if language == "nl" else "summary")
    assert summary in page.replies[0].text  # page one's budget, as in the document


def test_after_a_pause_verder_shows_the_challenge_again_and_overslaan_keeps_the_answer() -> None:
    case = BY_RULE["why_money"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "stop")
    resumed, view = send(view, "verder")
    assert challenges(resumed) == ["why_money"] and resumed.writes == []
    _, view = send(view, "overslaan")
    assert view.answers[("golden_circle.why", "")].value == case.weak["nl"]
    assert [p.rule for p in kept_points(view.answers)] == ["why_money"]


def test_a_kept_kpi_is_stored_in_the_agreed_shape_with_what_it_misses() -> None:
    case = BY_RULE["kpi_smart"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    _, view = send(view, "houden")
    stored = view.answers[("kpis.kpis", "")].value[-1]
    assert set(stored) == {"name", "focus_group", "goal", "funnel", "unit", "baseline", "target", "period", "deadline",
                           "owner", "source", "smart_missing"}
    assert (stored["focus_group"], stored["goal"], stored["period"]) == ("Forenzen", "Meer onderhoudsabonnementen",
                                                                         "total")


@pytest.mark.parametrize("language,done", [("nl", "klaar"), ("en", "done")])
def test_done_at_a_challenged_kpi_asks_about_it_first_instead_of_dropping_it(language: str, done: str) -> None:
    case = BY_RULE["kpi_steep"]
    view = view_for(case, language)
    view = replace(view, data={**view.data, "collected": [stored_kpi("Verkoop e-bikes", "Gezinnen met kinderen")]})
    _, view = send(view, case.weak[language])
    outcome, view = send(view, done)
    assert challenges(outcome) == ["kpi_steep"] and view.state == "kpis.kpis"
    assert not [w for w in outcome.writes if w.question_id == "kpis.kpis"]
    _, view = keep_all(*send(view, "houden" if language == "nl" else "keep")[::-1], language)
    assert view.data["collected"][-1]["name"] == "Onderhoudsabonnementen"


def test_a_steep_money_kpi_is_quoted_in_euros_with_cents() -> None:
    case = BY_RULE["kpi_steep"]
    weak = kpi(name="Omzet e-bikes", unit="money", baseline="10000", target="15000,50", deadline="2026-12-31")
    outcome, _ = send(view_for(case, "nl"), weak)
    assert "van € 10.000 naar € 15.000,50" in outcome.replies[-1].text


def test_the_platform_question_lists_the_touchpoints_before_during_after_and_each_once() -> None:
    # Sorted by key they came out after-before-during, with "WhatsApp" twice.
    view = view_for(BY_RULE["channels_everywhere"], "nl")
    walked = {"before_touchpoints": "Google, reviews", "during_touchpoints": "Winkel, WhatsApp",
              "after_touchpoints": "WhatsApp, werkplaats"}
    answers = {**view.answers, ("journey.journey", "Forenzen"): StoredAnswer(walked)}
    asked, _ = send(replace(view, state="platforms.products", answers=answers), "help")
    expected = "De touchpoints uit jullie journeys: Google, reviews, Winkel, WhatsApp, werkplaats."
    assert expected in asked.replies[-1].text


@pytest.mark.parametrize("language,expected", [("nl", "Nog geen KPI voor Gezinnen met kinderen."),
                                               ("en", "No KPI yet for Gezinnen met kinderen.")])
def test_a_focus_group_without_a_kpi_is_named_mid_sentence_not_as_its_subject(language: str, expected: str) -> None:
    # "families has no KPI yet" started with a lower-case name and read wrong for a plural one.
    case = BY_RULE["kpis_group_without"]
    outcome, _ = send(view_for(case, language), case.weak[language])
    assert outcome.replies[-1].text.startswith(expected)


def test_overslaan_at_the_top_three_keeps_every_goal_as_a_kept_point_instead_of_dropping_them() -> None:
    case = BY_RULE["goals_too_many"]
    view = view_for(case, "nl")
    view = replace(view, answers={k: v for k, v in view.answers.items() if k != ("marketing_goals.goals", "")})
    _, view = send(view, case.weak["nl"])
    _, view = send(view, "aanscherpen")
    _, view = keep_all(*send(view, "overslaan")[::-1], "nl")
    assert len(view.answers[("marketing_goals.goals", "")].value) == 5
    assert [p.rule for p in kept_points(view.answers)] == ["goals_too_many"]


def test_an_edit_typed_at_a_challenge_asks_about_the_challenged_answer_first_and_loses_it_not() -> None:
    case = BY_RULE["why_money"]
    _, view = send(view_for(case, "nl"), case.weak["nl"])
    outcome, view = send(view, "wijzig kernwaarden")
    assert outcome.state == case.state and outcome.writes == []
    assert "Typ daarna opnieuw `wijzig kernwaarden`" in outcome.replies[0].text
    assert challenges(outcome) == ["why_money"]  # the same challenge, still waiting
    kept, _ = send(view, "houden")
    assert [w.value for w in kept.writes if w.question_id == case.state] == [case.weak["nl"]]
