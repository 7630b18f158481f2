"""The Aandachtspunten come from the coach itself: a weak walk, kept on purpose, with one journey skipped, shows
its kept points and its open item in the model, the Markdown, the PDF and the Word file."""

from __future__ import annotations

import pytest

from bot.document.build import render
from flows.consistency import kept_points
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import Strategy, build_strategy
from flows.strategy_markdown import render_markdown
from tests.document.coached import TODAY, send, weak_walk
from tests.document.readback import docx_text, pdf_pages
from tests.flows.coaching_cases import BY_RULE, view_for

FLOW = default_flow()
TEAM = "Fietsen Peeters"
KEPT_WHY = "De why: “Omdat we geld willen verdienen” — De why gaat vooral over geld of groei"
KEPT_VALUES = "Kernwaarden: “Kwaliteit” — Maar één kernwaarde; Algemene kernwaarden"  # two rules, one answer
KEPT_KPI = "KPI “Meer volgers op Instagram” — Niet SMART; KPI zonder link met een conversie"
SKIPPED_JOURNEY = "Experience journey voor Iedereen"  # the fourth group's journey, skipped with `overslaan`


def weak_strategy() -> Strategy:
    return build_strategy(FLOW, weak_walk().answers, "nl", TODAY, TEAM)


def attention(strategy: Strategy, kind: str) -> list[str]:
    return [a.text for a in strategy.attention if a.kind == kind]


def page_one_attention(markdown: str) -> str:
    return markdown[markdown.index("## Aandachtspunten"):]


def test_a_point_kept_in_the_coached_walk_is_under_attention_in_the_model():
    kept = attention(weak_strategy(), "kept")
    assert KEPT_WHY in kept and KEPT_VALUES in kept
    assert any(line.startswith(KEPT_KPI) for line in kept)


def test_every_kept_point_of_the_walk_is_named_with_the_rules_own_words():
    shown = "\n".join(attention(weak_strategy(), "kept"))
    for point in kept_points(weak_walk().answers):
        assert FLOW.rules.by_id(point.rule).kept("nl") in shown, point.rule


def test_a_question_skipped_in_the_coached_walk_is_open_in_the_model():
    assert SKIPPED_JOURNEY in attention(weak_strategy(), "open")


def test_a_focus_group_the_walk_left_without_a_kpi_is_open_as_status_counts_it():
    assert "Nog geen KPI voor Gezinnen" in attention(weak_strategy(), "open")


def test_the_markdown_shows_the_walks_kept_points_and_its_open_item_under_aandachtspunten():
    text = page_one_attention(render_markdown(weak_strategy(), full=False))
    assert "**Nog open:**\n- Nog geen KPI voor Gezinnen" in text and f"- {SKIPPED_JOURNEY}\n" in text
    assert f"**Bewust zo gehouden, tegen het advies van de coach in:**\n- {KEPT_WHY}\n- {KEPT_VALUES}" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_pdf_and_the_word_file_hold_the_walks_kept_points_and_its_open_item(fmt: str):
    data = render(weak_strategy(), fmt)
    text = " ".join(pdf_pages(data)) if fmt == "pdf" else docx_text(data)
    text = text[text.upper().index("AANDACHTSPUNTEN"):]
    for phrase in (SKIPPED_JOURNEY, "Nog geen KPI voor Gezinnen", KEPT_WHY, KEPT_VALUES, KEPT_KPI):
        assert phrase in text, phrase


def test_sharpening_a_kept_answer_later_takes_it_off_the_attention_points():
    view = send(send(weak_walk(), "wijzig why"), "Omdat we geloven dat fietsen een stad gezonder maakt.")
    kept = attention(build_strategy(FLOW, view.answers, "nl", TODAY, TEAM), "kept")
    assert not any(line.startswith("De why") for line in kept)
    assert KEPT_VALUES in kept  # the other kept points stand


def test_a_kept_point_stays_when_a_later_version_of_another_answer_comes():
    # The KPI list gets a new version when a KPI is added or a focus group is removed; a kept point on one KPI
    # ends only when the coach withdraws it, never because some answer's version number moved on.
    answers = dict(weak_walk().answers)
    kpis = answers[("kpis.kpis", "")]
    answers[("kpis.kpis", "")] = StoredAnswer(kpis.value, kpis.status, kpis.version + 3)
    kept = attention(build_strategy(FLOW, answers, "nl", TODAY, TEAM), "kept")
    assert any(line.startswith(KEPT_KPI) for line in kept)


@pytest.mark.parametrize("language,line", [
    ("nl", "Propositie (Forenzen): “Wij zijn de beste.” — Algemene propositie"),
    ("en", "Proposition (Forenzen): “We are the best.” — Generic proposition"),
])
def test_a_kept_proposition_reads_in_the_teams_language(language: str, line: str):
    case = BY_RULE["proposition_generic"]
    view = send(send(view_for(case, language), case.weak[language]), "houden" if language == "nl" else "keep")
    assert line in attention(build_strategy(FLOW, view.answers, language, TODAY), "kept")


@pytest.mark.parametrize("language,sharpen,line", [
    ("nl", "aanscherpen", "Overall marketingdoelen: meer e-bikes, meer bezoekers"),
    ("en", "sharpen", "Overall marketing goals: more e-bikes, more visitors"),
])
def test_goals_set_aside_when_picking_the_top_three_show_as_for_later(language: str, sharpen: str, line: str):
    case = BY_RULE["goals_too_many"]
    view = send(send(send(view_for(case, language), case.weak[language]), sharpen), "3, 1, 4")
    strategy = build_strategy(FLOW, view.answers, language, TODAY)
    assert attention(strategy, "later") == [line]
    heading = "**Voor later:**" if language == "nl" else "**For later:**"
    assert f"{heading}\n- {line}" in render_markdown(strategy, full=False)
    assert line in " ".join(pdf_pages(render(strategy, "pdf"))) and line in docx_text(render(strategy, "docx"))


def test_page_one_of_the_pdf_keeps_every_open_item_and_the_first_kept_points_and_sends_the_rest_to_the_end():
    pages = pdf_pages(render(weak_strategy(), "pdf"))
    first = pages[0][pages[0].index("AANDACHTSPUNTEN"):]
    for phrase in ("Nog geen KPI voor Gezinnen", "Nog geen KPI voor Iedereen", SKIPPED_JOURNEY, KEPT_WHY, KEPT_VALUES):
        assert phrase in first, phrase
    hidden = len(weak_strategy().attention) - 6
    assert f"… en nog {hidden}: zie de Aandachtspunten achteraan" in first
    assert "Projectmanager: “Niemand eigenlijk” — Geen projectmanager" in " ".join(pages[1:])


def test_a_focus_group_with_many_kpis_shows_three_on_page_one_and_the_kpi_table_has_them_all():
    pages = pdf_pages(render(weak_strategy(), "pdf"))
    assert "… en nog 3: zie de KPI-tabel" in pages[0] and "Leasefietsen" not in pages[0]
    assert "Leasefietsen" in " ".join(pages[1:]) and "Reviews op Google" in " ".join(pages[1:])
