"""One consistent strategy: a focus group removed by an edit takes its pieces into history, one added gets its
pieces asked, and `status` and "Klaar" tell the truth after skips."""

from __future__ import annotations

from typing import Any

from flows.consistency import KEPT, OpenItem, kept_points, open_items
from flows.session import StoredAnswer, TeamView
from tests.flows.coaching_cases import BASE, FLOW, PERSONA, kpi, send, stored_kpi
from tests.flows.test_engine_walk import play
from tests.scripts import DUTCH

GEZIN_KEPT = {"rule": "proposition_generic", "question": "propositions.proposition", "item": "Gezinnen met kinderen",
              "answer_version": 1, "quote": "Wij zijn de beste."}


def decided(state: str = "flywheel.responsibilities", **extra: Any) -> TeamView:
    """A team past its KPIs, with two focus groups that each have every piece."""
    values = {**BASE,
              ("propositions.proposition", "Forenzen"): "Binnen 24 uur hersteld, of een leenfiets.",
              ("propositions.proposition", "Gezinnen met kinderen"): "Wij zijn de beste.",
              ("kpis.kpis", ""): [stored_kpi("Abonnementen", "Forenzen"),
                                  stored_kpi("E-bikes", "Gezinnen met kinderen")],
              (KEPT, "proposition_generic|propositions.proposition|Gezinnen met kinderen"): GEZIN_KEPT, **extra}
    return TeamView(state=state, answers={k: StoredAnswer(v) for k, v in values.items()}, language="nl")


def test_removing_a_focus_group_by_an_edit_takes_its_persona_proposition_and_kept_point_along() -> None:
    _, view = send(decided(), "wijzig focusgroepen")
    outcome, view = send(view, "Forenzen")
    withdrawn = {(w.question_id, w.item_key) for w in outcome.writes if w.status == "withdrawn"}
    assert withdrawn == {("focus_groups.persona", "Gezinnen met kinderen"),
                         ("propositions.proposition", "Gezinnen met kinderen"),
                         (KEPT, "proposition_generic|propositions.proposition|Gezinnen met kinderen")}
    assert kept_points(view.answers) == []
    assert outcome.state == "flywheel.responsibilities" and "Gewijzigd" in outcome.replies[0].text


def test_a_kpi_of_a_removed_focus_group_is_named_as_open_in_status_and_the_summary() -> None:
    _, view = send(decided(), "wijzig focusgroepen")
    _, view = send(view, "Forenzen")
    kpis = view.answers[("kpis.kpis", "")].value
    assert [(k["name"], k["focus_group"]) for k in kpis] == [("Abonnementen", "Forenzen"),
                                                             ("E-bikes", "Gezinnen met kinderen")]
    assert OpenItem("kpis.kpis", "E-bikes", "kpi_without_group") in open_items(FLOW, view.answers)
    status, _ = send(view, "status")
    assert "KPI E-bikes: zijn focusgroep is geschrapt" in status.replies[0].text
    summary, _ = send(view, "samenvatting")
    page = summary.replies[0].text
    assert "KPI 'E-bikes' hoort bij 'Gezinnen met kinderen', dat geen focusgroep meer is" in page
    assert "Gezin Goedele" not in page and "Wij zijn de beste." not in page  # its persona and proposition are gone


def test_the_old_versions_of_a_removed_group_stay_in_the_history() -> None:
    _, view = send(decided(), "wijzig focusgroepen")
    _, view = send(view, "Forenzen")
    stored = view.answers[("focus_groups.persona", "Gezinnen met kinderen")]
    assert stored.status == "withdrawn" and stored.version == 2 and stored.value["name"] == "Gezin Goedele"


def test_adding_a_focus_group_by_an_edit_asks_its_persona_proposition_and_a_kpi_then_goes_back() -> None:
    _, view = send(decided(), "wijzig focusgroepen")
    outcome, view = send(view, "Forenzen, Gezinnen met kinderen, Studenten")
    assert outcome.replies[-1].question_id == "focus_groups.persona" and outcome.replies[-1].meta["item"] == "Studenten"
    outcome, view = send(view, {**PERSONA, "name": "Student Stan"})
    assert "Focusgroep Studenten mist nog: Proposities" in outcome.replies[0].text
    assert outcome.replies[-1].question_id == "propositions.proposition"
    assert outcome.replies[-1].meta["item"] == "Studenten"
    outcome, view = send(view, "Na pech binnen het uur weer op de fiets, met studentenkorting.")
    assert "Focusgroep Studenten heeft nog geen KPI" in outcome.replies[0].text
    outcome, view = send(view, kpi(name="Studentenabonnementen", focus_group="Studenten"))
    outcome, view = send(view, "klaar")
    assert outcome.state == "flywheel.responsibilities" and "Gewijzigd" in outcome.replies[0].text
    assert [o for o in open_items(FLOW, view.answers, view.state) if o.item == "Studenten"] == []


def test_status_after_skipping_a_persona_names_it_as_open() -> None:
    view = TeamView(state="focus_groups.persona", data={"item": 0},
                    answers={k: StoredAnswer(v) for k, v in BASE.items() if k[0] != "focus_groups.persona"})
    _, view = send(view, "overslaan")
    status, _ = send(view, "status")
    text = status.replies[0].text
    assert "niets overgeslagen" not in text and "Niets meer open" not in text
    assert "Persona (Forenzen)" in text


def test_status_counts_a_step_done_only_when_every_focus_group_has_its_persona() -> None:
    view = decided()
    status, _ = send(view, "status")
    answers = dict(view.answers)
    del answers[("focus_groups.persona", "Gezinnen met kinderen")]
    fewer, _ = send(TeamView(state=view.state, answers=answers), "status")
    assert status.replies[0].text.splitlines()[1] != fewer.replies[0].text.splitlines()[1]


def finished(drop: tuple[str, str] | None = None) -> TeamView:
    walked, _ = play(DUTCH[:-1], "nl")  # up to the last recap, not confirmed yet
    answers = {k: v for k, v in walked.answers.items() if k != drop}
    return TeamView(state=walked.state, data=walked.data, answers=answers, language="nl")


def test_the_flow_says_klaar_only_when_nothing_is_open() -> None:
    outcome, _ = send(finished(), "klopt")
    assert outcome.replies[0].text.startswith("Klaar!")


def test_a_skipped_persona_makes_the_end_bijna_klaar_with_what_is_open() -> None:
    outcome, _ = send(finished(drop=("focus_groups.persona", "Starters")), "klopt")
    assert outcome.replies[0].text.startswith("Bijna klaar!")
    assert "Persona (Starters)" in outcome.replies[0].text


def test_after_the_end_the_coach_does_not_call_a_strategy_with_open_items_complete() -> None:
    _, view = send(finished(drop=("focus_groups.persona", "Starters")), "klopt")
    outcome, _ = send(view, "hallo")
    assert "compleet" not in outcome.replies[0].text
    assert "bijna klaar; nog open: Persona (Starters)" in outcome.replies[0].text


def test_after_the_end_with_nothing_open_the_strategy_is_complete() -> None:
    _, view = send(finished(), "klopt")
    outcome, _ = send(view, "hallo")
    assert outcome.replies[0].text.startswith("Jullie strategie is compleet.")


def test_a_missing_persona_asked_after_an_edit_is_called_persona_not_focusgroepen() -> None:
    # "Focusgroep A mist nog: Focusgroepen" named the element, not the piece that is missing.
    view = decided()
    answers = {k: v for k, v in view.answers.items() if k != ("focus_groups.persona", "Gezinnen met kinderen")}
    _, view = send(TeamView(state=view.state, answers=answers, language="nl"), "wijzig kernwaarden")
    outcome, _ = send(view, "overslaan")
    assert "Focusgroep Gezinnen met kinderen mist nog: Persona. Die vraag stel ik nu even." in outcome.replies[1].text
