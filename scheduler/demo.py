"""A demo team with KPIs, owners, roles and a strategy, for `simulate`, the benchmark and the tests."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from flows.types import Role
from storage import repo
from storage.cycle_models import CycleSchedule
from storage.models import Team

DEMO_KPIS = (
    {"name": "Conversieratio webshop", "funnel": "do", "unit": "percent", "baseline": 2.0, "target": 3.0,
     "deadline": "2027-12-31", "owner": "Anna", "source": "GA4"},
    {"name": "Nieuwsbriefinschrijvingen", "funnel": "think", "unit": "count", "baseline": 400, "target": 600,
     "deadline": "2027-12-31", "owner": "bram", "source": "Mailchimp"},
    {"name": "Kosten per lead", "funnel": "do", "unit": "money", "baseline": 40, "target": 30,
     "deadline": "2027-12-31", "owner": "@Bram", "source": "Google Ads"},
)
DEMO_GROUPS = ("Starters", "Groeiers")
DEMO_PROPOSITIONS = {
    "Starters": "Binnen een week online verkopen, zonder technische kennis.",
    "Groeiers": "Meer omzet uit bestaande klanten met slimme e-mailcampagnes.",
}
DEMO_ACTIONS = (
    {"what": "Landingspagina's herschrijven", "owner": "Anna", "due": "2027-02-01", "priority": "high"},
    {"what": "Welkomstmail-reeks opzetten", "owner": "Bram", "due": "2027-03-15", "priority": "medium"},
)


async def seed_demo_team(session: AsyncSession, name: str = "demo", *, platform: str = "console",
                         workspace: str = "local", timezone: str = "Europe/Amsterdam", language: str = "nl",
                         day_of_month: int = 3, hour: int = 9, leadership_channel: str | None = "directie",
                         with_schedule: bool = True) -> Team:
    ws = await repo.get_or_create_workspace(session, platform, workspace)
    team = await repo.get_or_create_team(session, ws, name, name=name, language=language)
    team.timezone = timezone
    anna = await repo.get_or_create_member(session, team.id, "anna", "Anna")
    await repo.get_or_create_member(session, team.id, "bram", "Bram")
    carla = await repo.get_or_create_member(session, team.id, "carla", "Carla")
    await repo.grant_role(session, anna.id, Role.PROJECT_MANAGER)
    await repo.grant_role(session, carla.id, Role.LEADERSHIP)
    await session.run_sync(repo.sync_kpis, team.id, [dict(k) for k in DEMO_KPIS])
    await repo.add_answer_version(session, team.id, "focus_groups.groups", "", list(DEMO_GROUPS), None, "final", anna)
    for group, text in DEMO_PROPOSITIONS.items():
        await repo.add_answer_version(session, team.id, "propositions.proposition", group, text, None, "final", anna)
    await repo.add_answer_version(session, team.id, "time_knowledge.actions", "", [dict(a) for a in DEMO_ACTIONS],
                                  None, "final", anna)
    if with_schedule:
        session.add(CycleSchedule(team_id=team.id, day_of_month=day_of_month, hour=hour, timezone=timezone,
                                  leadership_channel=leadership_channel))
    await session.flush()
    return team
