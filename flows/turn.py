"""One turn of the conversation: asking, moving through the flow, answering, confirmations.

A `TurnRun` lives for one inbound event: it starts from the saved position, collects replies and
answer writes, and ends as an `Outcome`. Commands typed at a question are in `flows.turn_commands`.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from flows import messages as M
from flows.answers import explain, parse_answer, skips_optional, suggestions, taken_suggestion
from flows.asking import ask, step_intro
from flows.coaching import complete_roi, explain_roi, smart_hint, smart_missing
from flows.command_or_answer import (
    COMMAND_OR_ANSWER_OPTIONS,
    ask_command_or_answer,
    ask_if_unclear,
    finish_command_or_answer,
)
from flows.commands import Command, command_word, parse_command
from flows.definition import Flow, Question
from flows.form_answers import FormProgress
from flows.parsing import ParseError, parse_choice
from flows.session import DONE, START, AnswerWrite, Outcome, StoredAnswer, TeamView, Turn, TurnContext
from flows.summary import strategy_markdown
from flows.types import LANGUAGES, Choice, Reply, ReplyKind

MAX_FAILURES = 3  # after this many unreadable answers the text is kept as a draft

class TurnRun:
    """Everything one turn does; collects replies and writes, then becomes an `Outcome`."""

    def __init__(self, flow: Flow, machine: Machine, model: Any, view: TeamView, turn: Turn,
                 context: TurnContext) -> None:
        self.flow, self.machine, self.model = flow, machine, model
        self.view, self.turn, self.context = view, turn, context
        self.data: dict[str, Any] = dict(view.data)
        self.language = turn.language if turn.language in LANGUAGES else view.language
        self.answers = dict(view.answers)
        self.replies: list[Reply] = []
        self.writes: list[AnswerWrite] = []
        self.command: Command | None = None

    # --- the turn --------------------------------------------------------------------------------

    def run(self) -> Outcome:
        command = parse_command(self.turn.text, self.flow)
        pending = self.data.get("pending")
        if pending and (self.turn.choice is not None or (self.turn.text and command is None)):
            self.resolve_pending(pending)
        elif command is not None:
            from flows.turn_commands import run_command

            run_command(self, command)
        else:
            self.take_text_or_choice()
        return Outcome(replies=self.replies, state=self.state, data=self.data, language=self.language,
                       writes=self.writes, command=self.command.name if self.command else None,
                       command_arg=self.command.arg if self.command else "")

    def take_text_or_choice(self) -> None:
        """What a turn that is no command does: welcome, refuse a stale button, ask if unclear, or answer."""
        loose = command_word(self.turn.text) if self.state in (START, DONE) else None
        if loose is not None:  # no question is open, so "wijzig de doelen" cannot be an answer
            from flows.turn_commands import run_command

            run_command(self, loose)
        elif self.state == START:
            self.say(ReplyKind.TEXT, M.WELCOME)
        elif self.state == DONE:
            self.say(ReplyKind.TEXT, M.ALREADY_DONE)
        elif self.turn.question_id and self.turn.question_id != self.state:
            self.say(ReplyKind.PROBLEM, M.STALE_BUTTON)
            self.ask_current()
        elif not ask_if_unclear(self):
            self.answer()

    @property
    def state(self) -> str:
        return self.model.state

    @property
    def question(self) -> Question:
        return self.flow.by_id[self.state]

    def say(self, kind: ReplyKind, text: Any, **fields: Any) -> None:
        message = text(self.language) if callable(text) else text
        self.replies.append(Reply(kind=kind, text=message.format(**fields) if fields else message))

    # --- items of repeated and collecting questions ----------------------------------------------

    def items(self, question: Question) -> list[str]:
        if not question.repeat_for:
            return []
        source = self.answers.get((question.repeat_for, ""))
        value = source.value if source else None
        return [str(v) for v in value] if isinstance(value, list) else []

    def current_item(self) -> str:
        items = self.items(self.question)
        index = self.data.get("item", 0)
        return items[index] if self.question.repeat_for and index < len(items) else ""

    def current_value(self, question: Question, item: str = "") -> Any:
        stored = self.answers.get((question.id, item))
        return stored.value if stored else None

    # --- asking ----------------------------------------------------------------------------------

    def ask_current(self, with_intro: bool = False) -> None:
        if self.state in (START, DONE):
            return
        question = self.question
        item = self.current_item()
        items = self.items(question)
        field = None
        if question.is_form:
            todo = self.data.get("todo") or [f.name for f in self.flow.forms[question.form or question.kind].fields]
            self.data["todo"] = todo
            field = todo[0]
        self.replies.append(ask(
            self.flow, question, self.language, item=item or None,
            item_position=(self.data.get("item", 0) + 1, len(items)) if items else None,
            with_intro=with_intro, partial=self.data.get("partial") or {}, field_name=field,
            current=self.current_value(question, item), collected=self.data.get("collected") or [],
        ))

    def enter(self, announce: bool = True) -> None:
        """Arrive at the machine's current state: reset per-question data and ask."""
        for key in ("failures", "partial", "todo", "pending", "suggested"):
            self.data.pop(key, None)
        self.data["item"] = 0
        if self.state == DONE:
            self.finish()
            return
        if self.state == START:
            return
        question = self.question
        if question.repeat_for:
            first = self.next_item(question, 0)
            if first is None:  # nothing (left) to repeat over, e.g. no focus groups yet
                self.data["item"] = max(len(self.items(question)) - 1, 0)
                self.advance()
                return
            self.data["item"] = first
        if question.collect:
            existing = self.current_value(question)
            self.data["collected"] = list(existing) if isinstance(existing, list) else []
        else:
            self.data.pop("collected", None)
        element = self.flow.element(question.element_id)
        first_of_element = element.questions[0].id == question.id
        if announce and first_of_element and self.flow.step(question.step_id).elements[0].id == element.id:
            self.replies.append(step_intro(self.flow, question.step_id, self.language))
        self.ask_current(with_intro=announce and first_of_element)

    def step_back_one_field(self) -> bool:
        """`back` in the middle of a form goes to the previous field, keeping what was filled in."""
        if not self.question.is_form:
            return False
        names = [f.name for f in self.flow.forms[self.question.form or self.question.kind].fields]
        todo = self.data.get("todo") or []
        if not todo or names.index(todo[0]) == 0 or names[names.index(todo[0]) - 1] in todo:
            return False
        self.data["todo"] = [names[names.index(todo[0]) - 1], *todo]
        self.ask_current()
        return True

    def jump(self, state: str) -> None:
        self.machine.set_state(state, model=self.model)

    def goto(self, state: str, announce: bool = True) -> None:
        self.jump(state)
        self.enter(announce)

    def next_item(self, question: Question, start: int) -> int | None:
        """The next item of a repeated question to ask, from `start` on.

        Editing a whole element (say focus groups, to add one) asks its repeated questions only for
        the items without an answer yet; editing the repeated question itself asks them all.
        """
        items = self.items(question)
        only_open = bool(self.data.get("edit_last")) and self.data.get("edit_from") != question.id
        for index in range(start, len(items)):
            stored = self.answers.get((question.id, items[index]))
            if not (only_open and stored is not None and stored.status == "final"):
                return index
        return None

    def advance(self) -> None:
        question = self.question
        following = self.next_item(question, self.data.get("item", 0) + 1) if question.repeat_for else None
        if following is not None:
            self.data["item"] = following
            for key in ("failures", "partial", "todo", "suggested"):
                self.data.pop(key, None)
            self.ask_current()
            return
        if self.data.get("edit_last") == question.id:
            self.return_from_edit()
            return
        self.model.trigger("advance")
        self.enter()

    def return_from_edit(self) -> None:
        back = self.data.pop("return_to", None) or {"state": START, "item": 0}
        self.data.pop("edit_last", None)
        self.data.pop("edit_from", None)
        self.say(ReplyKind.CONFIRM, M.EDIT_BACK if self.data.pop("edit_changed", False) else M.EDIT_BACK_UNCHANGED)
        self.goto(back["state"], announce=False)
        self.data["item"] = back.get("item", 0)
        if self.replies and self.replies[-1].kind == ReplyKind.QUESTION and back.get("item"):
            self.replies.pop()
            self.ask_current()

    def finish(self) -> None:
        self.say(ReplyKind.CONFIRM, M.FINISHED)
        self.replies.append(self.summary_reply())

    def summary_reply(self) -> Reply:
        values = {key: stored.value for key, stored in self.answers.items()}
        return Reply(kind=ReplyKind.SUMMARY, text=strategy_markdown(self.flow, values, self.language,
                                                                    self.view.team_name))

    # --- answering -------------------------------------------------------------------------------

    def write(self, question: Question, value: Any, raw: str | None, status: str = "final") -> None:
        item = self.current_item()
        if "edit_last" in self.data:
            self.data["edit_changed"] = True
        self.writes.append(AnswerWrite(question.id, item, value, raw, status))
        previous = self.answers.get((question.id, item))
        self.answers[(question.id, item)] = StoredAnswer(value, status, previous.version + 1 if previous else 1)

    def answer(self) -> None:
        question = self.question
        if question.is_form:
            self.answer_form(question)
            return
        suggested = self.data.pop("suggested", None)
        raw = self.turn.choice if self.turn.choice is not None else (self.turn.text or "")
        raw = taken_suggestion(raw, suggested) or raw
        if self.turn.choice is None and skips_optional(question, raw):
            title = self.flow.element(question.element_id).title(self.language).lower()
            self.say(ReplyKind.TEXT, M.SKIPPED_UNKNOWN, element=title)
            self.advance()
            return
        try:
            value = parse_answer(question, raw, self.language, self.context.today)
        except ParseError as error:
            self.unreadable(question, raw, error)
            return
        self.write(question, value, raw)
        self.advance()

    def unreadable(self, question: Question, raw: str, error: ParseError) -> None:
        failures = self.data.get("failures", 0) + 1
        if failures >= MAX_FAILURES and error.reason not in ("empty", "too_long"):
            self.write(question, {"draft": raw}, raw, status="draft")
            self.say(ReplyKind.PROBLEM, M.DRAFT_KEPT,
                     element=self.flow.element(question.element_id).title(self.language).lower())
            self.advance()
            return
        self.data["failures"] = failures
        choices = suggestions(error, self.language)
        if choices:
            self.data["suggested"] = [c.value for c in choices]
        self.replies.append(Reply(ReplyKind.PROBLEM, explain(question.kind, error, self.language, question.options,
                                                              question.axis), choices=choices,
                                  question_id=question.id if choices else None))
        self.ask_current()

    def answer_form(self, question: Question) -> None:
        progress = FormProgress(self.flow.forms[question.form or question.kind], self.data, self.language,
                                self.context.today)
        if self.turn.form is not None:
            problems = progress.submit(self.turn.form)
        else:
            raw = self.turn.choice if self.turn.choice is not None else (self.turn.text or "")
            problems = progress.field_answer(raw)
        if problems:
            self.replies.append(Reply(ReplyKind.PROBLEM, problems))
            self.ask_current()
            return
        if progress.complete:
            self.finish_item(question, progress.item())
        else:
            self.ask_current()

    def finish_item(self, question: Question, item: dict[str, Any]) -> None:
        for key in ("partial", "todo", "failures"):
            self.data.pop(key, None)
        if question.kind == "kpi":
            missing = smart_missing(item)
            if missing and not item.get("smart_checked"):
                self.data["pending"] = {"kind": "smart", "item": item, "missing": missing}
                self.replies.append(Reply(ReplyKind.QUESTION, smart_hint(missing, self.language),
                                          choices=(Choice("sharpen", M.SMART_SHARPEN(self.language)),
                                                   Choice("keep", M.SMART_KEEP(self.language))),
                                          question_id=question.id, step_id=question.step_id,
                                          meta={"kind": "smart"}))
                return
            item = {**item, "smart_missing": missing}
            item.pop("smart_checked", None)
        if question.kind == "roi":
            completed = complete_roi(item)
            if completed is None:
                self.data["partial"], self.data["todo"] = item, ["revenue"]
                self.say(ReplyKind.PROBLEM, M.ROI_NEEDS_REVENUE)
                self.ask_current()
                return
            item = completed
            self.say(ReplyKind.CONFIRM, explain_roi(item, self.language))
        status = "draft" if item.get("_draft") else "final"
        raw = None
        if question.collect:
            collected = [*(self.data.get("collected") or []), item]
            self.data["collected"] = collected
            self.write(question, collected, raw, status)
            self.say(ReplyKind.CONFIRM, M.COLLECT_MORE, count=f"{len(collected)}×")
            self.ask_current()
            return
        self.write(question, item, raw, status)
        self.advance()

    # --- pending confirmations -------------------------------------------------------------------

    def resolve_pending(self, pending: dict[str, Any]) -> None:
        raw = self.turn.choice if self.turn.choice is not None else (self.turn.text or "")
        if pending["kind"] == "restart":
            options = [("yes", ["ja", "yes", "j", "y"]), ("no", ["nee", "no", "n"])]
        elif pending["kind"] == "command_or_answer":
            options = COMMAND_OR_ANSWER_OPTIONS
        else:
            options = [("sharpen", ["aanscherpen", "sharpen", "ja", "yes"]), ("keep", ["zo laten", "keep", "nee",
                                                                                       "no", "keep as is"])]
        try:
            decision = parse_choice(raw, options)
        except ParseError:
            self.data.pop("pending")
            if pending["kind"] == "command_or_answer":
                # A new message instead of a pick: it says what they meant now, and is taken as usual.
                self.take_text_or_choice()
                return
            self.run_pending_again(pending)
            return
        self.data.pop("pending")
        if pending["kind"] == "restart":
            self.finish_restart(decision == "yes")
        elif pending["kind"] == "command_or_answer":
            finish_command_or_answer(self, pending, decision == "command")
        elif decision == "sharpen":
            self.data["partial"], self.data["todo"] = pending["item"], list(pending["missing"])
            self.ask_current()
        else:
            self.finish_item(self.question, {**pending["item"], "smart_checked": True})

    def run_pending_again(self, pending: dict[str, Any]) -> None:
        # An answer that is neither yes nor no: keep the question open and ask it again.
        self.data["pending"] = pending
        if pending["kind"] == "restart":
            self.confirm_restart()
        elif pending["kind"] == "command_or_answer":
            ask_command_or_answer(self)
        else:
            self.finish_item(self.question, pending["item"])

    def confirm_restart(self) -> None:
        self.replies.append(Reply(ReplyKind.QUESTION, M.RESTART_CONFIRM(self.language),
                                  choices=(Choice("yes", M.YES(self.language)), Choice("no", M.NO(self.language))),
                                  meta={"kind": "confirm_restart"}))

    def finish_restart(self, confirmed: bool) -> None:
        if not confirmed:
            self.say(ReplyKind.TEXT, M.RESTART_CANCELLED)
            self.ask_current()
            return
        self.data = {}
        self.say(ReplyKind.CONFIRM, M.RESTART_DONE)
        self.goto(self.flow.questions[0].id)
