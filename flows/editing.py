"""Finding what a team means by `wijzig kernwaarden` / `edit kpis`, and offering what can be edited.

A team names a part the way it reads it: an element's title in either language ("kernwaarden",
"Tijd & Kennis"), a question's id word ("not doing"), or the words of a question itself ("wat we
niet doen"). The menu offers the titles in the team's language; internal ids are never shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from flows.definition import Flow, Question
from flows.types import Choice

_LEADING = re.compile(r"^(?:de|het|een|onze|ons|mijn|the|a|an|our|my)\s+")
# Words that say nothing about which question is meant ("wat we niet doen": only "niet doen" counts).
_FILLER_WORDS = (
    "wat we wij jullie je jij ik de het een en of die dat dit deze van in op te is zijn hoe welke welk waar wie "
    "voor met naar aan ons onze er om bij ook nog al gaan gaat "
    "what we our us you your the a an of is are to and or for with in on how which who will be it this that at"
)
_FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MIN_QUESTION_WORDS = 2  # one word ("website") would match too many answers that merely start with `change`


def _normal(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = ascii_text.lower().replace("&", " ").replace("'", "").replace("?", " ").replace("_", " ")
    return " ".join(cleaned.split()).strip(" .,!:;")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_normal(text)))


def _by_question_words(flow: Flow, wanted: str) -> Question | None:
    """The one question whose text holds every telling word of `wanted` ("wat we niet doen")."""
    telling = _words(wanted) - _FILLER
    if len(telling) < MIN_QUESTION_WORDS:
        return None
    found = [q for q in flow.questions if telling <= (_words(q.ask.nl) | _words(q.ask.en))]
    return found[0] if len(found) == 1 else None


def resolve_edit_target(flow: Flow, what: str) -> tuple[Question, str] | None:
    """Where an edit starts and the last question it covers: a whole element, or one question."""
    wanted = _LEADING.sub("", _normal(what))
    if not wanted:
        return None
    exact: list[Question] = []
    partial: list[Question] = []
    for question in flow.questions:
        element = flow.element(question.element_id)
        names = {element.id, element.title.nl, element.title.en}
        normals = {_normal(n) for n in names}
        is_first = element.questions[0].id == question.id
        if wanted in {_normal(question.id), _normal(question.id.split(".")[1])} or (is_first and wanted in normals):
            exact.append(question)
        elif is_first and len(wanted) >= 3 and any(wanted in n for n in normals):
            partial.append(question)
    found = exact[0] if len(exact) == 1 else partial[0] if not exact and len(partial) == 1 else None
    if found is None:
        by_words = _by_question_words(flow, wanted) if not exact and not partial else None
        return (by_words, by_words.id) if by_words else None
    element = flow.element(found.element_id)
    names = {_normal(found.id), _normal(found.id.split(".")[1])}
    last = found.id if wanted in names else element.questions[-1].id
    return found, last


def edit_choices(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str) -> tuple[Choice, ...]:
    """The answered elements, each offered by its title in the team's language (`wijzig kernwaarden`)."""
    verb = "edit" if language == "en" else "wijzig"
    answered = {question_id for question_id, _item in answers}
    return tuple(
        Choice(f"{verb} {element.title(language).lower()}", element.title(language))
        for step in flow.steps for element in step.elements
        if any(q.id in answered for q in element.questions)
    )
