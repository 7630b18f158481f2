"""`status`: where the team is in the four steps and what is still open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows import messages as M
from flows.definition import Flow, Question
from flows.session import DONE, START
from flows.types import Reply, ReplyKind


def is_answered(question: Question, answers: Mapping[tuple[str, str], Any]) -> bool:
    if question.repeat_for:
        source = answers.get((question.repeat_for, ""))
        items = source.value if source is not None and isinstance(source.value, list) else []
        return bool(items) and all(_final(answers.get((question.id, str(i)))) for i in items)
    return _final(answers.get((question.id, "")))


def _final(stored: Any) -> bool:
    return stored is not None and stored.status == "final"


def status_reply(flow: Flow, state: str, answers: Mapping[tuple[str, str], Any], language: str) -> Reply:
    position = len(flow.questions) if state == DONE else (-1 if state == START else flow.index(state))
    lines = []
    for step in flow.steps:
        questions = [q for e in step.elements for q in e.questions]
        done = sum(is_answered(q, answers) for q in questions)
        indexes = [flow.index(q.id) for q in questions]
        mark = "✓" if done == len(questions) else "→" if min(indexes) <= position <= max(indexes) else "○"
        lines.append(f"{mark} {step.title(language)} ({done}/{len(questions)})")
    if 0 <= position < len(flow.questions):
        question = flow.questions[position]
        lines.append(M.STATUS_NOW(language).format(where=flow.element(question.element_id).title(language)))
    open_elements = _titles(flow, [q for q in flow.questions[:max(position, 0)]
                                   if not q.optional and not is_answered(q, answers)], language)
    drafts = _titles(flow, [flow.by_id[qid] for (qid, _i), a in answers.items()
                            if a.status == "draft" and qid in flow.by_id], language)
    lines.append(M.STATUS_OPEN(language).format(items=open_elements) if open_elements
                 else M.STATUS_NOTHING_OPEN(language))
    if drafts:
        lines.append(M.STATUS_DRAFTS(language).format(items=drafts))
    return Reply(ReplyKind.STATUS, "\n".join(lines), title=M.STATUS_TITLE(language))


def _titles(flow: Flow, questions: list[Question], language: str) -> str:
    titles: list[str] = []
    for question in questions:
        title = flow.element(question.element_id).title(language)
        if title not in titles:
            titles.append(title)
    return ", ".join(titles)
