"""Showing stored values the way Dutch and English readers expect: `€ 5.000` vs `€ 5,000`, `1 juni 2027`."""

from __future__ import annotations

from datetime import date
from typing import Any

from flows.definition import FieldDef, Flow, FormDef, Option, Question

_MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_AXIS_WORDS = {
    "nl": {1: "helemaal {l}", 2: "vooral {l}", 3: "in balans", 4: "vooral {r}", 5: "helemaal {r}"},
    "en": {1: "fully {l}", 2: "mostly {l}", 3: "balanced", 4: "mostly {r}", 5: "fully {r}"},
}


def format_number(value: float, language: str, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    if language == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_money(value: dict[str, Any] | float, language: str) -> str:
    """`€ 1.000,50` / `€ 1,000.50`: cents keep both their digits; whole amounts show none."""
    amount = value["amount"] if isinstance(value, dict) else value
    currency = value.get("currency", "EUR") if isinstance(value, dict) else "EUR"
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency)
    amount = round(float(amount), 2)
    if amount.is_integer():
        return f"{symbol} {format_number(amount, language, 0)}"
    text = f"{amount:,.2f}"
    if language != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{symbol} {text}"


def format_percent(value: float, language: str) -> str:
    """`3,4 %` in Dutch (a space before the sign, as Dutch style guides write it), `3.4%` in English."""
    number = format_number(round(float(value), 2), language)
    return f"{number}%" if language == "en" else f"{number} %"


def format_kpi_value(value: float | None, unit: str | None, language: str) -> str:
    """A KPI figure with its unit (the KPI form's `unit`: count | percent | money); `—` when there is none."""
    if value is None:
        return "—"
    if unit == "percent":
        return format_percent(value, language)
    if unit == "money":
        return format_money(float(value), language)
    return format_number(round(float(value), 2), language)


def format_date(iso: str, language: str) -> str:
    day = date.fromisoformat(iso)
    if language == "en":
        return f"{day.day} {_MONTHS['en'][day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS['nl'][day.month - 1]} {day.year}"


def format_period(value: dict[str, Any], language: str) -> str:
    """A period by its label ('Q1 2027', '2027'); a span without one ("tot eind 2027") by its dates in words."""
    start, end, label = value.get("start"), value.get("end"), value.get("label")
    if start and end and (not label or label == f"{start} – {end}"):  # the label of a span is its ISO dates
        return f"{format_date(str(start), language)} – {format_date(str(end), language)}"
    return str(label or "—")


def _option_label(options: tuple[Option, ...], value: Any, language: str) -> str:
    return next((o.label(language) for o in options if o.value == value), str(value))


def format_simple(kind: str, value: Any, language: str, options: tuple[Option, ...] = (),
                  axis: tuple[Any, Any] | None = None) -> str:
    if value is None or value == "":
        return "—"
    if kind == "list":
        return ", ".join(str(v) for v in value)
    if kind == "choice":
        return _option_label(options, value, language)
    if kind == "axis" and axis:
        words = _AXIS_WORDS["en" if language == "en" else "nl"][int(value)]
        left, right = axis[0](language), axis[1](language)
        left, right = (w if w.isupper() else w[0].lower() + w[1:] for w in (left, right))
        return f"{value}/5 ({words.format(l=left, r=right)})"
    if kind == "number":
        return format_number(float(value), language)
    if kind == "percent":
        return format_percent(float(value), language)
    if kind == "money":
        return format_money(value, language)
    if kind == "date":
        return format_date(value, language)
    if kind == "period":
        return format_period(value, language)
    return str(value)


def format_field(field: FieldDef, value: Any, language: str) -> str:
    return format_simple(field.kind, value, language, field.options)


def format_form_item(form: FormDef, item: dict[str, Any], language: str) -> str:
    unit = item.get("unit")  # a KPI's figures are in its unit: "2,4 %", "€ 15.000,50", not "2,4", "15.000,5"
    parts = [f"{f.label(language)}: "
             + (format_kpi_value(float(item[f.name]), unit, language) if unit and f.kind == "number"
                else format_field(f, item.get(f.name), language))
             for f in form.fields if item.get(f.name) not in (None, "")]
    return "; ".join(parts)


def format_answer(flow: Flow, question: Question, value: Any, language: str) -> str:
    """One line (or a few) showing an answer, for summaries, edits and confirmations."""
    if question.is_form:
        form = flow.forms[question.form or question.kind]
        items = value if isinstance(value, list) else [value]
        return "\n".join(f"• {format_form_item(form, item, language)}" for item in items if isinstance(item, dict))
    if isinstance(value, dict) and "draft" in value:
        return f"{value['draft']} (concept)" if language == "nl" else f"{value['draft']} (draft)"
    return format_simple(question.kind, value, language, question.options, question.axis)
