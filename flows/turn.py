"""One turn of the conversation: asking, moving through the flow, answering, confirmations.

A `TurnRun` lives for one inbound event: it starts from the saved position, collects replies and
answer writes, and ends as an `Outcome`. Commands typed at a question are in `flows.turn_commands`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from transitions import Machine

from flows import messages as M
from flows import turn_coaching as coach
from flows.answers import explain, parse_answer, skips_optional, suggestions, taken_suggestion
from flows.asking import ask, step_intro
from flows.coaching import answer_facts, context_lines
from flows.command_or_answer import ask_if_unclear
from flows.commands import Command, command_word, parse_command
from flows.consistency import WITHDRAWN, group_gaps, open_items
from flows.definition import Flow, FormDef, Question
from flows.form_answers import resolved_form
from flows.parsing import ParseError
from flows.recap import describe_open, piece_title
from flows.session import DONE, START, AnswerWrite, Outcome, StoredAnswer, TeamView, Turn, TurnContext
from flows.strategy_reply import strategy_summary_reply
from flows.turn_forms import answer_form
from flows.turn_pending import answered_by_command, resolve_pending
from flows.turn_recap import show_recap
from flows.types import LANGUAGES, Reply, ReplyKind

MAX_FAILURES = 3  # after this many unreadable answers the text is kept as a draft
_PER_ANSWER = ("failures", "partial", "todo", "pending", "suggested", "challenged", "challenged_done", "keeping",
               "later")

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
        self._values: dict[tuple[str, str], Any] | None = None

    # --- the turn --------------------------------------------------------------------------------

    def run(self) -> Outcome:
        command = parse_command(self.turn.text, self.flow)
        pending = self.data.get("pending")
        if not pending and self.stale(command is not None):  # an earlier question's button or form
            self.say(ReplyKind.PROBLEM, M.STALE_BUTTON)
            self.ask_current()
        else:
            self.take(command, pending)
        return Outcome(replies=self.replies, state=self.state, data=self.data, language=self.language,
                       writes=self.writes, command=self.command.name if self.command else None,
                       command_arg=self.command.arg if self.command else "")

    def take(self, command: Command | None, pending: dict[str, Any] | None) -> None:
        """What the turn does with a command, a pending confirmation's answer, or a text or choice."""
        if pending and self.turn.form is not None and pending.get("kind") in ("challenge", "pick"):
            self.data.pop("pending")  # the form filled in again (a Slack modal, a Teams card): sharpening it
            pending = None
        if pending and command is not None and answered_by_command(self, pending, command):
            pass
        elif pending and (self.turn.choice is not None or (self.turn.text and command is None)):
            resolve_pending(self, pending)
        elif command is not None:
            from flows.turn_commands import run_command

            run_command(self, command)
        else:
            self.take_text_or_choice()

    def take_text_or_choice(self) -> None:
        """What a turn that is no command does: welcome, ask if unclear, or answer."""
        loose = command_word(self.turn.text) if self.state in (START, DONE) else None
        if loose is not None:  # no question is open, so "wijzig de doelen" cannot be an answer
            from flows.turn_commands import run_command

            run_command(self, loose)
        elif self.state == START:
            self.say(ReplyKind.TEXT, M.WELCOME)
        elif self.state == DONE:
            from flows.turn_commands import say_done

            say_done(self)
        elif not ask_if_unclear(self):
            self.answer()

    def stale(self, is_command: bool) -> bool:
        """A button or form of a question that is no longer the one asked: another question, or this one asked
        another time (another item, or since answered). It never acts on the current one. A question's own
        command buttons (help, skip, done) carry the time it was asked; other command buttons (a recap's, the
        edit menu's) belong to no asked question and act as typed commands do."""
        asked_for, version = self.turn.question_id, self.turn.question_version
        if asked_for is None or self.state in (START, DONE):
            return False
        if version is not None:
            return asked_for != self.state or version != self.ask_version()
        return not is_command and asked_for != self.state

    def ask_version(self) -> str:
        """Which time the current question is asked: its item and its answer's version (a repeating question, which
        collects items, is one ask however many it has), carried by its buttons and forms."""
        item = self.current_item()
        if self.question.collect:
            return f"{item}#"
        stored = self.answers.get((self.state, item))
        return f"{item}#{stored.version if stored else 0}"

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

    def current_value_of(self, question_id: str, item: str = "") -> Any:
        stored = self.answers.get((question_id, item))
        return stored.value if stored and stored.status != WITHDRAWN else None

    def values(self) -> dict[tuple[str, str], Any]:
        """The current answers as plain values, without withdrawn ones (kept until the turn writes again)."""
        if self._values is None:
            self._values = {key: stored.value for key, stored in self.answers.items() if stored.status != WITHDRAWN}
        return self._values

    def form_of(self, question: Question) -> FormDef:
        """The question's form, its choices filled in from earlier answers (a KPI's focus group and goal)."""
        form = self.flow.forms[question.form or question.kind]
        return resolved_form(form, self.values()) if any(f.options_from for f in form.fields) else form

    # --- asking ----------------------------------------------------------------------------------

    def ask_current(self, with_intro: bool = False) -> None:
        if self.state in (START, DONE):
            return
        pending = self.data.get("pending") or {}
        if pending.get("kind") in ("challenge", "pick"):
            self.replies.append(coach.pending_reply(self, pending))
            return
        if pending.get("kind") == "recap":
            show_recap(self, pending["step"])
            return
        question = self.question
        item = self.current_item()
        items = self.items(question)
        field = None
        form = self.form_of(question) if question.is_form else None
        if form is not None:
            names = [f.name for f in form.fields]
            todo = [name for name in self.data.get("todo") or names if name in names] or names
            self.data["todo"] = todo
            field = todo[0]
        context = ()
        first_field = form is None or field == form.fields[0].name
        if self.flow.rules and question.id in self.flow.rules.contexts and first_field:
            context = context_lines(self.flow.rules.contexts[question.id],
                                    answer_facts(self.values(), item, self.language), self.language)
        asked = ask(
            self.flow, question, self.language, item=item or None,
            item_position=(self.data.get("item", 0) + 1, len(items)) if items else None,
            with_intro=with_intro, partial=self.data.get("partial") or {}, field_name=field,
            current=self.current_value(question, item), collected=self.data.get("collected") or [],
            form_def=form, context=context,
        )
        self.replies.append(replace(asked, meta={**asked.meta, "version": self.ask_version()}))

    def enter(self, announce: bool = True) -> None:
        """Arrive at the machine's current state: reset per-question data and ask."""
        for key in _PER_ANSWER:
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
            existing = (self.data.get("unsaved") or {}).pop(question.id, None) or self.current_value(question)
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
        names = [f.name for f in self.form_of(self.question).fields]
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
            for key in _PER_ANSWER:
                self.data.pop(key, None)
            self.ask_current()
            return
        if self.data.get("edit_last") == question.id:
            self.return_from_edit()
            return
        if self.flow.recap and self.flow.last_of_step(question.id):
            show_recap(self, question.step_id)
            return
        self.model.trigger("advance")
        self.enter()

    def return_from_edit(self) -> None:
        back = self.data.get("return_to") or {"state": START, "item": 0}
        if self.fill_gap(back["state"]):
            return
        self.data.pop("return_to", None)
        for key in ("edit_last", "edit_from", "gaps_asked"):
            self.data.pop(key, None)
        self.say(ReplyKind.CONFIRM, M.EDIT_BACK if self.data.pop("edit_changed", False) else M.EDIT_BACK_UNCHANGED)
        self.goto(back["state"], announce=False)
        self.data.update({"item": back.get("item", 0), **(back.get("form") or {})})
        if back.get("recap") and back["state"] not in (START, DONE):
            if self.replies and self.replies[-1].kind == ReplyKind.QUESTION:
                self.replies.pop()
            show_recap(self, back["recap"])
        elif self.replies and self.replies[-1].kind == ReplyKind.QUESTION and (back.get("item") or back.get("form")):
            self.replies.pop()
            self.ask_current()

    def fill_gap(self, back_state: str) -> bool:
        """After an edit, ask what a focus group now lacks before going back (each gap once)."""
        asked = self.data.setdefault("gaps_asked", [])
        gap = next((g for g in group_gaps(self.flow, self.answers, before=back_state)
                    if f"{g.question}|{g.item}" not in asked and g.question != back_state), None)
        if gap is None:
            return False
        asked.append(f"{gap.question}|{gap.item}")
        question = self.flow.by_id[gap.question]
        self.data["edit_last"], self.data["edit_from"] = question.id, ""
        if gap.reason == "no_kpi":
            self.say(ReplyKind.TEXT, M.GAP_KPI, item=gap.item)
        else:
            self.say(ReplyKind.TEXT, M.GAP_FILL, item=gap.item, title=piece_title(self.flow, question, self.language))
        self.goto(question.id, announce=False)
        return True

    def finish(self) -> None:
        still_open = open_items(self.flow, self.answers)
        if still_open:
            self.say(ReplyKind.TEXT, M.ALMOST_DONE, items=describe_open(self.flow, still_open, self.language))
        else:
            self.say(ReplyKind.CONFIRM, M.FINISHED)
        self.replies.append(self.summary_reply())

    def summary_reply(self) -> Reply:
        """Page one of the strategy, the same model the document is drawn from (Slack and Teams draw it natively)."""
        return strategy_summary_reply(self.flow, self.answers, self.language, self.context.today, self.view.team_name)

    # --- answering -------------------------------------------------------------------------------

    def write(self, question: Question, value: Any, raw: str | None, status: str = "final") -> None:
        if "edit_last" in self.data:
            self.data["edit_changed"] = True
        self.write_at(question.id, self.current_item(), value, raw, status)

    def write_at(self, question_id: str, item: str, value: Any, raw: str | None, status: str = "final") -> None:
        self.writes.append(AnswerWrite(question_id, item, value, raw, status))
        self._values = None
        previous = self.answers.get((question_id, item))
        self.answers[(question_id, item)] = StoredAnswer(value, status, previous.version + 1 if previous else 1,
                                                         self.context.user_name)

    def answer(self) -> None:
        question = self.question
        if question.is_form:
            answer_form(self, question)
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
        coach.review(self, question, value, raw)

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
