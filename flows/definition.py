"""The coaching model as data: the typed shape of a flow file and its loader.

A flow file (YAML, see `flows/data/sterce.yaml`) lists steps, their elements and the questions
asked about each element, every text in Dutch and English. It is loaded and validated once at
start-up; anything wrong fails with the file, the line and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from flows.types import LANGUAGES, Language

if TYPE_CHECKING:
    from flows.rulebook import RuleBook

DEFAULT_FLOW = Path(__file__).parent / "data" / "sterce.yaml"

# Answer kinds a question may have. Forms (persona, kpi, roi, form) are answered field by field.
SIMPLE_KINDS = frozenset({"text", "list", "choice", "axis", "number", "percent", "money", "date", "period"})
FORM_KINDS = frozenset({"persona", "kpi", "roi", "form"})
KINDS = SIMPLE_KINDS | FORM_KINDS
FIELD_KINDS = frozenset({"text", "long_text", "number", "money", "percent", "date", "choice"})
# Which end of a period a date answer means: a deadline ('Q2' -> 30 June) or a start ('Q2' -> 1 April).
DATE_ROLES = frozenset({"start", "end"})


class FlowError(ValueError):
    """A flow file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Text:
    """A text in every language the coach speaks."""

    nl: str
    en: str

    def __call__(self, language: Language) -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    aliases: tuple[str, ...] = ()  # other words people type for it ("beide" for "allebei")


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: Text
    kind: str = "text"
    required: bool = False
    hint: Text | None = None
    options: tuple[Option, ...] = ()
    options_from: str | None = None  # a list question whose current answer adds options (e.g. the focus groups)
    date_role: str = "end"  # date kinds: `start` or `end` (a deadline)


@dataclass(frozen=True)
class FormDef:
    id: str
    title: Text
    fields: tuple[FieldDef, ...]

    def field(self, name: str) -> FieldDef:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Question:
    id: str  # "element.question", unique in the flow; also the engine's state name
    element_id: str
    step_id: str
    kind: str
    ask: Text
    help: Text
    example: Text | None = None
    optional: bool = False
    options: tuple[Option, ...] = ()  # choice
    axis: tuple[Text, Text] | None = None  # axis: (left, right)
    form: str | None = None  # form kinds: the form definition's id
    repeat_for: str | None = None  # ask once per item of this earlier question's answer
    collect: bool = False  # form kinds: gather several items until the team says it is done
    min_items: int = 0
    date_role: str = "end"  # date kinds: `start` or `end` (a deadline)
    line: int = 0

    @property
    def is_form(self) -> bool:
        return self.kind in FORM_KINDS


@dataclass(frozen=True)
class Element:
    id: str
    step_id: str
    title: Text
    source: str
    intro: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: Text
    intro: Text
    skippable: bool
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Flow:
    id: str
    title: Text
    steps: tuple[Step, ...]
    forms: Mapping[str, FormDef]
    rules: RuleBook | None = None  # the coach's judgement (flows/data/rules.yaml); None: a plain form
    recap: bool = False  # each step ends with a recap the team confirms
    questions: tuple[Question, ...] = field(init=False)
    by_id: Mapping[str, Question] = field(init=False)

    def __post_init__(self) -> None:
        questions = tuple(q for s in self.steps for e in s.elements for q in e.questions)
        object.__setattr__(self, "questions", questions)
        object.__setattr__(self, "by_id", {q.id: q for q in questions})
        # Looked up several times a turn: dictionaries, not scans (a Question compares field by field).
        object.__setattr__(self, "_positions", {q.id: n for n, q in enumerate(questions)})
        object.__setattr__(self, "_steps", {s.id: s for s in self.steps})
        object.__setattr__(self, "_elements", {e.id: e for s in self.steps for e in s.elements})
        object.__setattr__(self, "_step_ends", {s.elements[-1].questions[-1].id for s in self.steps})

    def step(self, step_id: str) -> Step:
        return self._steps[step_id]  # type: ignore[attr-defined,no-any-return]

    def element(self, element_id: str) -> Element:
        return self._elements[element_id]  # type: ignore[attr-defined,no-any-return]

    def index(self, question_id: str) -> int:
        return self._positions[question_id]  # type: ignore[attr-defined,no-any-return]

    def last_of_step(self, question_id: str) -> bool:
        return question_id in self._step_ends  # type: ignore[attr-defined]


# --- loading -------------------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


class _Reader:
    """Turns the raw YAML tree into typed definitions, failing with file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Mapping[str, Any] | None, reason: str) -> FlowError:
        return FlowError(self.path, (node or {}).get("__line__"), reason)

    def require(self, node: Mapping[str, Any], key: str, what: str) -> Any:
        if key not in node or node[key] in (None, ""):
            raise self.fail(node, f"{what} needs '{key}'")
        return node[key]

    def text(self, node: Mapping[str, Any], key: str, what: str, required: bool = True) -> Text | None:
        raw = node.get(key)
        if raw is None:
            if required:
                raise self.fail(
                    node, f"{what} needs '{key}' with a text per language ({', '.join(LANGUAGES)})"
                )
            return None
        if not isinstance(raw, Mapping):
            raise self.fail(
                node, f"{what}: '{key}' must map each language ({', '.join(LANGUAGES)}) to a text"
            )
        missing = [lang for lang in LANGUAGES if not str(raw.get(lang) or "").strip()]
        if missing:
            raise self.fail(raw, f"{what}: '{key}' has no text for {', '.join(missing)}")
        return Text(nl=str(raw["nl"]).strip(), en=str(raw["en"]).strip())

    def options(self, node: Mapping[str, Any], what: str) -> tuple[Option, ...]:
        raw = node.get("options") or []
        options = []
        for item in raw:
            value = str(self.require(item, "value", f"{what}: an option"))
            aliases = tuple(str(a) for a in item.get("aliases") or ())
            options.append(Option(value=value, label=self.text(item, "label", f"{what}: option {value}"),
                                  aliases=aliases))
        if len({o.value for o in options}) != len(options):
            raise self.fail(node, f"{what}: option values must be unique")
        return tuple(options)

    def date_role(self, node: Mapping[str, Any], what: str) -> str:
        role = str(node.get("date_role", "end"))
        if role not in DATE_ROLES:
            raise self.fail(node, f"{what}: date_role must be one of {', '.join(sorted(DATE_ROLES))}, not '{role}'")
        return role

    def form(self, form_id: str, node: Mapping[str, Any]) -> FormDef:
        what = f"form '{form_id}'"
        fields = []
        for raw in self.require(node, "fields", what):
            name = str(self.require(raw, "name", f"{what}: a field"))
            kind = str(raw.get("kind", "text"))
            if kind not in FIELD_KINDS:
                raise self.fail(
                    raw,
                    f"{what}: field '{name}' has unknown kind '{kind}' "
                    f"(known: {', '.join(sorted(FIELD_KINDS))})",
                )
            options = self.options(raw, f"{what}: field '{name}'")
            options_from = raw.get("options_from")
            if kind == "choice" and not options and not options_from:
                raise self.fail(raw, f"{what}: field '{name}' is a choice without options")
            fields.append(
                FieldDef(
                    name=name,
                    label=self.text(raw, "label", f"{what}: field '{name}'"),
                    kind=kind,
                    required=bool(raw.get("required", False)),
                    hint=self.text(raw, "hint", f"{what}: field '{name}'", required=False),
                    options=options,
                    options_from=str(options_from) if options_from else None,
                    date_role=self.date_role(raw, f"{what}: field '{name}'"),
                )
            )
        if len({f.name for f in fields}) != len(fields):
            raise self.fail(node, f"{what}: field names must be unique")
        return FormDef(id=form_id, title=self.text(node, "title", what), fields=tuple(fields))

    def question(
        self,
        raw: Mapping[str, Any],
        step_id: str,
        element_id: str,
        forms: Mapping[str, FormDef],
        seen: Mapping[str, Question],
    ) -> Question:
        local_id = str(self.require(raw, "id", f"element '{element_id}': a question"))
        qid = f"{element_id}.{local_id}"
        what = f"question '{qid}'"
        if qid in seen:
            raise self.fail(raw, f"{what} is defined twice")
        kind = str(self.require(raw, "kind", what))
        if kind not in KINDS:
            raise self.fail(raw, f"{what} has unknown kind '{kind}' (known: {', '.join(sorted(KINDS))})")
        options = self.options(raw, what)
        if kind == "choice" and len(options) < 2:
            raise self.fail(raw, f"{what} is a choice and needs at least two options")
        axis = None
        if kind == "axis":
            axis_node = self.require(raw, "axis", what)
            axis = (
                self.text(axis_node, "left", f"{what} axis"),
                self.text(axis_node, "right", f"{what} axis"),
            )
        form_id = None
        if kind in FORM_KINDS:
            form_id = str(raw.get("form") or kind)
            if form_id not in forms:
                raise self.fail(raw, f"{what} uses form '{form_id}', which is not defined under 'forms'")
        repeat_for = raw.get("repeat_for")
        if repeat_for is not None:
            source = seen.get(repeat_for)
            if source is None:
                raise self.fail(raw, f"{what} repeats for '{repeat_for}', which is not an earlier question")
            if source.kind != "list" and source.repeat_for is None:
                raise self.fail(
                    raw, f"{what} repeats for '{repeat_for}', which is not a list or repeated question"
                )
        collect = bool(raw.get("collect", False))
        if collect and kind not in FORM_KINDS:
            raise self.fail(raw, f"{what}: only form kinds can 'collect' several items")
        return Question(
            id=qid,
            element_id=element_id,
            step_id=step_id,
            kind=kind,
            ask=self.text(raw, "ask", what),
            help=self.text(raw, "help", what),
            example=self.text(raw, "example", what, required=False),
            optional=bool(raw.get("optional", False)),
            options=options,
            axis=axis,
            form=form_id,
            repeat_for=repeat_for,
            collect=collect,
            min_items=int(raw.get("min_items", 0)),
            date_role=self.date_role(raw, what),
            line=int(raw.get("__line__", 0)),
        )

    def flow(self, root: Any) -> Flow:
        if not isinstance(root, Mapping):
            raise self.fail(None, "a flow file must be a mapping with 'flow', 'title', 'forms' and 'steps'")
        forms = {
            fid: self.form(fid, node) for fid, node in (root.get("forms") or {}).items() if fid != "__line__"
        }
        seen: dict[str, Question] = {}
        steps = []
        element_ids: set[str] = set()
        for number, step_node in enumerate(self.require(root, "steps", "the flow"), start=1):
            step_id = str(self.require(step_node, "id", "a step"))
            elements = []
            for element_node in self.require(step_node, "elements", f"step '{step_id}'"):
                element_id = str(self.require(element_node, "id", f"step '{step_id}': an element"))
                if element_id in element_ids or "." in element_id:
                    raise self.fail(element_node, f"element id '{element_id}' must be unique and have no dot")
                element_ids.add(element_id)
                questions = []
                for q_node in self.require(element_node, "questions", f"element '{element_id}'"):
                    question = self.question(q_node, step_id, element_id, forms, seen)
                    seen[question.id] = question
                    questions.append(question)
                elements.append(
                    Element(
                        id=element_id,
                        step_id=step_id,
                        title=self.text(element_node, "title", f"element '{element_id}'"),
                        source=str(element_node.get("source", "")),
                        intro=self.text(element_node, "intro", f"element '{element_id}'", required=False),
                        questions=tuple(questions),
                    )
                )
            steps.append(
                Step(
                    id=step_id,
                    number=number,
                    title=self.text(step_node, "title", f"step '{step_id}'"),
                    intro=self.text(step_node, "intro", f"step '{step_id}'"),
                    skippable=bool(step_node.get("skippable", False)),
                    elements=tuple(elements),
                )
            )
        if not seen:
            raise self.fail(root, "the flow has no questions")
        rules = None
        if root.get("rules"):
            from flows.rulebook import load_rules

            rules = load_rules(self.path.parent / str(root["rules"]), seen)
        return Flow(
            id=str(self.require(root, "flow", "the flow")),
            title=self.text(root, "title", "the flow"),
            steps=tuple(steps),
            forms=forms,
            rules=rules,
            recap=bool(root.get("recap", False)),
        )


def read_yaml(path: Path) -> Any:
    """A YAML file whose mappings know their line; a bad or unreadable file is a `FlowError`."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise FlowError(path, mark.line + 1 if mark else None, str(exc.problem or exc)) from exc
    except OSError as exc:
        raise FlowError(path, None, f"cannot be read: {exc.strerror}") from exc


def load_flow(path: Path | str = DEFAULT_FLOW) -> Flow:
    """Read and validate a flow file; raises `FlowError` naming the file, line and reason."""
    path = Path(path)
    return _Reader(path).flow(read_yaml(path))


@cache
def default_flow() -> Flow:
    return load_flow(DEFAULT_FLOW)
