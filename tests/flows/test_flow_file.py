"""The model as data: the real flow loads completely; a broken flow file names file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.definition import FlowError, default_flow, load_flow

ELEMENTS = {
    "discover": ["golden_circle", "core_values", "ambitions", "audiences", "data_analysis"],
    "decide": ["marketing_goals", "focus_groups", "propositions", "kpis", "flywheel"],
    "translate": ["journey", "platforms", "content", "concept", "design"],
    "achieve": ["budget", "time_knowledge", "content_planning", "releases", "optimisation"],
}


def test_the_flow_has_every_step_and_element_of_the_model_in_order() -> None:
    flow = default_flow()
    assert {s.id: [e.id for e in s.elements] for s in flow.steps} == ELEMENTS
    assert [s.skippable for s in flow.steps] == [True, False, False, False]


def test_the_golden_circle_asks_why_then_how_then_what() -> None:
    assert [q.id for q in default_flow().element("golden_circle").questions] == [
        "golden_circle.why", "golden_circle.how", "golden_circle.what"]


def test_every_question_has_dutch_and_english_help() -> None:
    for question in default_flow().questions:
        assert question.ask.nl and question.ask.en and question.help.nl and question.help.en, question.id


def test_the_kpi_question_uses_seed_001s_smart_examples() -> None:
    kpi = default_flow().by_id["kpis.kpis"]
    assert "conversieratio met 10% in de komende 6 maanden" in (kpi.example.nl + kpi.help.nl)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALID_HEAD = """flow: t
title: {nl: T, en: T}
steps:
  - id: s
    title: {nl: S, en: S}
    intro: {nl: I, en: I}
    elements:
      - id: e
        title: {nl: E, en: E}
        questions:
"""


@pytest.mark.parametrize("question,line,reason", [
    ("          - {id: q, kind: essay, ask: {nl: a, en: a}, help: {nl: h, en: h}}", 11, "unknown kind 'essay'"),
    ("          - {id: q, kind: text, ask: {nl: a}, help: {nl: h, en: h}}", 11, "'ask' has no text for en"),
    ("          - {id: q, kind: choice, ask: {nl: a, en: a}, help: {nl: h, en: h}}", 11, "at least two options"),
    ("          - {id: q, kind: kpi, ask: {nl: a, en: a}, help: {nl: h, en: h}}", 11, "form 'kpi', which is not"),
    ("          - {id: q, kind: text, ask: {nl: a, en: a}, help: {nl: h, en: h}, repeat_for: e.x}", 11,
     "not an earlier question"),
    ("          - {id: q, kind: date, ask: {nl: a, en: a}, help: {nl: h, en: h}, date_role: begin}", 11,
     "date_role must be one of end, start, not 'begin'"),
])
def test_a_broken_flow_file_fails_with_file_line_and_reason(tmp_path: Path, question: str, line: int,
                                                            reason: str) -> None:
    path = write(tmp_path, VALID_HEAD + question + "\n")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_invalid_yaml_reports_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID_HEAD + "          - {id: q, kind: text\n")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert caught.value.line == 12
