"""Loading what the cycle needs from the database, in a few bulk queries for every team at once.

The scan runs every minute over all teams (10,000 in the benchmark) in batches, so nothing here
queries per team: each table is read once per batch (an IN list of its team ids) and grouped in
memory.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.types import Role
from scheduler.due import AwayView, ExperimentView, KpiView, ScheduleView, TeamState, ValueView
from scheduler.timing import country_of_timezone, period_of, shift_period
from storage.cycle_models import AwayPeriod, CycleSchedule, Experiment, KpiValue, OutboxMessage
from storage.models import Kpi, Member, MemberRole, Team, Workspace, as_utc

if TYPE_CHECKING:
    from scheduler.inputs import CheckinInputs, LeadershipInputs

_VALUES = KpiValue.__table__
_MENTION = re.compile(r"<@(?P<id>[A-Za-z0-9]+)(?:\|(?P<name>[^>]+))?>")


@dataclass
class TeamBundle:
    """One team as the scan and the content builders see it."""

    team_id: int
    platform: str
    workspace: str
    external_id: str
    name: str
    language: str
    state: TeamState
    kpis: list[Kpi] = field(default_factory=list)
    members: dict[str, str] = field(default_factory=dict)  # external id -> display name
    values: dict[tuple[int, str], KpiValue] = field(default_factory=dict)
    history: dict[tuple[int, str], KpiValue] | None = None  # every period's values, once a report needs them
    # What check-ins, summaries and experiment prompts show, once one is due (scheduler/inputs.py).
    checkin_inputs: CheckinInputs | None = None
    leadership_inputs: LeadershipInputs | None = None
    experiments: dict[int, Experiment] | None = None

    def person(self, external_id: str | None) -> str:
        return self.members.get(external_id or "", external_id or "")


def resolve_owner(owner: str | None, members: Mapping[str, str]) -> str | None:
    """The member a KPI's free-text owner means: a mention (<@U123>), an id, or a name, any case."""
    if not owner:
        return None
    text = owner.strip()
    mention = _MENTION.fullmatch(text)
    if mention:
        return mention["id"]
    text = text.lstrip("@").casefold()
    for external_id, name in members.items():
        if external_id.casefold() == text or (name or "").casefold() == text:
            return external_id
    return None


def schedule_view(row: CycleSchedule | None, team_timezone: str) -> ScheduleView:
    if row is None:
        return ScheduleView(timezone=team_timezone, country=country_of_timezone(team_timezone))
    return ScheduleView(
        day_of_month=row.day_of_month, hour=row.hour, timezone=row.timezone,
        country=row.country or country_of_timezone(row.timezone),
        open_days=row.open_days, nudge_days=row.nudge_days, deadline_days=row.deadline_days,
        evaluation_days=row.evaluation_days, checkin_weekday=row.checkin_weekday,
        leadership_channel=row.leadership_channel, paused=row.paused,
        nudges=row.nudges if row.nudges is not None else 2,
        changed_at=as_utc(row.updated_at) if row.updated_at else None,
    )


def relevant_periods(now: datetime) -> list[str]:
    """The periods a scan can touch: the two being measured or reported, the one before, this month."""
    current = period_of(now.date())
    return [shift_period(current, n) for n in (-3, -2, -1, 0)]


async def cycle_team_ids(session: AsyncSession) -> set[int]:
    """Every team in the cycle: it has KPIs, a schedule or a project manager."""
    ids = set(await session.scalars(select(Kpi.team_id).where(Kpi.active.is_(True)).distinct()))
    ids |= set(await session.scalars(select(CycleSchedule.team_id)))
    ids |= set(await session.scalars(
        select(Member.team_id).join(MemberRole, MemberRole.member_id == Member.id).distinct()))
    return ids


async def load_bundles(session: AsyncSession, now: datetime, team_ids: Iterable[int] | None = None) -> list[TeamBundle]:
    """The teams `team_ids` (a batch: one IN list per table), or every team in the cycle."""
    ids = set(team_ids) if team_ids is not None else await cycle_team_ids(session)
    if not ids:
        return []
    id_list = sorted(ids)

    def where_team(column):  # type: ignore[no-untyped-def]
        return column.in_(id_list)

    teams = (await session.execute(
        select(Team, Workspace.platform, Workspace.external_id)
        .join(Workspace, Team.workspace_id == Workspace.id).where(where_team(Team.id))
    )).all()
    schedules = {s.team_id: s for s in await session.scalars(select(CycleSchedule).where(
        where_team(CycleSchedule.team_id)))}
    kpis: dict[int, list[Kpi]] = defaultdict(list)
    for kpi in await session.scalars(select(Kpi).where(where_team(Kpi.team_id), Kpi.active.is_(True))
                                     .order_by(Kpi.id)):
        kpis[kpi.team_id].append(kpi)
    members: dict[int, dict[str, str]] = defaultdict(dict)
    member_ext: dict[int, tuple[int, str]] = {}
    for m in await session.scalars(select(Member).where(where_team(Member.team_id))):
        members[m.team_id][m.external_id] = m.name or m.external_id
        member_ext[m.id] = (m.team_id, m.external_id)
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for member_id, role in (await session.execute(select(MemberRole.member_id, MemberRole.role).where(
            MemberRole.member_id.in_(list(member_ext) or [0])))).all():
        if member_id in member_ext:
            team_id, ext = member_ext[member_id]
            roles[team_id][role].append(ext)
    values: dict[int, dict[tuple[int, str], KpiValue]] = defaultdict(dict)
    # Plain rows (the same attribute names): thousands of values per batch, no ORM identity to keep.
    for v in await session.execute(select(_VALUES).where(where_team(_VALUES.c.team_id),
                                                         _VALUES.c.period.in_(relevant_periods(now)))):
        values[v.team_id][(v.kpi_id, v.period)] = v
    away: dict[int, list[AwayView]] = defaultdict(list)
    today = now.date()
    for a in await session.scalars(select(AwayPeriod).where(where_team(AwayPeriod.team_id),
                                                            AwayPeriod.end >= date(today.year - 1, 1, 1))):
        away[a.team_id].append(AwayView(a.person, a.start, a.end))
    experiments: dict[int, list[ExperimentView]] = defaultdict(list)
    for e in await session.scalars(select(Experiment).where(where_team(Experiment.team_id),
                                                            Experiment.status == "running")):
        experiments[e.team_id].append(ExperimentView(e.id, e.end_period, e.status))
    posted: dict[int, dict[tuple[str, str], datetime]] = defaultdict(dict)
    for team_id, kind, period, first in (await session.execute(
            select(OutboxMessage.team_id, OutboxMessage.kind, OutboxMessage.period, func.min(OutboxMessage.due_at))
            .where(where_team(OutboxMessage.team_id), OutboxMessage.period.in_(relevant_periods(now)))
            .group_by(OutboxMessage.team_id, OutboxMessage.kind, OutboxMessage.period))).all():
        posted[team_id][(kind, period)] = as_utc(first)

    bundles = []
    for team, platform, workspace in teams:
        if team.id not in ids:
            continue
        team_members = members.get(team.id, {})
        state = TeamState(
            team_id=team.id,
            schedule=schedule_view(schedules.get(team.id), team.timezone),
            kpis=tuple(KpiView(k.id, k.name, resolve_owner(k.owner, team_members), k.period == "quarter")
                       for k in kpis.get(team.id, [])),
            values={key: ValueView(v.status, as_utc(v.entered_at)) for key, v in values.get(team.id, {}).items()},
            away=tuple(away.get(team.id, [])),
            managers=tuple(sorted(roles[team.id].get(Role.PROJECT_MANAGER, []))),
            leaders=tuple(sorted(roles[team.id].get(Role.LEADERSHIP, []))),
            experiments=tuple(experiments.get(team.id, [])),
            posted=posted.get(team.id, {}),
        )
        bundles.append(TeamBundle(
            team_id=team.id, platform=platform, workspace=workspace, external_id=team.external_id,
            name=team.name or team.external_id, language=team.language, state=state,
            kpis=kpis.get(team.id, []), members=dict(team_members), values=values.get(team.id, {}),
        ))
    return bundles


async def preload_history(session: AsyncSession, bundles: Iterable[TeamBundle]) -> None:
    """Every period's values of these teams in one query, for the batch's reports and summaries."""
    wanted = {b.team_id: b for b in bundles if b.history is None}
    if not wanted:
        return
    for bundle in wanted.values():
        bundle.history = {}
    for v in await session.execute(select(_VALUES).where(_VALUES.c.team_id.in_(sorted(wanted)))):
        wanted[v.team_id].history[(v.kpi_id, v.period)] = v  # type: ignore[index]

