"""The coach's words: SMART hints for KPIs (seed 001), the ROI formula, and the facts a challenge names.

Which answers are challenged is data (flows/data/rules.yaml) matched in flows/rules.py; this module
turns a rule that fired into sentences a marketer recognises. Nothing here guesses silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from string import Formatter
from typing import Any

from flows import messages as M
from flows.definition import Text
from flows.formatting import format_kpi_value, format_money, format_number, format_percent

SMART_FIELDS = ("target", "deadline", "owner")


def smart_missing(kpi: dict[str, Any]) -> list[str]:
    """The SMART parts a KPI lacks: no number to reach (measurable), no deadline, nobody owning it."""
    return [name for name in SMART_FIELDS if kpi.get(name) in (None, "")]


def roi_percent(revenue: float, cost: float) -> float:
    """ROI (%) = ((revenue - cost) / cost) x 100, as in seed 001."""
    if cost <= 0:
        raise ValueError("cost must be positive")
    return (revenue - cost) / cost * 100


def complete_roi(item: dict[str, Any]) -> dict[str, Any] | None:
    """Fill in revenue (conversions x value) and the ROI; None when revenue can't be known."""
    cost = item["cost"]["amount"]
    revenue = item.get("revenue")
    if revenue is None:
        conversions, value = item.get("conversions"), item.get("value")
        if conversions is None or value is None:
            return None
        revenue = {"amount": float(conversions) * value["amount"], "currency": value.get("currency", "EUR")}
    if cost <= 0:
        return None
    return {**item, "revenue": revenue, "roi": round(roi_percent(revenue["amount"], cost), 2)}


def explain_roi(item: dict[str, Any], language: str) -> str:
    cost, revenue = item["cost"], item["revenue"]
    per_euro = format_money(revenue["amount"] / cost["amount"], language)
    return M.ROI_RESULT(language).format(
        revenue=format_money(revenue, language), cost=format_money(cost, language),
        roi=f"{format_number(item['roi'], language)}%",
        meaning=M.ROI_MEANING(language).format(per_euro=per_euro),
    ) + " " + M.ROI_NOTE(language)


# --- challenges: the words of a rule that fired, and the context a question is asked with ---------

class _Blank(dict):  # type: ignore[type-arg]
    """Placeholders nobody filled in read as nothing rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, facts: Mapping[str, Any]) -> str:
    return " ".join(template.format_map(_Blank({k: v for k, v in facts.items() if v is not None})).split())


def _listed(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value) if value not in (None, "") else ""


def touchpoints_of(journeys: Sequence[Any]) -> list[str]:
    """The journeys' touchpoints in the order a persona meets them (before, during, after), each once."""
    seen: dict[str, str] = {}
    for journey in journeys:
        if not isinstance(journey, Mapping):
            continue
        for phase in ("before", "during", "after"):
            for point in str(journey.get(f"{phase}_touchpoints") or "").replace(";", ",").split(","):
                if point.strip():
                    seen.setdefault(point.strip().casefold(), point.strip())
    return list(seen.values())


def answer_facts(values: Mapping[tuple[str, str], Any], item: str, language: str) -> dict[str, str]:
    """What challenges and question contexts may name: the group's motives, the team's strengths, ..."""
    persona = values.get(("focus_groups.persona", item))
    persona = persona if isinstance(persona, dict) else {}
    audiences = values.get(("audiences.groups", ""))
    budget = values.get(("budget.monthly", ""))
    journeys = [values.get(("journey.journey", str(g))) for g in values.get(("focus_groups.groups", "")) or []]
    competitors = _listed(values.get(("data_analysis.competitors", "")))
    return {
        "item": item,
        "audiences": " ".join(f"{n}. {a}" for n, a in enumerate(audiences, 1)) if isinstance(audiences, list) else "",
        "motives": str(persona.get("buying_motives") or ""),
        "behaviour": str(persona.get("behaviour") or ""),
        "strengths": _listed(values.get(("data_analysis.strengths", ""))),
        "competitors": competitors or ("de concurrentie" if language != "en" else "the competition"),
        "touchpoints": ", ".join(touchpoints_of(journeys)),
        "budget": format_money(budget, language) if isinstance(budget, dict) else "",
    }


def context_lines(templates: Sequence[Text], facts: Mapping[str, str], language: str) -> list[str]:
    """The lines shown with a question; a line whose placeholders are not all known is left out."""
    lines = []
    for template in templates:
        text = template(language)
        names = [n for _, n, _, _ in Formatter().parse(text) if n]
        if all(facts.get(n) for n in names):
            lines.append(fill(text, facts))
    return lines


def smart_words(missing: Sequence[str], language: str) -> str:
    return ", ".join(M.SMART_MISSING[name](language) for name in missing if name in M.SMART_MISSING)


def steep_words(facts: Mapping[str, Any], language: str) -> str:
    if facts.get("why") == "no_baseline":
        return M.STEEP_NO_BASELINE(language)
    unit = facts.get("unit")  # "van € 10.000 naar € 15.000,50", "van 2,4 % naar 5 %"
    return M.STEEP_RATIO(language).format(baseline=format_kpi_value(float(facts["baseline"]), unit, language),
                                          target=format_kpi_value(float(facts["target"]), unit, language))


def roi_line(item: Mapping[str, Any], language: str) -> str | None:
    """`ROI 100 % (op omzet, niet op marge)`: shown wherever the budget is."""
    if not isinstance(item, Mapping) or item.get("roi") is None:
        return None
    return M.ROI_LINE(language).format(roi=format_percent(float(item["roi"]), language))
