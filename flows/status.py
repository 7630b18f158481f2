"""`status`: where the team is in the four steps, what is still open, and what it kept on purpose."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows import messages as M
from flows.consistency import items_of, kept_points, open_items
from flows.definition import Flow, Question
from flows.recap import describe_open
from flows.session import DONE, START
from flows.types import Reply, ReplyKind


def is_answered(question: Question, answers: Mapping[tuple[str, str], Any]) -> bool:
    if question.repeat_for:
        items = items_of(question, answers)
        return bool(items) and all(_final(answers.get((question.id, str(i)))) for i in items)
    return _final(answers.get((question.id, "")))


def _final(stored: Any) -> bool:
    return stored is not None and stored.status == "final"


def status_reply(flow: Flow, state: str, answers: Mapping[tuple[str, str], Any], language: str,
                 item_index: int = 0) -> Reply:
    position = len(flow.questions) if state == DONE else (-1 if state == START else flow.index(state))
    lines = []
    for step in flow.steps:
        questions = [q for e in step.elements for q in e.questions]
        # An optional question the team passed without an answer is done with, not open.
        done = sum(is_answered(q, answers) or (q.optional and flow.index(q.id) < position) for q in questions)
        indexes = [flow.index(q.id) for q in questions]
        mark = "✓" if done == len(questions) else "→" if min(indexes) <= position <= max(indexes) else "○"
        lines.append(f"{mark} {step.title(language)} ({done}/{len(questions)})")
    if 0 <= position < len(flow.questions):
        question = flow.questions[position]
        lines.append(M.STATUS_NOW(language).format(where=flow.element(question.element_id).title(language)))
    still_open = open_items(flow, answers, state, item_index)
    unanswered = [o for o in still_open if o.reason != "draft"]
    drafts = [o for o in still_open if o.reason == "draft"]
    nothing = M.STATUS_NOTHING_OPEN if state == DONE else M.STATUS_NOTHING_BEHIND
    lines.append(M.STATUS_OPEN(language).format(items=describe_open(flow, unanswered, language)) if unanswered
                 else nothing(language))
    if drafts:
        lines.append(M.STATUS_DRAFTS(language).format(items=describe_open(flow, drafts, language)))
    kept = kept_points(answers)
    if kept:
        lines.append(M.STATUS_KEPT(language).format(items=kept_labels(flow, kept, language)))
    return Reply(ReplyKind.STATUS, "\n".join(lines), title=M.STATUS_TITLE(language))


def kept_labels(flow: Flow, kept: list[Any], language: str) -> str:
    """`Niet SMART (Meer volgers op Instagram); Algemene propositie (Starters)`."""
    labels = []
    for point in kept:
        rule = flow.rules.by_id(point.rule) if flow.rules else None
        label = rule.kept(language) if rule else point.rule
        labels.append(f"{label} ({point.item})" if point.item else label)
    return "; ".join(labels)
