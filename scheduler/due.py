"""What is due: a pure function of (now, the team's schedule and zone, holidays, KPI state) → posts.

No database and no clock here: the scan loads a `TeamState`, calls `due_posts(now, state)` and
writes each post to the outbox under its unique key (team, kind, period, recipient). Because
the key decides, calling this twice, from two processes, or after a restart posts nothing twice.

A period is the month being measured ("2027-01" is January), and it is measured once it has
ended: the reminder for January goes out on the team's day in February (moved to a working day).
Entry opens `open_days` before that; up to `nudges` nudges `nudge_days` apart go to owners still
missing; at the deadline an escalation to the project manager, only if a reminder went out; the
report when every value is in, or at the deadline; the evaluation prompt `evaluation_days` later;
the leadership summary two working days after that. Project managers get a weekly check-in on
`checkin_weekday`.

What was already posted (`TeamState.posted`, read from the outbox) moves the rest of a period: a
reminder that went out late (a schedule moved to an earlier day after this month's time had
passed) starts the nudges and the deadline from when it went out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from scheduler.timing import (
    Calendar,
    add_working_days,
    at_local,
    local_date,
    next_working_day,
    next_working_hour,
    nominal_day,
    parse_period,
    period_of,
    shift_period,
    week_of,
)

NUDGE_KINDS = ("nudge1", "nudge2")
KINDS = ("reminder", "nudge1", "nudge2", "escalation", "report", "evaluation", "leadership", "checkin", "experiment")
# A post older than this is not sent any more (a team set up on the 20th gets no reminder of the 3rd).
STALE_AFTER = {"nudge1": timedelta(hours=12), "nudge2": timedelta(hours=12), "checkin": timedelta(days=1)}
DEFAULT_STALE = timedelta(days=3)
LEADERSHIP_AFTER_EVALUATION_DAYS = 2
QUARTER_ENDS = (3, 6, 9, 12)  # the months whose reminder asks a quarterly KPI's value


@dataclass(frozen=True)
class ScheduleView:
    day_of_month: int = 3
    hour: int = 9
    timezone: str = "Europe/Amsterdam"
    country: str = "NL"
    open_days: int = 3
    nudge_days: int = 2
    deadline_days: int = 7
    evaluation_days: int = 2
    checkin_weekday: int = 0
    leadership_channel: str | None = None
    paused: bool = False
    nudges: int = 2  # how many nudges before the escalation (0, 1 or 2)
    changed_at: datetime | None = None  # when the schedule was last changed (a moved day may need a catch-up)

    @property
    def calendar(self) -> Calendar:
        return Calendar(self.timezone, self.hour, self.country)


@dataclass(frozen=True)
class KpiView:
    id: int
    name: str
    owner: str | None  # the owning member's external id; None when the owner text matched nobody
    quarterly: bool = False  # its target is per quarter: its value is asked when a quarter ends


@dataclass(frozen=True)
class ValueView:
    status: str  # entered | skipped
    entered_at: datetime


@dataclass(frozen=True)
class AwayView:
    person: str
    start: date
    end: date


@dataclass(frozen=True)
class ExperimentView:
    id: int
    end_period: str
    status: str


@dataclass(frozen=True)
class TeamState:
    team_id: int
    schedule: ScheduleView
    kpis: tuple[KpiView, ...] = ()
    values: Mapping[tuple[int, str], ValueView] = field(default_factory=dict)  # (kpi id, period)
    away: tuple[AwayView, ...] = ()
    managers: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    experiments: tuple[ExperimentView, ...] = ()
    posted: Mapping[tuple[str, str], datetime] = field(default_factory=dict)  # (kind, period) → first due_at
    # period → its times, worked out once: the state never changes, and a scan asks for them many times.
    _times: dict[str, PeriodTimes] = field(default_factory=dict, compare=False, repr=False)

    def nudges_posted(self, period: str) -> int:
        return sum((kind, period) in self.posted for kind in NUDGE_KINDS)


@dataclass(frozen=True)
class Post:
    kind: str
    period: str
    recipient: str  # "channel" | "user:<external id>" | "leadership" | "exp:<id>"
    due_at: datetime
    kpi_ids: tuple[int, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.period, self.recipient)


@dataclass(frozen=True)
class PeriodTimes:
    opens: datetime
    reminder: datetime
    nudges: tuple[datetime, ...]
    deadline: datetime
    report: datetime
    evaluation: datetime
    leadership: datetime


def _is_away(state: TeamState, person: str | None, start: date, end: date | None = None) -> bool:
    end = end or start
    return person is not None and any(a.person == person and a.start <= end and start <= a.end for a in state.away)


def reminder_day(period: str, schedule: ScheduleView) -> date:
    """The day the reminder for `period` is due: the team's day in the month after it, on a working day."""
    return next_working_day(nominal_day(shift_period(period, 1), schedule.day_of_month), schedule.country)


def _catch_up(period: str, state: TeamState, nominal: datetime) -> datetime | None:
    """When a reminder missed because the schedule moved goes out: the next working hour after the change.

    Only for a change made after this month's reminder time had passed, in the same month: a team
    that moves its day from the 20th to the 3rd on 10 February is reminded on the 10th, not never.
    """
    s = state.schedule
    changed = s.changed_at
    if changed is None or changed <= nominal:
        return None
    cal = s.calendar
    if period_of(local_date(changed, cal)) != period_of(local_date(nominal, cal)):
        return None
    return next_working_hour(changed, cal)


def reminder_time(period: str, state: TeamState) -> datetime:
    """When the reminder for `period` went out, or goes out (its nominal time, or a catch-up)."""
    posted = state.posted.get(("reminder", period))
    if posted is not None:
        return posted
    nominal = at_local(reminder_day(period, state.schedule), state.schedule.calendar)
    return _catch_up(period, state, nominal) or nominal


def period_times(period: str, state: TeamState) -> PeriodTimes:
    known = state._times.get(period)
    if known is None:
        known = state._times[period] = _period_times(period, state)
    return known


def _period_times(period: str, state: TeamState) -> PeriodTimes:
    s = state.schedule
    cal = s.calendar
    nominal_day_ = reminder_day(period, s)
    reminder = reminder_time(period, state)
    day = local_date(reminder, cal)
    deadline_day = add_working_days(day, s.deadline_days, s.country)
    deadline = at_local(deadline_day, cal)
    # Each nudge counts from the one before, so a weekend or holiday never piles two onto one day.
    nudge_days: list[date] = []
    for _ in range(max(0, min(s.nudges, len(NUDGE_KINDS)))):
        nudge_days.append(add_working_days(nudge_days[-1] if nudge_days else day, s.nudge_days, s.country))
    nudges = tuple(at for d in nudge_days if (at := at_local(d, cal)) < deadline)
    report = deadline
    asked = kpis_asked(state, period)
    entered = [state.values.get((k.id, period)) for k in asked]
    if asked and all(v is not None or _is_away(state, k.owner, day, deadline_day)
                     for k, v in zip(asked, entered, strict=True)):
        last = max((v.entered_at for v in entered if v is not None), default=reminder)
        report = min(deadline, max(reminder, last))
    evaluation_day = add_working_days(local_date(report, cal), s.evaluation_days, s.country)
    leadership_day = add_working_days(evaluation_day, LEADERSHIP_AFTER_EVALUATION_DAYS, s.country)
    opens = at_local(min(nominal_day_, day) - timedelta(days=s.open_days), cal)
    return PeriodTimes(
        opens=opens, reminder=reminder, nudges=nudges, deadline=deadline, report=report,
        evaluation=at_local(evaluation_day, cal), leadership=at_local(leadership_day, cal),
    )


def open_period(now: datetime, state: TeamState) -> str:
    """The period values are entered for now: the newest one whose entry has opened.

    With the reminder on the 3rd, that is last month from three days before the 3rd; with the 31st,
    last month's values are still being collected until late in this month.
    """
    current = period_of(local_date(now, state.schedule.calendar))
    for back in (0, 1, 2):
        period = shift_period(current, -back)
        if period_times(period, state).opens <= now:
            return period
    return shift_period(current, -3)


def reported_period(now: datetime, state: TeamState) -> str:
    """The newest period whose report is out (or due): the one to evaluate."""
    period = open_period(now, state)
    return period if period_times(period, state).report <= now else shift_period(period, -1)


def entry_period(now: datetime, state: TeamState, kpi_id: int) -> str:
    """Where a value typed without a month goes: the open period, or, once that KPI has its value there
    and the month after it has ended, that next month (a value entered early). A quarterly KPI's value
    goes to the quarter's last month: in January, December's."""
    period = open_period(now, state)
    kpi = next((k for k in state.kpis if k.id == kpi_id), None)
    if kpi is not None and kpi.quarterly:
        while not asked_in(kpi, period):
            period = shift_period(period, -1)
        return period
    following = shift_period(period, 1)
    current = period_of(local_date(now, state.schedule.calendar))
    if (kpi_id, period) in state.values and following < current:
        return following
    return period


def asked_in(kpi: KpiView, period: str) -> bool:
    """Whether `period`'s reminder asks this KPI's value: a KPI whose target is per quarter only for the
    month a quarter ends (its value then covers the quarter), every other KPI every month."""
    return not kpi.quarterly or parse_period(period)[1] in QUARTER_ENDS


def kpis_asked(state: TeamState, period: str) -> tuple[KpiView, ...]:
    return tuple(k for k in state.kpis if asked_in(k, period))


def missing_owners(state: TeamState, period: str, on: date, until: date | None = None) -> dict[str | None, list[int]]:
    """Owner → KPI ids without a value or a skip for `period`, leaving out owners away then."""
    missing: dict[str | None, list[int]] = {}
    for kpi in kpis_asked(state, period):
        if (kpi.id, period) in state.values or _is_away(state, kpi.owner, on, until):
            continue
        missing.setdefault(kpi.owner, []).append(kpi.id)
    return missing


def _was_asked(period: str, state: TeamState, day: date) -> bool:
    """Whether this period's values were asked for: its reminder went out, values came in anyway, or everyone
    was away. Not so for a team set up after the reminder went stale: it gets no report of a month nobody was
    asked to measure ("Totaal: ontbreekt" for every KPI), nor the prompt to evaluate it. (The leadership
    summary still goes: it shows the strategy and the evaluations as well.)"""
    if ("reminder", period) in state.posted:
        return True
    asked = kpis_asked(state, period)
    return any((k.id, period) in state.values for k in asked) or all(_is_away(state, k.owner, day) for k in asked)


def _recipient(owner: str | None) -> str:
    return f"user:{owner}" if owner else "channel"


def _period_posts(period: str, state: TeamState) -> list[Post]:
    s = state.schedule
    cal = s.calendar
    times = period_times(period, state)
    reminded = ("reminder", period) in state.posted
    posts: list[Post] = []
    if state.kpis:
        day = local_date(times.reminder, cal)
        owners: dict[str | None, list[int]] = {}
        for kpi in kpis_asked(state, period):  # one message per person, however many KPIs (or roles) they have
            owners.setdefault(kpi.owner, []).append(kpi.id)
        for owner, ids in owners.items():
            entered_early = all((i, period) in state.values for i in ids)
            if not _is_away(state, owner, day) and not entered_early:
                posts.append(Post("reminder", period, _recipient(owner), times.reminder, tuple(ids)))
        if reminded:  # nudges and the escalation follow a reminder, never stand in for one
            for kind, at in zip(NUDGE_KINDS, times.nudges, strict=False):
                for owner, ids in missing_owners(state, period, local_date(at, cal)).items():
                    posts.append(Post(kind, period, _recipient(owner), at, tuple(ids)))
            late = missing_owners(state, period, day, local_date(times.deadline, cal))
            if late:
                ids = tuple(i for group in late.values() for i in group)
                for manager in state.managers or (None,):
                    posts.append(Post("escalation", period, _recipient(manager), times.deadline, ids))
        for exp in state.experiments:
            if exp.status == "running" and exp.end_period < shift_period(period, 1):
                posts.append(Post("experiment", period, f"exp:{exp.id}", times.reminder))
        if _was_asked(period, state, day):
            posts.append(Post("report", period, "channel", times.report))
            posts.append(Post("evaluation", period, "channel", times.evaluation))
    if s.leadership_channel:
        posts.append(Post("leadership", period, "leadership", times.leadership))
    else:
        posts.extend(Post("leadership", period, f"user:{p}", times.leadership) for p in state.leaders)
    return posts


def _checkin_posts(today: date, state: TeamState) -> list[Post]:
    s = state.schedule
    posts = []
    for weeks_back in (1, 0):
        monday = today - timedelta(days=today.weekday(), weeks=weeks_back)
        nominal = monday + timedelta(days=s.checkin_weekday)
        day = next_working_day(nominal, s.country)
        at = at_local(day, s.calendar)
        posts.extend(Post("checkin", week_of(nominal), f"user:{m}", at) for m in state.managers)
    return posts


def due_posts(now: datetime, state: TeamState) -> list[Post]:
    """Every post of this team that is due at `now` and not yet stale (duplicates are the outbox's job)."""
    if state.schedule.paused:
        return []
    today = local_date(now, state.schedule.calendar)
    current = period_of(today)
    # Last month is measured this month; the month before may still run (a day-31 team's leadership summary).
    candidates = _period_posts(shift_period(current, -2), state) + _period_posts(shift_period(current, -1), state)
    candidates += _checkin_posts(today, state)
    return [p for p in candidates if p.due_at <= now and now - p.due_at < STALE_AFTER.get(p.kind, DEFAULT_STALE)]


def next_due(now: datetime, state: TeamState, horizon: timedelta = timedelta(days=40)) -> datetime | None:
    """The first instant after `now` at which something of this team becomes due (for the simulator)."""
    today = local_date(now, state.schedule.calendar)
    current = period_of(today)
    instants: set[datetime] = set()
    for period in (shift_period(current, -2), shift_period(current, -1), current):
        instants.update(p.due_at for p in _period_posts(period, state))
    for week in range(0, 7):
        instants.update(p.due_at for p in _checkin_posts(today + timedelta(weeks=week), state))
    later = sorted(t for t in instants if now < t <= now + horizon)
    return later[0] if later else None
