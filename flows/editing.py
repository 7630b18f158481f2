"""Finding what a team means by `wijzig kernwaarden` / `edit kpis`, and offering what can be edited."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from flows.definition import Flow, Question
from flows.types import Choice


def _normal(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().replace("&", " ").replace("'", "").replace("?", " ").split())


def resolve_edit_target(flow: Flow, what: str) -> tuple[Question, str] | None:
    """Where an edit starts and the last question it covers: a whole element, or one question."""
    wanted = _normal(what)
    if not wanted:
        return None
    exact: list[Question] = []
    partial: list[Question] = []
    for question in flow.questions:
        element = flow.element(question.element_id)
        names = {question.id, question.id.split(".")[1], element.id, element.title.nl, element.title.en}
        normals = {_normal(n) for n in names}
        is_first = element.questions[0].id == question.id
        if wanted in {_normal(question.id), _normal(question.id.split(".")[1])} or (is_first and wanted in normals):
            exact.append(question)
        elif is_first and any(wanted in n for n in normals):
            partial.append(question)
    found = exact[0] if len(exact) == 1 else partial[0] if not exact and len(partial) == 1 else None
    if found is None:
        return None
    element = flow.element(found.element_id)
    names = {_normal(found.id), _normal(found.id.split(".")[1])}
    last = found.id if wanted in names else element.questions[-1].id
    return found, last


def edit_choices(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str) -> tuple[Choice, ...]:
    verb = "edit" if language == "en" else "wijzig"
    answered = {question_id for question_id, _item in answers}
    return tuple(
        Choice(f"{verb} {element.id}", element.title(language))
        for step in flow.steps for element in step.elements
        if any(q.id in answered for q in element.questions)
    )
