"""Entering KPI values: reading the number people type, and saving it for the right period."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.due import TeamState, period_times
from storage.cycle_models import KpiValue
from storage.models import Kpi
from storage.repo import kpi_key

SKIP_WORDS = ("overslaan", "skip", "sla over", "n.v.t.", "nvt", "n/a")
_NUMBER = re.compile(r"^[-+]?[\d.,]+$")


def parse_value(text: str) -> float:
    """2,4 / 2.4 / 1.250 / 1,250.5 / € 1.250,50 / 12% → a float; ValueError otherwise.

    A single separator followed by exactly three digits is a thousands separator (1.250 = 1250),
    as both Dutch and English writers use it that way; otherwise it is the decimal mark.
    """
    cleaned = re.sub(r"[€$%\s]", "", text.strip()).replace("EUR", "")
    if not cleaned or not _NUMBER.match(cleaned):
        raise ValueError(text)
    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, _, fraction = cleaned.partition(mark)
        cleaned = whole + fraction if len(fraction) == 3 and whole.lstrip("+-") not in ("", "0") else \
            whole + "." + fraction
    elif dots + commas > 1:  # 1.250.000 or 1,250,000
        cleaned = cleaned.replace(".", "").replace(",", "")
    return float(cleaned)


def find_kpi(kpis: Sequence[Kpi], name: str) -> Kpi | None:
    """The KPI a person means: its exact name or key, else the only one that starts with or contains it."""
    wanted = kpi_key(name)
    if not wanted:
        return None
    exact = [k for k in kpis if k.key == wanted]
    if exact:
        return exact[0]
    for test in (lambda k: k.key.startswith(wanted), lambda k: wanted in k.key):
        found = [k for k in kpis if test(k)]
        if len(found) == 1:
            return found[0]
    return None


def split_name_and_value(arg: str) -> tuple[str, str]:
    """"conversieratio webshop 2,4" → ("conversieratio webshop", "2,4"); skip words count as the value."""
    lowered = arg.lower().rstrip()
    for word in SKIP_WORDS:
        if lowered.endswith(" " + word):
            return arg[: len(arg) - len(word)].strip(), word
    name, _, value = arg.rstrip().rpartition(" ")
    return name.strip(), value.strip()


async def save_value(session: AsyncSession, state: TeamState, kpi: Kpi, period: str, value: float | None,
                     who: str, now: datetime) -> KpiValue:
    """Insert or correct a value; `entered_at` keeps the first entry, `late` says after the deadline."""
    late = now > period_times(period, state).deadline
    row = await session.scalar(select(KpiValue).where(KpiValue.kpi_id == kpi.id, KpiValue.period == period))
    status = "skipped" if value is None else "entered"
    if row is None:
        row = KpiValue(team_id=kpi.team_id, kpi_id=kpi.id, period=period, value=value, status=status, late=late,
                       entered_by=who, entered_at=now, updated_at=now)
        session.add(row)
    else:
        row.value, row.status, row.late, row.entered_by, row.updated_at = value, status, late, who, now
    await session.flush()
    return row
