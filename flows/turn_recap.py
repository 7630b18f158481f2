"""The recap that closes a step inside a turn: show it, and go on only when the team confirms.

While the recap waits, the position stays on the step's last question with a pending recap;
`Klopt` (or `verder`) moves to the next step, `Wijzig` offers the step's parts to edit, and an
edit started from the recap comes back to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flows import messages as M
from flows.parsing import ParseError, parse_choice
from flows.recap import CHANGE, CONFIRM, recap_reply
from flows.types import Choice, Reply, ReplyKind

if TYPE_CHECKING:
    from flows.turn import TurnRun

_DECISIONS = [(CONFIRM, ["klopt", "ja", "yes", "ok", "oke", "oké", "correct", "right", "akkoord", "goed", "prima",
                         "verder", "continue", "confirm", "bevestig"]),
              (CHANGE, ["wijzig", "wijzigen", "nee", "no", "change", "edit", "aanpassen", "klopt niet"])]


def show_recap(run: TurnRun, step_id: str) -> None:
    run.data["pending"] = {"kind": "recap", "step": step_id}
    run.replies.append(recap_reply(run.flow, step_id, run.answers, run.language))


def resolve_recap(run: TurnRun, pending: dict[str, Any], raw: str) -> None:
    elements = run.flow.step(pending["step"]).elements
    if pending.get("menu") and raw.strip().isdigit() and 1 <= int(raw) <= len(elements):
        # A number after "Wat willen jullie wijzigen?" picks that part; it used to be read as "1. Klopt".
        from flows.commands import Command
        from flows.turn_commands import run_command

        run_command(run, Command("edit", elements[int(raw) - 1].title(run.language).lower()))
        return
    try:
        decision = parse_choice(raw, _DECISIONS)
    except ParseError:
        show_recap(run, pending["step"])
        return
    if decision == CHANGE:
        pending["menu"] = True
        run.replies.append(change_menu(run, pending["step"]))
        return
    run.data.pop("pending", None)
    run.model.trigger("advance")
    run.enter()


def change_menu(run: TurnRun, step_id: str) -> Reply:
    """The parts of this step to edit, as command buttons (`wijzig kernwaarden`)."""
    verb = "edit" if run.language == "en" else "wijzig"
    actions = tuple(Choice(f"{verb} {element.title(run.language).lower()}", element.title(run.language))
                    for element in run.flow.step(step_id).elements)
    return Reply(ReplyKind.QUESTION, M.RECAP_WHICH(run.language), actions=actions, step_id=step_id,
                 meta={"menu": True, "kind": "recap_change"})
