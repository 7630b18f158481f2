"""Answers given as a form: a persona, a KPI, an ROI calculation, a journey, an action (flows/form_answers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flows import messages as M
from flows import turn_coaching as coach
from flows.coaching import complete_roi, explain_roi, smart_missing
from flows.definition import Question
from flows.form_answers import FormProgress
from flows.types import Reply, ReplyKind

if TYPE_CHECKING:
    from flows.turn import TurnRun


def answer_form(run: TurnRun, question: Question) -> None:
    """A form's answer, whole (a Slack modal, a Teams card) or one field at a time (the console)."""
    progress = FormProgress(run.form_of(question), run.data, run.language, run.context.today)
    if run.turn.form is not None:
        problems = progress.submit(run.turn.form)
    else:
        raw = run.turn.choice if run.turn.choice is not None else (run.turn.text or "")
        problems = progress.field_answer(raw)
    if problems:
        run.replies.append(Reply(ReplyKind.PROBLEM, problems))
        run.ask_current()
        return
    if progress.complete:
        finish_item(run, question, progress.item())
    else:
        run.ask_current()


def finish_item(run: TurnRun, question: Question, item: dict[str, Any]) -> None:
    """A form filled in: the ROI computed, a KPI's SMART gaps noted, then reviewed by the coach."""
    for key in ("partial", "todo", "failures"):
        run.data.pop(key, None)
    if question.kind == "roi":
        completed = complete_roi(item)
        if completed is None:
            run.data["partial"], run.data["todo"] = item, ["revenue"]
            run.say(ReplyKind.PROBLEM, M.ROI_NEEDS_REVENUE)
            run.ask_current()
            return
        item = completed
        run.say(ReplyKind.CONFIRM, explain_roi(item, run.language))
    if question.kind == "kpi":
        item = {**item, "smart_missing": smart_missing(item)}
    coach.review(run, question, item, None)
