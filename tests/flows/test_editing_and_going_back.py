"""Going back inside a form, and edits of repeated questions, through the engine."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bot.render_text import render_replies
from flows.commands import parse_command
from flows.definition import default_flow
from flows.editing import edit_choices, resolve_edit_target
from flows.engine import Engine
from flows.session import StoredAnswer, TeamView, Turn, TurnContext

ENGINE = Engine(default_flow())
CONTEXT = TurnContext(today=date(2026, 11, 23))
PERSONA = {"name": "Els", "demographics": "45", "behaviour": "LinkedIn", "drivers": "groei", "buying_motives": "x"}


class Team:
    """Plays turns against the engine, keeping the position and answers as the service would."""

    def __init__(self, state: str, answers: dict[tuple[str, str], Any]) -> None:
        self.view = TeamView(state=state, answers={k: StoredAnswer(v) for k, v in answers.items()})
        self.last: Any = None

    def say(self, text: str) -> Any:
        outcome = ENGINE.handle(self.view, Turn(text=text), CONTEXT)
        answers = dict(self.view.answers)
        for write in outcome.writes:
            answers[(write.question_id, write.item_key)] = StoredAnswer(write.value, write.status)
        self.view = TeamView(state=outcome.state, data=outcome.data, answers=answers, language=outcome.language)
        self.last = outcome
        return outcome

    def asked(self) -> str:
        return self.last.replies[-1].text


def focus_groups_team() -> Team:
    return Team("propositions.proposition", {
        ("focus_groups.groups", ""): ["MKB", "Starters"],
        ("focus_groups.persona", "MKB"): PERSONA, ("focus_groups.persona", "Starters"): PERSONA,
    })


def test_back_in_the_middle_of_a_form_goes_to_the_previous_field_and_keeps_it() -> None:
    team = Team("focus_groups.persona", {("focus_groups.groups", ""): ["MKB"]})
    team.say("Els")
    team.say("45 jaar")
    team.say("terug")
    assert team.view.state == "focus_groups.persona"
    assert "Demografie (2/5)" in team.asked()
    assert {f.name: f.value for f in team.last.replies[-1].form.fields}["name"] == "Els"


def test_adding_a_focus_group_asks_the_persona_only_for_the_new_group() -> None:
    team = focus_groups_team()
    team.say("wijzig focusgroepen")
    team.say("MKB, Starters, Gemeenten")
    assert team.view.state == "focus_groups.persona"
    assert "focusgroep Gemeenten" in team.asked()


def test_editing_the_persona_question_itself_asks_every_group_again() -> None:
    team = focus_groups_team()
    team.say("wijzig persona")
    assert "focusgroep MKB" in team.asked()


def test_the_console_lists_what_can_be_edited_by_name() -> None:
    team = focus_groups_team()
    shown = render_replies(team.say("wijzig").replies)
    assert "• Focusgroepen: `wijzig focusgroepen`" in shown


FLOW = default_flow()
INTERNAL_IDS = re.compile(r"\b[a-z]+_[a-z_]+\b")  # golden_circle, time_knowledge, not_doing


@pytest.mark.parametrize("language,verb", [("nl", "wijzig"), ("en", "edit")])
def test_the_edit_menu_offers_every_element_by_its_title_and_understands_it(language: str, verb: str) -> None:
    answers = {(q.id, ""): StoredAnswer("x") for q in FLOW.questions}
    choices = edit_choices(FLOW, answers, language)
    assert len(choices) == sum(len(step.elements) for step in FLOW.steps)
    for choice in choices:
        assert not INTERNAL_IDS.search(choice.value), choice.value
        command = parse_command(choice.value, FLOW)
        assert command is not None and command.name == "edit"
        question, _last = resolve_edit_target(FLOW, command.arg)
        assert FLOW.element(question.element_id).title(language) == choice.label


def test_the_edit_menu_shows_no_internal_ids_in_english() -> None:
    team = focus_groups_team()
    team.view = TeamView(state=team.view.state, answers=team.view.answers, language="en")
    shown = render_replies(team.say("edit").replies)
    assert "• Focus groups: `edit focus groups`" in shown and not INTERNAL_IDS.search(shown)


@pytest.mark.parametrize("text,language", [("wijzig wat we niet doen", "nl"), ("wijzig wat we NIET gaan doen", "nl"),
                                           ("edit what we will not do", "en"), ("edit not doing", "en")])
def test_a_question_can_be_named_by_its_own_words(text: str, language: str) -> None:
    team = Team("budget.monthly", {("marketing_goals.not_doing", ""): "Geen TikTok"})
    team.view = TeamView(state=team.view.state, answers=team.view.answers, language=language)
    team.say(text)
    assert team.view.state == "marketing_goals.not_doing"


def test_editing_propositions_does_not_claim_there_is_no_answer() -> None:
    team = focus_groups_team()
    team.view.answers[("propositions.proposition", "MKB")] = StoredAnswer("Snel en persoonlijk")
    shown = render_replies(team.say("wijzig proposities").replies)
    assert "nog geen antwoord" not in shown
    assert "een voor een" in shown and "Huidig antwoord: Snel en persoonlijk" in shown


def test_skipping_while_editing_keeps_the_old_answer_and_says_so() -> None:
    team = Team("budget.monthly", {("core_values.values", ""): ["Eerlijkheid", "lef"]})
    team.say("wijzig kernwaarden")
    outcome = team.say("overslaan")
    assert outcome.writes == []
    assert team.view.answers[("core_values.values", "")].value == ["Eerlijkheid", "lef"]
    assert "het huidige antwoord blijft staan: Eerlijkheid, lef" in outcome.replies[0].text
    assert "blijft open" not in render_replies(outcome.replies)
    assert "Niets gewijzigd" in outcome.replies[1].text and "Gewijzigd" not in outcome.replies[1].text
    assert team.view.state == "budget.monthly"


def test_skipping_while_editing_in_english() -> None:
    team = Team("budget.monthly", {("core_values.values", ""): ["Honesty", "courage"]})
    team.view = TeamView(state=team.view.state, answers=team.view.answers, language="en")
    team.say("edit core values")
    assert "the current answer stays as it is: Honesty, courage" in team.say("skip").replies[0].text


def test_a_draft_points_to_the_element_by_its_name() -> None:
    team = Team("time_knowledge.approach", {})
    for _ in range(3):
        outcome = team.say("banaan")
    assert "`wijzig tijd & kennis`" in outcome.replies[0].text and not INTERNAL_IDS.search(outcome.replies[0].text)


def test_skipping_an_answered_question_after_going_back_keeps_the_answer_and_says_so() -> None:
    team = Team("core_values.values", {("golden_circle.why", ""): "x", ("golden_circle.how", ""): "y",
                                       ("golden_circle.what", ""): "Wij verkopen fietsen"})
    team.say("terug")
    outcome = team.say("overslaan")
    assert outcome.writes == []
    assert "het huidige antwoord blijft staan: Wij verkopen fietsen" in outcome.replies[0].text
    assert "blijft open" not in render_replies(outcome.replies)
    assert team.view.state == "core_values.values"


def test_skipping_an_optional_question_does_not_say_it_stays_open() -> None:
    team = Team("data_analysis.visitors", {})
    outcome = team.say("overslaan")
    assert "blijft open" not in outcome.replies[0].text
    assert "`wijzig data & analyse`" in outcome.replies[0].text
