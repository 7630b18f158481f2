"""Confirmations a turn waits for: a challenge or pick, a recap, command-or-answer, and starting over.

A pending confirmation lives in the team's session data; the next message answers it. A few commands
answer it too (`verder` confirms a recap, `overslaan` keeps a challenged answer, `terug` asks again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flows import messages as M
from flows import turn_coaching as coach
from flows.command_or_answer import COMMAND_OR_ANSWER_OPTIONS, finish_command_or_answer
from flows.commands import Command
from flows.parsing import ParseError, parse_choice
from flows.turn_recap import resolve_recap
from flows.types import Choice, Reply, ReplyKind

if TYPE_CHECKING:
    from flows.turn import TurnRun

# `overslaan` typed at a challenge means "keep it as it is" rather than losing the answer (`verder`, after a
# pause, just shows the challenge again).
_KEEP_COMMANDS = ("skip",)
_MOVING_COMMANDS = ("edit", "restart", "skip_step")


def answered_by_command(run: TurnRun, pending: dict[str, Any], command: Command) -> bool:
    """`verder` at a recap confirms it; `overslaan` at a challenge keeps the answer; `terug` sharpens."""
    kind = pending.get("kind")
    if kind == "recap" and command.name in ("continue", "done", "skip"):
        resolve_recap(run, pending, "klopt")
    elif kind in ("challenge", "pick") and command.name in _KEEP_COMMANDS:
        # At "Welke drie gaan voor?" too: `overslaan` keeps all seven goals (a kept point), never none of them.
        coach.resolve(run, {**pending, "kind": "challenge"}, "keep")
    elif kind == "challenge" and command.name == "done" and pending.get("when") == "answer" and run.question.collect:
        # The challenged KPI (or action) is not in the list yet: `klaar` now would drop it without a word.
        run.say(ReplyKind.PROBLEM, M.CHALLENGE_BEFORE_DONE)
        run.replies.append(coach.pending_reply(run, pending))
    elif kind in ("challenge", "pick") and command.name in _MOVING_COMMANDS:
        # `wijzig …` (or a restart) now would leave the challenged answer behind, unsaved and unsaid.
        run.say(ReplyKind.PROBLEM, M.CHALLENGE_BEFORE_MOVING, command=run.turn.text or command.name)
        run.replies.append(coach.pending_reply(run, pending))
    elif kind in ("challenge", "pick", "recap") and command.name == "back":
        run.data.pop("pending")
        run.ask_current()
    else:
        return False
    return True


def resolve_pending(run: TurnRun, pending: dict[str, Any]) -> None:
    raw = run.turn.choice if run.turn.choice is not None else (run.turn.text or "")
    if pending["kind"] in ("challenge", "pick"):
        coach.resolve(run, pending, raw)
        return
    if pending["kind"] == "recap":
        resolve_recap(run, pending, raw)
        return
    if pending["kind"] == "half_entered":
        resolve_half_entered(run, pending, raw)
        return
    restart = pending["kind"] == "restart"
    options = [("yes", ["ja", "yes", "j", "y"]), ("no", ["nee", "no", "n"])] if restart \
        else COMMAND_OR_ANSWER_OPTIONS
    try:
        decision = parse_choice(raw, options)
    except ParseError:
        if restart:
            confirm_restart(run)
        else:  # a new message instead of a pick: it says what they meant now, and is taken as usual
            run.data.pop("pending")
            run.take_text_or_choice()
        return
    run.data.pop("pending")
    if restart:
        finish_restart(run, decision == "yes")
    else:
        finish_command_or_answer(run, pending, decision == "command")


_HALF_ENTERED_OPTIONS = [("finish", ["afmaken", "finish", "finish it", "ja", "yes"]),
                         ("discard", ["weggooien", "discard", "discard it", "nee", "no"])]


def resolve_half_entered(run: TurnRun, pending: dict[str, Any], raw: str) -> None:
    """`klaar` or `overslaan` with a half-entered item: go on filling it in, or drop it and finish the question
    (or skip it)."""
    run.data.pop("pending")
    try:
        decision = parse_choice(raw, _HALF_ENTERED_OPTIONS)
    except ParseError:  # neither: it is the next field's answer, so go on filling in
        run.answer()
        return
    if decision == "finish":
        run.ask_current()
        return
    for key in ("partial", "todo", "failures"):
        run.data.pop(key, None)
    run.say(ReplyKind.TEXT, M.HALF_ENTERED_DISCARDED)
    from flows.turn_commands import cmd_done, cmd_skip

    (cmd_skip if pending.get("then") == "skip" else cmd_done)(run, "")


def confirm_restart(run: TurnRun) -> None:
    run.replies.append(Reply(ReplyKind.QUESTION, M.RESTART_CONFIRM(run.language),
                              choices=(Choice("yes", M.YES(run.language)), Choice("no", M.NO(run.language))),
                              meta={"kind": "confirm_restart"}))


def finish_restart(run: TurnRun, confirmed: bool) -> None:
    if not confirmed:
        run.say(ReplyKind.TEXT, M.RESTART_CANCELLED)
        run.ask_current()
        return
    run.data = {}
    run.say(ReplyKind.CONFIRM, M.RESTART_DONE)
    run.goto(run.flow.questions[0].id)
