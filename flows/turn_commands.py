"""Commands typed at any question: start, help, status, back, skip, edit, restart, summary, language, stop.

Each is a function of the turn it runs in; `run_command` picks one by the command's name.
"""

from __future__ import annotations

from transitions import MachineError

from flows import messages as M
from flows.commands import LANGUAGE_WORDS, Command
from flows.consistency import open_items
from flows.editing import edit_choices, resolve_edit_target
from flows.formatting import format_answer, format_field
from flows.recap import describe_open
from flows.roles import role_replies
from flows.session import DONE, START
from flows.status import status_reply
from flows.turn import TurnRun
from flows.turn_coaching import review
from flows.turn_pending import confirm_restart
from flows.types import Choice, Reply, ReplyKind


def run_command(run: TurnRun, command: Command) -> None:
    globals()[f"cmd_{command.name}"](run, command.arg)


def say_done(run: TurnRun, kind: ReplyKind = ReplyKind.TEXT) -> None:
    """After the last step: "compleet" only when nothing is open, else what still is."""
    still_open = open_items(run.flow, run.answers)
    if still_open:
        run.say(kind, M.DONE_BUT_OPEN, items=describe_open(run.flow, still_open, run.language))
    else:
        run.say(kind, M.ALREADY_DONE)

def cmd_start(run: TurnRun, _arg: str) -> None:
    if run.state == START:
        run.say(ReplyKind.TEXT, M.STARTED)
        run.model.trigger("advance")
        run.enter()
    elif run.state == DONE:
        say_done(run)
    else:
        where = f"{run.flow.step(run.question.step_id).title(run.language)} · " \
                f"{run.flow.element(run.question.element_id).title(run.language)}"
        run.say(ReplyKind.TEXT, M.ALREADY_STARTED, where=where)
        run.ask_current()

def cmd_continue(run: TurnRun, arg: str) -> None:
    if run.state == START:
        cmd_start(run, arg)
    elif run.state == DONE:
        say_done(run)
    else:
        run.ask_current()

def cmd_help(run: TurnRun, _arg: str) -> None:
    if run.state in (START, DONE):
        if run.state == START:
            run.say(ReplyKind.HELP, M.WELCOME)
        else:
            say_done(run, ReplyKind.HELP)
        run.say(ReplyKind.HELP, M.HELP_COMMANDS)
        return
    question = run.question
    parts = [question.help(run.language)]
    if question.example:
        parts.append(M.HELP_EXAMPLE(run.language).format(example=question.example(run.language)))
    parts.append(M.HELP_COMMANDS(run.language))
    run.replies.append(Reply(ReplyKind.HELP, "\n\n".join(parts), question_id=question.id))
    run.ask_current()

def cmd_status(run: TurnRun, _arg: str) -> None:
    run.replies.append(status_reply(run.flow, run.state, run.answers, run.language, run.data.get("item", 0)))
    run.ask_current()

def cmd_back(run: TurnRun, _arg: str) -> None:
    if run.state == START:
        run.say(ReplyKind.TEXT, M.NOT_STARTED)
        return
    if run.state != DONE and run.step_back_one_field():
        return
    if run.state != DONE and run.question.repeat_for and run.data.get("item", 0) > 0:
        run.data["item"] -= 1
        run.ask_current()
        return
    try:
        if run.state == DONE:
            run.jump(run.flow.questions[-1].id)
        else:
            run.model.trigger("retreat")
    except MachineError:
        run.say(ReplyKind.PROBLEM, M.AT_FIRST)
        run.ask_current()
        return
    run.enter(announce=False)
    if run.question.repeat_for:
        run.data["item"] = max(len(run.items(run.question)) - 1, 0)
        run.replies.pop()
        run.ask_current()

def cmd_skip(run: TurnRun, _arg: str) -> None:
    if run.state in (START, DONE):
        if run.state == START:
            run.say(ReplyKind.TEXT, M.NOT_STARTED)
        else:
            say_done(run)
        return
    if run.question.collect and run.data.get("collected"):
        cmd_done(run, "")
        return
    current = run.current_value(run.question, run.current_item())
    if current is not None:
        # Skipping an answered question (while editing, or after `terug`) keeps what was there: not open.
        run.say(ReplyKind.TEXT, M.SKIPPED_KEPT,
                value=format_answer(run.flow, run.question, current, run.language))
    elif run.question.optional:  # an optional question passed by is done with, so `status` won't list it
        run.say(ReplyKind.TEXT, M.SKIPPED_UNKNOWN,
                element=run.flow.element(run.question.element_id).title(run.language).lower())
    else:
        run.say(ReplyKind.TEXT, M.SKIPPED)
    run.advance()

def cmd_skip_step(run: TurnRun, _arg: str) -> None:
    step = run.flow.step(run.question.step_id) if run.state not in (START, DONE) else run.flow.steps[0]
    if run.state == DONE or not step.skippable:
        run.say(ReplyKind.PROBLEM, M.STEP_NOT_SKIPPABLE)
        run.ask_current()
        return
    run.say(ReplyKind.TEXT, M.STEP_SKIPPED, step=step.title(run.language))
    run.model.trigger("skip_step")
    run.enter()

def cmd_done(run: TurnRun, arg: str) -> None:
    if run.state in (START, DONE) or not run.question.collect:
        cmd_unknown(run, "klaar" if run.language == "nl" else "done")
        return
    filled = {k: v for k, v in (run.data.get("partial") or {}).items() if v is not None and not k.startswith("_")}
    if filled:  # a half-entered item is never dropped silently: finish it or discard it, the person chooses
        run.data["pending"] = {"kind": "half_entered"}
        form = run.form_of(run.question)
        # Labels and Dutch or English numbers, never stored codes ("percent"); "; " because "2,4" holds a comma.
        shown = [format_field(f, filled[f.name], run.language) for f in form.fields if f.name in filled]
        run.replies.append(Reply(ReplyKind.QUESTION, M.HALF_ENTERED(run.language).format(
            form=form.title(run.language), filled="; ".join(shown)),
            choices=(Choice("finish", M.HALF_ENTERED_FINISH(run.language)),
                     Choice("discard", M.HALF_ENTERED_DISCARD(run.language))),
            meta={"kind": "half_entered"}))
        return
    needed = run.question.min_items
    if len(run.data.get("collected") or []) < needed:
        run.say(ReplyKind.PROBLEM, M.COLLECT_NEED, n=needed)
        run.ask_current()
        return
    review(run, run.question, list(run.data.get("collected") or []), None, when="done")

def cmd_edit(run: TurnRun, arg: str) -> None:
    if run.state == START:
        run.say(ReplyKind.TEXT, M.NOT_STARTED)
        return
    found = resolve_edit_target(run.flow, arg) if arg else None
    if found is None:
        text = M.EDIT_UNKNOWN(run.language).format(what=arg) if arg else M.EDIT_WHAT(run.language)
        run.replies.append(Reply(ReplyKind.QUESTION, text, actions=edit_choices(run.flow, run.answers,
                                                                                 run.language),
                                 meta={"menu": True}))
        return
    if "return_to" not in run.data:
        run.data["return_to"] = {"state": run.state, "item": run.data.get("item", 0)}
        if (run.data.get("pending") or {}).get("kind") == "recap":  # the edit comes back to this recap
            run.data["return_to"]["recap"] = run.data["pending"]["step"]
    target, run.data["edit_last"] = found
    run.data["edit_from"] = target.id
    if target.repeat_for:
        # Asked once per item, each with its own current answer: say so once, not "no answer yet".
        answered = any(question_id == target.id for question_id, _item in run.answers)
        text = M.EDIT_EACH(run.language) if answered else M.EDIT_NONE(run.language)
    else:
        stored = run.answers.get((target.id, ""))
        current = format_answer(run.flow, target, stored.value, run.language) if stored else None
        text = M.EDIT_CURRENT(run.language).format(value=current) if current else M.EDIT_NONE(run.language)
    run.replies.append(Reply(ReplyKind.TEXT, text, replaces=target.id, question_id=target.id))
    run.goto(target.id, announce=False)

def cmd_restart(run: TurnRun, _arg: str) -> None:
    if not run.context.can_manage:
        run.say(ReplyKind.PROBLEM, M.RESTART_NOT_ALLOWED)
        run.ask_current()
        return
    run.data["pending"] = {"kind": "restart"}
    confirm_restart(run)

def cmd_summary(run: TurnRun, _arg: str) -> None:
    run.replies.append(run.summary_reply())
    run.ask_current()

def cmd_language(run: TurnRun, arg: str) -> None:
    wanted = LANGUAGE_WORDS.get(arg.strip().lower())
    if wanted is None:
        run.replies.append(Reply(ReplyKind.QUESTION, M.LANGUAGE_WHICH(run.language),
                                  actions=(Choice("taal nl", "Nederlands"), Choice("language en", "English")),
                                  meta={"menu": True}))
        return
    run.language = wanted
    run.say(ReplyKind.CONFIRM, M.LANGUAGE_SET)
    run.ask_current()

def cmd_stop(run: TurnRun, _arg: str) -> None:
    # Marked, so a platform where stopping ends the session (the console) can say how to resume there.
    run.replies.append(Reply(ReplyKind.TEXT, M.PAUSED(run.language), meta={"kind": "paused",
                                                                          "language": run.language}))

def cmd_role(run: TurnRun, arg: str) -> None:
    # A role request the service could read never gets here (it changes roles itself); this one it could not.
    run.command = Command("role", arg)
    run.replies.extend(role_replies.usage(run.language))
    run.ask_current()

def cmd_unknown(run: TurnRun, text: str) -> None:
    run.say(ReplyKind.PROBLEM, M.UNKNOWN_COMMAND, command=text)
    run.say(ReplyKind.HELP, M.HELP_COMMANDS)
    run.ask_current()
