"""The KPIs of the strategy: each with its unit, funnel stage by name, deadline in words, and its history.

A KPI names its focus group (or `overall`); one whose group is no longer chosen stays visible
with the overall KPIs (it is still measured every month) and is flagged under the attention points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flows import strategy_labels as L
from flows.coaching import smart_missing
from flows.definition import Flow
from flows.formatting import _MONTHS, format_date, format_kpi_value

OVERALL = "overall"


@dataclass(frozen=True)
class KpiPoint:
    period: str  # "2027-01"
    label: str  # "januari 2027"
    short: str  # "jan 27", for a chart's axis
    value: float | None
    text: str  # "2,4 %", or "niet gemeten"


@dataclass(frozen=True)
class Kpi:
    name: str
    focus_group: str | None  # a current focus group's name, a removed group's name, or None (overall)
    goal: str | None
    funnel: str | None  # "Conversie"
    period: str | None  # "per maand"
    unit: str | None  # count | percent | money
    baseline: str
    target: str
    deadline: str | None  # in words
    owner: str | None
    source: str | None
    line: str  # "Conversieratio webshop: 2,5 % vóór 30 juni 2027"
    missing: tuple[str, ...]  # the SMART parts it lacks, in words
    baseline_value: float | None
    target_value: float | None
    deadline_iso: str | None
    history: tuple[KpiPoint, ...]


_SHORT = {"nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
          "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}


def short_month(period: str, language: str) -> str:
    year, month = (int(p) for p in period.split("-")[:2])
    return f"{_SHORT['en' if language == 'en' else 'nl'][month - 1]} {year % 100:02d}"


def month_label(period: str, language: str) -> str:
    year, month = (int(p) for p in period.split("-")[:2])
    return f"{_MONTHS['en' if language == 'en' else 'nl'][month - 1]} {year}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _option_labels(flow: Flow, field_name: str, language: str) -> dict[str, str]:
    form = flow.forms.get("kpi")
    field = next((f for f in form.fields if f.name == field_name), None) if form else None
    labels = {}
    for option in field.options if field else ():
        label = option.label(language)
        # "Bewustwording (see)": the stage's name, without the funnel's code word
        if label.endswith(f"({option.value})"):
            label = label[: -len(option.value) - 2].strip()
        labels[option.value] = label
    return labels


def _history(values: Sequence[tuple[str, float | None]], unit: str | None, language: str) -> tuple[KpiPoint, ...]:
    points = []
    for period, value in sorted(values):
        number = _number(value)
        text = format_kpi_value(number, unit, language) if number is not None else L.NOT_MEASURED(language)
        points.append(KpiPoint(period, month_label(period, language), short_month(period, language), number,
                              text))
    return tuple(points)


def _group(raw: Any, groups: Sequence[str]) -> str | None:
    name = str(raw or "").strip()
    if not name or name.casefold() == OVERALL:
        return None
    return next((g for g in groups if g.casefold() == name.casefold()), name)


def build_kpis(flow: Flow, value: Any, groups: Sequence[str], language: str,
               kpi_values: Mapping[str, Sequence[tuple[str, float | None]]]) -> tuple[Kpi, ...]:
    funnels, periods = _option_labels(flow, "funnel", language), _option_labels(flow, "period", language)
    kpis = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            continue
        name, unit = " ".join(str(item["name"]).split()), item.get("unit")
        baseline, target = _number(item.get("baseline")), _number(item.get("target"))
        deadline_iso = item.get("deadline") if isinstance(item.get("deadline"), str) else None
        try:
            deadline = format_date(date.fromisoformat(deadline_iso).isoformat(), language) if deadline_iso else None
        except ValueError:
            deadline_iso, deadline = None, None
        period = item.get("period")
        period_words = periods.get(period) or (L.KPI_PERIODS[period](language) if period in L.KPI_PERIODS else None)
        if period_words and period_words[:1].isupper() and not period_words.isupper():
            period_words = period_words[0].lower() + period_words[1:]  # "12 per maand", also from "Per maand"
        target_text = format_kpi_value(target, unit, language)
        if target is not None and period_words:
            target_text = f"{target_text} {period_words}"
        line = (L.KPI_LINE if deadline else L.KPI_LINE_NO_DEADLINE)(language).format(
            name=name, target=target_text, deadline=deadline)
        kpis.append(Kpi(
            name=name, focus_group=_group(item.get("focus_group"), groups),
            goal=str(item["goal"]).strip() if item.get("goal") else None,
            funnel=funnels.get(item.get("funnel"), item.get("funnel")) if item.get("funnel") else None,
            period=period_words, unit=unit, baseline=format_kpi_value(baseline, unit, language), target=target_text,
            deadline=deadline, owner=str(item.get("owner") or "").strip() or None,
            source=str(item.get("source") or "").strip() or None, line=line,
            missing=tuple(L.SMART_PARTS[p](language) for p in smart_missing(item) if p in L.SMART_PARTS),
            baseline_value=baseline, target_value=target, deadline_iso=deadline_iso,
            history=_history(kpi_values.get(name, ()), unit, language)))
    return tuple(kpis)
