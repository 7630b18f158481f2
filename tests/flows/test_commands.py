"""Commands at any question: help, status, back, skip, language, stop, and which words mean them."""

from __future__ import annotations

from datetime import date

import pytest

from flows.commands import parse_command, possible_command
from flows.definition import default_flow
from flows.engine import Engine
from flows.session import START, StoredAnswer, TeamView, Turn, TurnContext
from flows.types import ReplyKind

ENGINE = Engine(default_flow())
CONTEXT = TurnContext(today=date(2026, 11, 23))


def send(view: TeamView, text: str) -> object:
    return ENGINE.handle(view, Turn(text=text), CONTEXT)


FLOW = default_flow()


@pytest.mark.parametrize("text,name,arg", [
    ("help", "help", ""), ("/hulp", "help", ""), ("Help!", "help", ""), ("help me", "help", ""),
    ("hulp graag", "help", ""), ("?", "help", ""), ("Status", "status", ""), ("status graag", "status", ""),
    ("/status", "status", ""), ("terug", "back", ""), ("back", "back", ""), ("overslaan", "skip", ""),
    ("skip", "skip", ""), ("later", "skip", ""), ("overslaan stap", "skip_step", ""), ("skip step", "skip_step", ""),
    ("wijzig kernwaarden", "edit", "kernwaarden"), ("wijzig de kernwaarden", "edit", "de kernwaarden"),
    ("edit KPIs", "edit", "KPIs"), ("edit core values", "edit", "core values"),
    ("wijzig wat we niet doen", "edit", "wat we niet doen"), ("edit not doing", "edit", "not doing"),
    ("wijzig", "edit", ""), ("taal en", "language", "en"), ("language nl", "language", "nl"),
    ("rol @anna pm", "role", "@anna pm"), ("role me leadership", "role", "me leadership"),
    ("samenvatting", "summary", ""), ("summary", "summary", ""), ("opnieuw", "restart", ""),
    ("stop", "stop", ""), ("stop maar", "stop", ""), ("pause", "stop", ""), ("klaar", "done", ""),
    ("done", "done", ""), ("/coachen", "unknown", "/coachen"), ("/foobar", "unknown", "/foobar"),
    ("/coach status", "status", ""), ("/help ons groeien", "help", "ons groeien"),
])
def test_commands_stay_commands_in_dutch_and_english(text: str, name: str, arg: str) -> None:
    command = parse_command(text, FLOW)
    assert command is not None and (command.name, command.arg) == (name, arg)


# Real answers to the coach's questions that start with a command word: every one stays an answer.
REAL_ANSWERS = [
    "Help home care nurses spend their time on patients",
    "Change the way home care is planned, so nurses see more patients and fill in fewer forms",
    "Help thuiszorgmedewerkers hun tijd aan patiënten te besteden",
    "Wijzig de manier waarop thuiszorg wordt gepland",
    "Stop met folders en advertenties in de lokale krant",
    "Status is voor ons minder belangrijk dan vakmanschap",
    "Begin bij de klant, altijd en overal",
    "Terug naar de basis: eerlijk advies voor iedere ondernemer",
    "Klaar voor de toekomst met digitale zorg",
    "Later willen we ook in Duitsland groeien",
    "Strategie is bij ons een teamsport",
    "Overzicht en rust voor drukke ondernemers",
    "Rol van marketing is ondersteunend aan sales",
    "Opnieuw uitvinden hoe zorg thuis wordt geleverd",
    "Back to basics: honest advice for every customer",
    "Done right the first time, every time",
    "Summary reports for busy care managers",
    "Skip the jargon and speak the customer's language",
    "Language schools in Flanders and the Netherlands",
    "Role models for young entrepreneurs in the region",
    "Start-ups en zzp'ers helpen groeien",
    "Edit, print and ship books for independent authors",
]


@pytest.mark.parametrize("text", REAL_ANSWERS)
def test_an_answer_that_merely_starts_with_a_command_word_is_an_answer(text: str) -> None:
    assert parse_command(text, FLOW) is None
    assert possible_command(text, FLOW) is None


@pytest.mark.parametrize("text", REAL_ANSWERS)
def test_a_real_answer_starting_with_a_command_word_is_stored_as_the_answer(text: str) -> None:
    # At the "how": a question the coach has no rule for, so only the command-or-answer reading is tested
    # (at the "why", "Later willen we ook in Duitsland groeien" is rightly challenged as growth only).
    outcome = send(TeamView(state="golden_circle.how"), text)
    assert [(w.question_id, w.value) for w in outcome.writes] == [("golden_circle.how", text)]
    assert outcome.state == "golden_circle.what"


@pytest.mark.parametrize("text,command", [
    ("help ons", "help"), ("stop met folders", "stop"), ("wijzig dat", "edit"), ("status project", "status"),
    ("back office", "back"), ("klaar terwijl u wacht", None),
])
def test_a_command_word_with_a_word_or_two_is_unclear(text: str, command: str | None) -> None:
    found = possible_command(text, FLOW)
    assert (found.name if found else None) == command


def test_an_unclear_text_is_asked_about_with_two_buttons_in_dutch() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "help ons")
    question = outcome.replies[-1]
    assert question.text.startswith("Bedoel je het commando `help`, of is dit je antwoord?")
    assert [(c.value, c.label) for c in question.choices] == [("command", "Commando help"),
                                                              ("answer", "Dit is mijn antwoord")]
    assert outcome.writes == [] and outcome.state == "golden_circle.why"
    assert outcome.data["pending"]["text"] == "help ons"


def test_an_unclear_text_is_asked_about_in_english() -> None:
    outcome = send(TeamView(state="golden_circle.why", language="en"), "stop smoking")
    assert outcome.replies[-1].text.startswith("Do you mean the command `stop`, or is this your answer?")


def test_choosing_answer_stores_the_kept_text() -> None:
    asked = send(TeamView(state="marketing_goals.not_doing"), "stop met folders")
    view = TeamView(state=asked.state, data=asked.data)
    outcome = ENGINE.handle(view, Turn(choice="answer", question_id="marketing_goals.not_doing"), CONTEXT)
    # what we will NOT do is a list (the data contract of issue 15)
    assert [(w.question_id, w.value) for w in outcome.writes] == [("marketing_goals.not_doing", ["stop met folders"])]
    assert "pending" not in outcome.data


def test_choosing_command_runs_the_command() -> None:
    asked = send(TeamView(state="golden_circle.why"), "help ons")
    outcome = send(TeamView(state=asked.state, data=asked.data), "1")
    assert outcome.replies[0].kind == ReplyKind.HELP and outcome.writes == []


def test_an_unclear_text_that_reads_as_the_answer_is_the_answer() -> None:
    outcome = send(TeamView(state="content_planning.start"), "begin maart")
    assert outcome.writes and outcome.writes[0].question_id == "content_planning.start"


def test_help_explains_the_question_and_asks_it_again() -> None:
    outcome = send(TeamView(state="golden_circle.how"), "help")
    assert outcome.replies[0].kind == ReplyKind.HELP
    assert "Voorbeeld:" in outcome.replies[0].text
    assert outcome.replies[-1].question_id == "golden_circle.how"


def test_status_lists_the_four_steps_and_what_is_open() -> None:
    view = TeamView(state="ambitions.ambitions", answers={("golden_circle.why", ""): StoredAnswer("x")})
    status = send(view, "status").replies[0]
    assert status.text.splitlines()[:4] == ["→ Stap 1 · Discover (1/17)", "○ Stap 2 · Decide (0/14)",
                                             "○ Stap 3 · Translate (0/8)", "○ Stap 4 · Achieve (0/11)"]
    assert "Nog open: Why, how, what?, Kernwaarden" in status.text


def test_back_returns_to_the_previous_question() -> None:
    assert send(TeamView(state="golden_circle.how"), "terug").state == "golden_circle.why"


def test_back_at_the_first_question_says_so() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "terug")
    assert outcome.state == "golden_circle.why" and "eerste vraag" in outcome.replies[0].text


def test_skip_leaves_the_question_open_and_moves_on() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "overslaan")
    assert outcome.writes == [] and outcome.state == "golden_circle.how"


def test_decide_cannot_be_skipped_as_a_whole() -> None:
    outcome = send(TeamView(state="marketing_goals.goals"), "overslaan stap")
    assert outcome.state == "marketing_goals.goals" and "alleen Discover" in outcome.replies[0].text


def test_switching_language_answers_in_the_new_language() -> None:
    outcome = send(TeamView(state="golden_circle.why"), "taal en")
    assert outcome.language == "en"
    assert outcome.replies[-1].text.endswith("Why do you do what you do?")


def test_stop_keeps_the_position() -> None:
    outcome = send(TeamView(state="golden_circle.how"), "stop")
    assert outcome.state == "golden_circle.how" and "Gepauzeerd" in outcome.replies[0].text


def test_plain_text_before_start_explains_how_to_begin() -> None:
    outcome = send(TeamView(state=START), "hallo")
    assert outcome.state == START and "`start`" in outcome.replies[0].text


def test_a_new_message_instead_of_a_pick_is_taken_as_usual() -> None:
    asked = send(TeamView(state="marketing_goals.not_doing"), "stop met folders")
    outcome = send(TeamView(state=asked.state, data=asked.data), "Geen folders meer, en geen TikTok")
    assert [w.value for w in outcome.writes] == [["Geen folders meer", "geen TikTok"]]
    assert "pending" not in outcome.data


@pytest.mark.parametrize("text", ["role @anna project manager", "role me Project Manager", "rol @anna project leider"])
def test_project_manager_in_two_words_is_the_role_command_not_an_answer(text: str) -> None:
    # Typed at "What do you actually do?", "role @anna project manager" was stored as the answer.
    outcome = send(TeamView(state="golden_circle.what", language="en"), text)
    assert outcome.command == "role" and outcome.writes == []


def test_an_unclear_role_chosen_as_command_says_how_roles_are_given() -> None:
    asked = send(TeamView(state="golden_circle.why"), "rol ik")
    outcome = send(TeamView(state=asked.state, data=asked.data), "commando")
    assert "rol @naam projectmanager" in outcome.replies[0].text
    assert outcome.replies[-1].question_id == "golden_circle.why"


@pytest.mark.parametrize("text,language,listed", [("/foobar", "nl", "Commando's: `help`"),
                                                  ("/coach foobar", "en", "Commands: `help`")])
def test_an_unknown_slash_command_is_never_an_answer_and_lists_the_commands(text: str, language: str,
                                                                            listed: str) -> None:
    outcome = send(TeamView(state="golden_circle.why", language=language), text)
    assert outcome.writes == []
    assert "foobar" in outcome.replies[0].text and listed in outcome.replies[1].text


def test_with_no_question_open_a_command_word_is_the_command() -> None:
    outcome = send(TeamView(state="done", answers={("core_values.values", ""): StoredAnswer(["lef"])}),
                   "wijzig de doelen van ons")
    assert outcome.replies[0].text.startswith("Ik weet niet welk onderdeel")
    assert [c.label for c in outcome.replies[0].actions] == ["Kernwaarden"]


def test_start_again_at_the_golden_circle_has_no_full_stop_after_its_question_mark() -> None:
    # "Jullie zijn al bezig: Stap 1 · Discover · Why, how, what?. We gaan ..."
    text = send(TeamView(state="golden_circle.why"), "start").replies[0].text
    assert text.startswith("Jullie zijn al bezig (Stap 1 · Discover · Why, how, what?). ")


def test_status_under_way_does_not_say_nothing_is_left_open() -> None:
    answered = {(f"golden_circle.{q}", ""): StoredAnswer("x") for q in ("why", "how", "what")}
    text = send(TeamView(state="core_values.values", answers=answered), "status").replies[0].text
    assert "Niets meer open" not in text and "Tot nu toe is niets overgeslagen of open gebleven." in text
