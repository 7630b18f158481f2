"""A text that may be a command or an answer ("help ons", "stop met folders"): asking which, and acting on it.

The text waits in the team's pending confirmation until they pick, so whichever it was, nothing is lost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flows import messages as M
from flows.answers import parse_value
from flows.commands import UNCLEAR_WORDS, Command, possible_command
from flows.parsing import ParseError
from flows.types import Choice, Reply, ReplyKind

if TYPE_CHECKING:
    from flows.turn import TurnRun

COMMAND_OR_ANSWER_OPTIONS = [
    ("command", ["commando", "command", "het commando", "the command"]),
    ("answer", ["antwoord", "answer", "mijn antwoord", "my answer", "dit is mijn antwoord", "this is my answer"]),
]


def ask_if_unclear(run: TurnRun) -> bool:
    """A command word and a word or two ("help ons", "stop met folders"): ask which was meant.

    A text the open question can read as its answer ("begin maart" for a start date) is that answer.
    """
    text = run.turn.text
    if text is None or run.turn.choice is not None or run.turn.form is not None:
        return False
    if (run.turn.outside_command and len(text.split()) <= UNCLEAR_WORDS + 1
            and not reads_as_answer(run, text)):
        run.data["pending"] = {"kind": "command_or_answer", "text": text, "command": None, "arg": "",
                                "word": run.turn.outside_command}
        ask_command_or_answer(run)
        return True
    command = possible_command(text, run.flow)
    if command is None or reads_as_answer(run, text):
        return False
    cleaned = " ".join(text.split()).lstrip("/")
    word = cleaned[: len(cleaned) - len(command.arg)].strip().lower()  # the command word as typed
    run.data["pending"] = {"kind": "command_or_answer", "text": text, "command": command.name,
                            "arg": command.arg, "word": word}
    ask_command_or_answer(run)
    return True


def reads_as_answer(run: TurnRun, text: str) -> bool:
    """Whether the open question (or form field) can read `text` as a number, date, choice, ..."""
    question = run.question
    kind, options, role = question.kind, question.options, question.date_role
    if question.is_form:
        form = run.flow.forms[question.form or question.kind]
        field = form.field((run.data.get("todo") or [form.fields[0].name])[0])
        kind, options, role = field.kind, field.options, field.date_role
    if kind in ("text", "long_text", "list"):
        return False  # every text reads as one of these: that is what makes the text unclear
    try:
        parse_value(kind, text, run.language, run.context.today, options, question.axis, role)
    except ParseError:
        return False
    return True


def ask_command_or_answer(run: TurnRun) -> None:
    pending = run.data["pending"]
    run.replies.append(Reply(
        ReplyKind.QUESTION, M.COMMAND_OR_ANSWER(run.language).format(command=pending["word"],
                                                                       text=pending["text"]),
        choices=(Choice("command", M.AS_COMMAND(run.language).format(command=pending["word"])),
                 Choice("answer", M.AS_ANSWER(run.language))),
        question_id=run.state, step_id=run.question.step_id, meta={"kind": "command_or_answer"}))


def finish_command_or_answer(run: TurnRun, pending: dict[str, Any], as_command: bool) -> None:
    if as_command and pending["command"] is None:  # the service's command: only it can run it, written plainly
        run.say(ReplyKind.HELP, M.OUTSIDE_COMMAND_AGAIN, typed=" ".join(pending["text"].split()),
                word=pending["word"])
        run.ask_current()
        return
    if as_command:
        from flows.turn_commands import run_command

        run_command(run, Command(pending["command"], pending["arg"]))
        return
    run.turn = replace(run.turn, text=pending["text"], choice=None, question_id=None)
    run.answer()

