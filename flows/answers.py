"""Turning a typed answer into a stored value, per answer kind, and explaining what was expected.

Values are plain JSON: text → str, list → [str], choice → option value, axis → 1..5, number and
percent → float, money → {"amount": float, "currency": str}, date → "YYYY-MM-DD",
period → {"start", "end", "label"}.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from flows import messages as M
from flows.definition import FieldDef, Option, Question
from flows.formatting import format_date, format_number
from flows.parsing import (
    ParseError,
    dont_know,
    parse_axis,
    parse_choice,
    parse_date,
    parse_list,
    parse_money,
    parse_number,
    parse_percent,
    parse_period,
)
from flows.types import Choice

# The longest answer the coach stores. Longer than Slack's 3,000-character blocks on purpose: the adapters
# split a long answer over several blocks when they show it, so a thorough answer is never refused.
MAX_TEXT = 10_000
NO_ANSWER = ("-", "—", "–")


_SHORTCODE = re.compile(r":[a-z0-9_+'-]+:(?::skin-tone-\d:)?")  # Slack writes emoji as :+1: or :tada:


def without_words(text: str) -> bool:
    """Not one letter or digit: emoji (👍, :+1:, 🎉🎉), a dash, dots. People send those to a teammate; they
    answer no question."""
    rest = _SHORTCODE.sub("", text)
    return not any(unicodedata.category(c)[0] in "LN" for c in rest)


def _choice_options(options: Sequence[Option]) -> list[tuple[str, list[str]]]:
    return [(o.value, [o.label.nl, o.label.en, *o.aliases]) for o in options]


def parse_value(kind: str, text: str, language: str, today: date,
                options: Sequence[Option] = (), axis: tuple[Any, Any] | None = None, date_role: str = "end") -> Any:
    """Read `text` as an answer of `kind`; raises ParseError when it can't."""
    text = text.strip()
    if not text or without_words(text):  # "-" skips a form field, ":+1:" nods to a teammate: neither is a why
        raise ParseError("empty")
    if len(text) > MAX_TEXT:
        raise ParseError("too_long", str(len(text)))
    if kind in ("text", "long_text"):
        return text
    if kind == "list":
        return parse_list(text)
    if kind == "choice":
        return parse_choice(text, _choice_options(options))
    if kind == "axis":
        left, right = axis  # type: ignore[misc]
        return parse_axis(text, [left.nl, left.en], [right.nl, right.en])
    if kind == "number":
        return float(parse_number(text, language))
    if kind == "percent":
        return float(parse_percent(text, language))
    if kind == "money":
        money = parse_money(text, language)
        return {"amount": float(money.amount), "currency": money.currency}
    if kind == "date":
        day = parse_date(text, language, today, date_role)
        if date_role == "end" and day < today:  # a deadline already past is a slip of the year ("1 maart 2026")
            raise ParseError("in_the_past", format_date(day.isoformat(), language))
        return day.isoformat()
    if kind == "period":
        period = parse_period(text, language, today)
        return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}
    raise ValueError(f"not a simple answer kind: {kind}")


def parse_answer(question: Question, text: str, language: str, today: date) -> Any:
    return parse_value(question.kind, text, language, today, question.options, question.axis, question.date_role)


def parse_field(field: FieldDef, text: str, language: str, today: date) -> Any:
    return parse_value(field.kind, text, language, today, field.options, date_role=field.date_role)


def explain(kind: str, error: ParseError, language: str, options: Sequence[Option] = (),
            axis: tuple[Any, Any] | None = None) -> str:
    """A friendly sentence: what we expected, with an example."""
    if error.reason == "empty":
        return M.EMPTY(language)
    if error.reason == "too_long":
        return M.TOO_LONG(language).format(length=format_number(int(error.detail), language),
                                            limit=format_number(MAX_TEXT, language))
    if error.reason == "too_vague":
        return M.TOO_VAGUE(language).format(suggestion=error.detail)
    if error.reason == "in_the_past":
        return M.DATE_IN_THE_PAST(language).format(day=error.detail)
    if error.reason == "which_year":
        this, following = error.detail.split("|")
        return M.WHICH_YEAR(language).format(this=this, next=following)
    example = M.EXAMPLES.get(kind, M.EXAMPLES["text"])(language)
    if kind == "choice":
        example = example.format(options=", ".join(f"{n}. {o.label(language)}" for n, o in enumerate(options, 1)))
    elif kind == "axis" and axis:
        example = example.format(left=axis[0](language).lower(), right=axis[1](language).lower())
    if error.reason == "ambiguous":
        example = f"{M.AMBIGUOUS(language)} {example}"
    expected = M.EXPECTED.get(kind, M.EXPECTED["text"])(language)
    message = M.OUT_OF_RANGE if error.reason == "out_of_range" else M.NOT_UNDERSTOOD
    return message(language).format(expected=expected, example=example)


def suggestions(error: ParseError, language: str) -> tuple[Choice, ...]:
    """The precise answers a vague one was taken to mean, as buttons whose value reads as that answer."""
    if error.reason == "too_vague":
        return (Choice(error.detail, error.detail),)
    if error.reason == "in_the_past":
        return M.DATE_IN_THE_PAST(language).format(day=error.detail)
    if error.reason == "which_year":
        return tuple(Choice(M.UNTIL_END_OF(language).format(year=year).lower(),
                            M.UNTIL_END_OF(language).format(year=year)) for year in error.detail.split("|"))
    return ()


def skips_optional(question: Question | FieldDef, text: str) -> bool:
    """"weet ik nog niet" (or "geen idee", "don't know yet") on an optional question skips it."""
    optional = question.optional if isinstance(question, Question) else not question.required
    return optional and (dont_know(text) or text.strip() in NO_ANSWER)


_YES = ("ja", "yes", "j", "y", "ok", "oke", "klopt", "precies")


def taken_suggestion(raw: str, suggested: list[str] | None) -> str | None:
    """The suggestion a reply to "bedoel je juni 2027?" picks: `ja` for the only one, or its number."""
    if not suggested:
        return None
    answer = raw.strip().lower().rstrip(".!")
    if answer in _YES and len(suggested) == 1:
        return suggested[0]
    if answer.isdigit() and 1 <= int(answer) <= len(suggested):
        return suggested[int(answer) - 1]
    return None
