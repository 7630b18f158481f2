"""Structured answers (a persona, a KPI, an ROI, a journey, an action): a whole form at once, or field by field.

Chat platforms submit a form in one go (a Slack modal, an Adaptive Card); text channels answer one
field per message. Either way the fields given so far live in the session data, so quitting
half-way loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from flows import messages as M
from flows.answers import NO_ANSWER, explain, parse_field
from flows.definition import FieldDef, FormDef, Option, Text
from flows.formatting import format_percent
from flows.parsing import ParseError, dont_know

MAX_FIELD_FAILURES = 3
SKIP_FIELD = NO_ANSWER
_PERCENT_FIELDS = ("baseline", "target")  # a KPI's figures, in its unit (the field before them)


class FormProgress:
    def __init__(self, form: FormDef, data: dict[str, Any], language: str, today: date) -> None:
        self.form, self.data, self.language, self.today = form, data, language, today
        self.partial: dict[str, Any] = data.setdefault("partial", {})
        names = [f.name for f in form.fields]
        data["todo"] = [name for name in data.get("todo") or [] if name in names] or names
        self.todo: list[str] = data["todo"]

    @property
    def complete(self) -> bool:
        return not self.todo

    def item(self) -> dict[str, Any]:
        item = {f.name: self.partial.get(f.name) for f in self.form.fields}
        for key in ("_draft",):
            if self.partial.get(key):
                item[key] = self.partial[key]
        return item

    def _read(self, field: FieldDef, raw: str) -> str | None:
        """Store one field's value; returns a problem sentence when it can't be read."""
        text = raw.strip()
        if not text or text in SKIP_FIELD or (not field.required and dont_know(text)):
            if field.required:
                return M.FORM_MISSING(self.language).format(label=field.label(self.language))
            self.partial[field.name] = None
            return None
        try:
            value = parse_field(field, text, self.language, self.today)
        except ParseError as error:
            return f"{field.label(self.language)}: {explain(field.kind, error, self.language, field.options)}"
        if field.name in _PERCENT_FIELDS and self.partial.get("unit") == "percent" and value > 100:
            # The monthly cycle refuses a value over 100 % for such a KPI, so a target of 1.000,5 % is never met.
            return M.PERCENT_OVER_100(self.language).format(label=field.label(self.language),
                                                             value=format_percent(value, self.language))
        self.partial[field.name] = value
        return None

    def submit(self, values: Mapping[str, str]) -> str | None:
        problems, failing = [], []
        for field in self.form.fields:
            problem = self._read(field, str(values.get(field.name) or ""))
            if problem:
                problems.append(problem)
                failing.append(field.name)
        self.todo[:] = failing
        return M.FORM_FIX(self.language).format(problems=" ".join(problems)) if problems else None

    def field_answer(self, raw: str) -> str | None:
        field = self.form.field(self.todo[0])
        problem = self._read(field, raw)
        if problem is None:
            self.todo.pop(0)
            self.data.pop("failures", None)
            return None
        failures = self.data.get("failures", 0) + 1
        if failures >= MAX_FIELD_FAILURES and raw.strip():
            # Not looped on forever: keep the text as a draft of this field and move on.
            self.partial.setdefault("_draft", {})[field.name] = raw.strip()
            self.partial[field.name] = None
            self.todo.pop(0)
            self.data.pop("failures", None)
            return None
        self.data["failures"] = failures
        return problem


def resolved_form(form: FormDef, values: Mapping[tuple[str, str], Any]) -> FormDef:
    """The form with choices taken from earlier answers (`options_from`); a choice with none left is dropped.

    A KPI's focus group is chosen from the current focus groups (plus "overall"), its goal from the
    overall goals; when the team skipped the goals, the goal field is not asked at all.
    """
    if not any(f.options_from for f in form.fields):
        return form
    fields = []
    for field in form.fields:
        if field.options_from:
            source = values.get((field.options_from, ""))
            found = tuple(Option(value=str(v), label=Text(nl=str(v), en=str(v)))
                          for v in (source if isinstance(source, list) else []))
            field = replace(field, options=found + field.options)
            if not field.options:
                continue
        fields.append(field)
    return replace(form, fields=tuple(fields))
