"""Going back inside a form, and edits of repeated questions, through the engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.render_text import render_replies
from flows.definition import default_flow
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


def test_the_console_lists_what_can_be_edited() -> None:
    team = focus_groups_team()
    shown = render_replies(team.say("wijzig").replies)
    assert "• Focusgroepen: `wijzig focus_groups`" in shown
