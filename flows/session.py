"""What the engine reads and returns for one turn: plain values, no database, no platform."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flows.types import DEFAULT_LANGUAGE, Language, Reply

START = "start"  # before the first question
DONE = "done"  # every question asked


@dataclass(frozen=True)
class Turn:
    """The part of an `Inbound` the engine needs."""

    text: str | None = None
    choice: str | None = None
    form: Mapping[str, str] | None = None
    question_id: str | None = None
    language: Language | None = None
    question_version: str | None = None  # with question_id: which time the question was asked (stale clicks)
    # A command word of the service's own (the monthly cycle's `waarde`) followed by words it cannot read as
    # its argument ("waarde conversie"): the engine asks whether it was the command or the answer.
    outside_command: str | None = None


@dataclass(frozen=True)
class StoredAnswer:
    value: Any
    status: str = "final"  # final | draft
    version: int = 1
    author: str | None = None


@dataclass(frozen=True)
class TeamView:
    """A team's saved position and current answers, as loaded at the start of a turn."""

    state: str = START
    data: Mapping[str, Any] = field(default_factory=dict)
    answers: Mapping[tuple[str, str], StoredAnswer] = field(default_factory=dict)
    language: Language = DEFAULT_LANGUAGE
    team_name: str = ""


@dataclass(frozen=True)
class TurnContext:
    today: date
    can_manage: bool = False  # project managers may restart a team's flow
    user_name: str | None = None


@dataclass(frozen=True)
class AnswerWrite:
    question_id: str
    item_key: str
    value: Any
    raw: str | None
    status: str = "final"


@dataclass
class Outcome:
    replies: list[Reply]
    state: str
    data: dict[str, Any]
    language: Language
    writes: list[AnswerWrite] = field(default_factory=list)
    command: str | None = None  # a command the service must carry out itself (e.g. "role")
    command_arg: str = ""
