"""Entering KPI values: reading the number people type, and saving it for the right period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.parsing import ParseError, parse_number, split_trailing_number
from scheduler.due import TeamState, period_times
from storage.cycle_models import KpiValue
from storage.models import Kpi
from storage.repo import kpi_key

SKIP_WORDS = ("overslaan", "skip", "sla over", "n.v.t.", "nvt", "n/a")


def parse_value(text: str, language: str = "nl") -> float:
    """A KPI value as people type it (`2,4`, `1.250`, `€ 1.250,50`, `12%`, `5k`): the coach's one number
    parser, so a value reads the same here as in the strategy questions. Raises ValueError (ParseError)."""
    return float(parse_number(text, language))


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
    return split_trailing_number(arg)  # "bezoekers 1 250" (Belgian thousands): the value is 1250


def is_value_argument(arg: str) -> bool:
    """Whether `waarde <arg>` enters a value ("conversie 2,4", "nps overslaan"), not an answer that
    merely starts with the word ("waarde voor klanten staat centraal")."""
    name, raw = split_name_and_value(arg)
    if not name:
        return False
    if raw.lower() in SKIP_WORDS:
        return True
    try:
        parse_value(raw)
    except (ParseError, ValueError):
        return False
    return True


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
