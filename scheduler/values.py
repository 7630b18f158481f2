"""Entering KPI values: reading the number people type, checking it can be right, saving it for the
right period."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.parsing import ParseError, parse_number, split_trailing_number
from scheduler import messages as m
from scheduler.due import TeamState, period_times
from storage.cycle_models import KpiValue
from storage.models import Kpi
from storage.repo import kpi_key

SKIP_WORDS = ("overslaan", "skip", "sla over", "n.v.t.", "nvt", "n/a")
_PERIOD_TAIL = re.compile(r"\s+(?:voor|van|over|for|in)\s+(?P<period>\S+(?:\s+\d{4})?)\s*$", re.IGNORECASE)
_MONTH_WORDS = {
    **{name.lower(): n for names in m.MONTHS.values() for n, name in enumerate(names, start=1)},
    **{name.lower(): n for names in m.SHORT_MONTHS.values() for n, name in enumerate(names, start=1)},
    "maa": 3, "okt": 10, "oct": 10, "sept": 9,
}


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


def split_period(arg: str) -> tuple[str, str | None]:
    """"omzet 1.200 voor november" → ("omzet 1.200", "november"); no month named → (arg, None)."""
    found = _PERIOD_TAIL.search(arg)
    if found is None:
        return arg, None
    return arg[: found.start()], found["period"]


def read_period(text: str, today: date) -> str | None:
    """"november", "nov 2026", "2026-11": the month meant, the latest one that has ended when no year is
    given (in January, "december" is last December). None for words that are not a month."""
    words = text.strip().lower().split()
    if len(words) == 1 and re.fullmatch(r"\d{4}-\d{2}", words[0]):
        year, month = int(words[0][:4]), int(words[0][5:])
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    month = _MONTH_WORDS.get(words[0].rstrip(".")) if words else None
    if month is None or len(words) > 2 or (len(words) == 2 and not words[1].isdigit()):
        return None
    if len(words) == 2:
        return f"{int(words[1]):04d}-{month:02d}"
    year = today.year if month < today.month else today.year - 1
    return f"{year:04d}-{month:02d}"


def impossible_value(kpi: Kpi, value: float, language: str) -> str | None:
    """Why a value cannot be right for this KPI (a negative count or rate, a percentage over 100), or None."""
    shown = m.number(value, language)
    if value < 0 and kpi.unit in ("percent", "count"):
        return m.VALUE_NEGATIVE(language).format(kpi=kpi.name, value=shown)
    if kpi.unit == "percent" and value > 100:
        return m.VALUE_OVER_100(language).format(kpi=kpi.name, value=shown)
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
    merely starts with the word ("waarde voor klanten staat centraal"). A month may follow the value
    ("omzet 1.200 voor november")."""
    name, raw = split_name_and_value(split_period(arg)[0])
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
