"""Reading stored answers for the strategy model: texts, lists, a persona, a journey.

A draft (an answer the coach could not read, kept as typed) shows as its raw text marked
"concept"; a skipped or withdrawn answer counts as not there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows import strategy_labels as L
from flows.session import StoredAnswer

NOT_THERE = frozenset({"skipped", "withdrawn"})
PHASES = ("before", "during", "after")
ASPECTS = ("questions", "touchpoints", "content", "keywords")


@dataclass(frozen=True)
class Labelled:
    label: str
    text: str


@dataclass(frozen=True)
class Persona:
    name: str
    line: str  # who this is, in one line (the demographics)
    buying_motives: str | None
    fields: tuple[Labelled, ...]  # every field the team filled in, labelled


@dataclass(frozen=True)
class JourneyRow:
    phase: str
    cells: tuple[str, ...]  # one per column


@dataclass(frozen=True)
class Journey:
    columns: tuple[str, ...]  # Vragen, Touchpoints, Content, Keywords (or one "Wat er gebeurt")
    rows: tuple[JourneyRow, ...]


def answer_value(answers: Mapping[tuple[str, str], StoredAnswer], qid: str, item: str = "") -> Any:
    found = answers.get((qid, item))
    if found is None or found.status in NOT_THERE:
        return None
    return found.value


def _draft(value: Any, language: str) -> str | None:
    if isinstance(value, dict) and "draft" in value:
        return f"{value['draft']} ({L.DRAFT(language)})"
    return None


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def as_text(answers: Mapping[tuple[str, str], StoredAnswer], qid: str, item: str, language: str) -> str | None:
    value = answer_value(answers, qid, item)
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(_clean(v) for v in value if str(v).strip()) or None
    if isinstance(value, dict):
        return _draft(value, language)
    return _clean(value) or None


def as_list(answers: Mapping[tuple[str, str], StoredAnswer], qid: str, item: str, language: str) -> tuple[str, ...]:
    value = answer_value(answers, qid, item)
    if isinstance(value, list):
        return tuple(_clean(v) for v in value if str(v).strip())
    if isinstance(value, dict):
        draft = _draft(value, language)
        return (draft,) if draft else ()
    if isinstance(value, str) and value.strip():
        return (_clean(value),)
    return ()


def persona_of(value: Any, language: str) -> Persona | None:
    if not isinstance(value, dict) or "draft" in value or not str(value.get("name") or "").strip():
        return None
    fields = tuple(Labelled(label(language), _clean(value[name])) for name, label in L.PERSONA_FIELDS.items()
                   if str(value.get(name) or "").strip())
    motives = str(value.get("buying_motives") or "").strip() or None
    return Persona(name=_clean(value["name"]), line=" ".join(str(value.get("demographics") or "").split()),
                   buying_motives=" ".join(motives.split()) if motives else None, fields=fields)


def journey_of(value: Any, language: str) -> Journey | None:
    """Phase by aspect (`before_touchpoints`, ...); an older journey (`before`, `during`, `after`) in one column."""
    if not isinstance(value, dict) or "draft" in value:
        return None
    keyed = {k: _clean(v) for k, v in value.items() if str(v or "").strip()}
    if not keyed:
        return None
    if any(f"{phase}_{aspect}" in keyed for phase in PHASES for aspect in ASPECTS):
        rows = tuple(JourneyRow(L.PHASES[phase](language), tuple(keyed.get(f"{phase}_{aspect}", "—")
                                                                  for aspect in ASPECTS)) for phase in PHASES)
        return Journey(tuple(L.ASPECTS[a](language) for a in ASPECTS), rows)
    rows = tuple(JourneyRow(L.PHASES[phase](language), (keyed[phase],)) for phase in PHASES if phase in keyed)
    return Journey((L.DESCRIPTION(language),), rows) if rows else None
