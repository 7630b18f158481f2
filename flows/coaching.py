"""Coaching rules, kept simple and explainable: SMART checks for KPIs (seed 001) and the ROI formula.

Each rule says what is missing in words a marketer recognises; nothing here guesses silently.
"""

from __future__ import annotations

from typing import Any

from flows import messages as M
from flows.formatting import format_money, format_number

SMART_FIELDS = ("target", "deadline", "owner")


def smart_missing(kpi: dict[str, Any]) -> list[str]:
    """The SMART parts a KPI lacks: no number to reach (measurable), no deadline, nobody owning it."""
    return [name for name in SMART_FIELDS if kpi.get(name) in (None, "")]


def smart_hint(missing: list[str], language: str) -> str:
    reasons = ", ".join(M.SMART_MISSING[name](language) for name in missing)
    return M.SMART_HINT(language).format(missing=reasons)


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
    )
