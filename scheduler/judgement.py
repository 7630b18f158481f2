"""The report's judgement, pure: is a KPI on track, which way is it trending, the team's status.

A KPI whose target is below its baseline (cost per lead, bounce rate) is better when lower.
On track means at least as good as the straight path from the first measured value (or the
baseline) to the target at its deadline; without a deadline, as good as the target itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from scheduler.timing import parse_period

ON_TRACK, OFF_TRACK, MISSING = "on_track", "off_track", "missing"
AWAY, SKIPPED, NO_TARGET = "away", "skipped", "no_target"
NOT_ASKED = "not_asked"  # a quarterly KPI in a month that ends no quarter: no value was asked
# Weakest first: a team's overall status is that of its weakest KPI.
SEVERITY = (OFF_TRACK, MISSING, NO_TARGET, SKIPPED, AWAY, NOT_ASKED, ON_TRACK)
UP, DOWN, FLAT = "up", "down", "flat"


@dataclass(frozen=True)
class KpiFacts:
    name: str
    unit: str | None
    baseline: float | None
    target: float | None
    deadline: date | None
    history: tuple[tuple[str, float | None], ...]  # (period, value) oldest first, up to and including now


def lower_is_better(facts: KpiFacts) -> bool:
    return facts.baseline is not None and facts.target is not None and facts.target < facts.baseline


@lru_cache(maxsize=4096)
def _month_index(period: str) -> int:
    year, month = parse_period(period)
    return year * 12 + month - 1


def expected_value(facts: KpiFacts, period: str) -> float | None:
    """Where the KPI should be by `period` on the straight path to its target."""
    return expected_path(facts, (period,))[0]


def expected_path(facts: KpiFacts, periods: Sequence[str]) -> list[float | None]:
    """`expected_value` for several periods at once (the chart's target line), reading the history once."""
    if facts.target is None:
        return [None] * len(periods)
    first_measured = next(((p, v) for p, v in facts.history if v is not None), None)
    start = facts.baseline if facts.baseline is not None else (first_measured[1] if first_measured else None)
    if facts.deadline is None or start is None or first_measured is None:
        return [facts.target] * len(periods)
    first = _month_index(first_measured[0])
    span = _month_index(f"{facts.deadline.year:04d}-{facts.deadline.month:02d}") - first
    if span <= 0:
        return [facts.target] * len(periods)
    target = facts.target
    return [start + (target - start) * min(1.0, max(0.0, (_month_index(p) - first) / span)) for p in periods]


def judge(facts: KpiFacts, period: str, value: float | None) -> str:
    if value is None:
        return MISSING
    expected = expected_value(facts, period)
    if expected is None:
        return NO_TARGET
    good = value <= expected if lower_is_better(facts) else value >= expected
    return ON_TRACK if good else OFF_TRACK


def trend(values: Sequence[float | None], tolerance: float = 0.01) -> str:
    """Direction of the last two known values (a change under 1 % is flat)."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return FLAT
    before, now = known[-2], known[-1]
    scale = max(abs(before), 1e-9)
    if abs(now - before) / scale < tolerance:
        return FLAT
    return UP if now > before else DOWN


def improving(facts: KpiFacts) -> bool | None:
    direction = trend([v for _, v in facts.history])
    if direction == FLAT:
        return None
    return (direction == DOWN) if lower_is_better(facts) else (direction == UP)


def overall(statuses: Sequence[str]) -> str:
    """The team's status is its weakest KPI's."""
    if not statuses:
        return MISSING
    return min(statuses, key=SEVERITY.index)


JUDGED = (ON_TRACK, OFF_TRACK, NO_TARGET)


def overall_of_known(statuses: Sequence[str]) -> tuple[str, int]:
    """The team's status judged on the KPIs that have a value (a skipped or missing one says nothing about
    the rest being on track), and how many that were; the weakest status when none has a value."""
    known = [s for s in statuses if s in JUDGED]
    return (overall(known) if known else overall(statuses)), len(known)
