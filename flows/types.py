"""The engine's two internal message types: what comes in (`Inbound`) and what goes out (`Reply`).

Every platform adapter translates its own payloads into `Inbound` and renders `Reply` values
into its own format (plain text, Block Kit, Adaptive Cards). Nothing here knows any platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Language = str  # "nl" or "en"
LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT_LANGUAGE: Language = "nl"


class Role(StrEnum):
    MEMBER = "member"
    PROJECT_MANAGER = "project_manager"
    LEADERSHIP = "leadership"


@dataclass(frozen=True)
class Inbound:
    """One thing a person did: typed text, pressed a button, or submitted a form.

    `workspace` is the platform's tenant (Slack team id, Teams tenant id, "local" for the console);
    `team` is the coached team inside it (a channel id, or a name on the console). Together with
    `platform` they form the conversation key: one team never sees another's answers.
    """

    platform: str
    workspace: str
    team: str
    user: str
    user_name: str | None = None
    team_name: str | None = None  # the platform's name for the team, when the event carries one: given at creation
    text: str | None = None
    choice: str | None = None
    form: Mapping[str, str] | None = None
    question_id: str | None = None  # which question a button/form belonged to, to catch stale clicks
    event_id: str | None = None
    language: Language | None = None  # an explicit language request (console --lang)
    question_version: str | None = None  # with question_id: which time it was asked (a QUESTION's meta["version"])

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace, self.team)


class ReplyKind(StrEnum):
    TEXT = "text"  # plain information
    STEP_INTRO = "step_intro"  # a step of the model begins
    QUESTION = "question"  # the bot waits for an answer to this
    HELP = "help"
    PROBLEM = "problem"  # an answer could not be read, or a command is not possible now
    CONFIRM = "confirm"  # an answer was stored
    STATUS = "status"
    SUMMARY = "summary"  # the strategy on a page (Markdown)
    IMAGE = "image"  # e.g. a KPI chart (PNG bytes in `image`)
    FILE = "file"  # a document to hand over (PDF, DOCX, CSV bytes in `file`, named `filename`)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    """One input of a structured answer (a KPI, a persona, ...)."""

    name: str
    label: str
    kind: str = "text"  # text | long_text | number | money | percent | date | choice
    required: bool = False
    hint: str | None = None
    choices: tuple[Choice, ...] = ()
    value: str | None = None  # pre-filled value (an earlier or partial answer)
    max_length: int = 3000


@dataclass(frozen=True)
class Form:
    form_id: str  # the question it answers
    title: str
    fields: tuple[FormField, ...]
    submit_label: str


@dataclass(frozen=True)
class ChartSeries:
    """One line (or bar row) of a chart: `role` says whether it is what was measured or what was aimed at."""

    name: str
    values: tuple[float | None, ...]  # one per label; None where nothing was measured
    role: str = "actual"  # actual | target


@dataclass(frozen=True)
class Chart:
    """A chart as data, in the team's language already: each platform draws it natively (Slack's
    data_visualization block, an Adaptive Card Chart.Line), the console and documents as a PNG."""

    title: str
    labels: tuple[str, ...]  # the x axis, e.g. months as "nov 2026"
    series: tuple[ChartSeries, ...]
    unit: str | None = None  # count | percent | money: how the values are shown
    kind: str = "line"  # line | bar | area


@dataclass(frozen=True)
class Reply:
    """One message the engine wants shown. Adapters decide how it looks on their platform."""

    kind: ReplyKind
    text: str
    title: str | None = None
    choices: tuple[Choice, ...] = ()  # answer buttons (a choice, an axis, yes/no)
    actions: tuple[Choice, ...] = ()  # command buttons (help, skip, ...): value is the command text
    form: Form | None = None  # a structured answer: modal / Adaptive Card form; console asks field by field
    question_id: str | None = None
    step_id: str | None = None
    replaces: str | None = None  # the question id of an earlier answer this one replaces (edit)
    image: bytes | None = None
    image_alt: str | None = None
    file: bytes | None = None  # ReplyKind.FILE: the document itself
    filename: str | None = None  # e.g. "strategie-marketing.pdf"; its suffix tells the type
    chart: Chart | None = None  # drawn natively where the platform can, else `image` is the fallback
    meta: Mapping[str, Any] = field(default_factory=dict)
