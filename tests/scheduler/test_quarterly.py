"""A KPI whose target is per quarter is asked for its value only when a quarter ends (March, June, September,
December); in the other months nobody is reminded, nudged or escalated for it, and the report says why it has none."""

from datetime import datetime

from sqlalchemy import select

from flows.types import Inbound
from scheduler.commands import CycleCommands
from scheduler.demo import DEMO_KPIS, seed_demo_team
from scheduler.due import period_times
from scheduler.scan import scan
from scheduler.state import load_bundles
from storage import repo
from storage.cycle_models import KpiValue, OutboxMessage
from storage.models import Kpi, Member, Team

START = datetime.fromisoformat("2027-02-01T08:00:00+00:00")


async def _team(sessions) -> int:  # type: ignore[no-untyped-def]
    """The demo team, with Anna's conversion rate (her only KPI) given a target per quarter."""
    async with sessions() as session, session.begin():
        team = await seed_demo_team(session, "q")
        items = [dict(k, period="quarter") if k["owner"] == "Anna" else dict(k, period="month") for k in DEMO_KPIS]
        await session.run_sync(repo.sync_kpis, team.id, items)
        return team.id


async def _times(sessions, team_id: int, period: str):  # type: ignore[no-untyped-def]
    async with sessions() as session:
        [bundle] = await load_bundles(session, START, [team_id])
    return period_times(period, bundle.state)


async def _rows(sessions, kind: str, period: str) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind,
                                                                     OutboxMessage.period == period)))


def _fields(row: OutboxMessage) -> list[str]:
    return [f["label"] for f in row.payload[0]["form"]["fields"]]


async def test_a_quarterly_kpi_is_not_asked_in_a_month_that_ends_no_quarter(sessions):
    team_id = await _team(sessions)
    times = await _times(sessions, team_id, "2027-02")
    await scan(sessions, times.reminder)
    reminders = {r.recipient: r for r in await _rows(sessions, "reminder", "2027-02")}
    assert set(reminders) == {"user:bram"}  # Anna owns only the quarterly KPI
    assert _fields(reminders["user:bram"]) == ["Nieuwsbriefinschrijvingen", "Kosten per lead"]


async def test_a_quarterly_kpi_is_asked_in_the_reminder_for_the_month_a_quarter_ends(sessions):
    team_id = await _team(sessions)
    times = await _times(sessions, team_id, "2027-03")
    await scan(sessions, times.reminder)
    reminders = {r.recipient: r for r in await _rows(sessions, "reminder", "2027-03")}
    assert set(reminders) == {"user:anna", "user:bram"}
    assert _fields(reminders["user:anna"]) == ["Conversieratio webshop"]


async def test_the_escalation_and_report_of_an_other_month_leave_the_quarterly_kpi_out_of_what_is_missing(sessions):
    team_id = await _team(sessions)
    times = await _times(sessions, team_id, "2027-02")
    await scan(sessions, times.reminder)
    async with sessions() as session, session.begin():  # Bram sends one of his two values
        kpi = await session.scalar(select(Kpi).where(Kpi.team_id == team_id, Kpi.name == "Nieuwsbriefinschrijvingen"))
        session.add(KpiValue(team_id=team_id, kpi_id=kpi.id, period="2027-02", value=650, status="entered",
                             late=False, entered_by="Bram", entered_at=times.reminder, updated_at=times.reminder))
    for moment in (*times.nudges, times.deadline):
        await scan(sessions, moment)
    assert {r.recipient for r in await _rows(sessions, "nudge1", "2027-02")} == {"user:bram"}
    [escalation] = await _rows(sessions, "escalation", "2027-02")
    assert "Conversieratio" not in escalation.payload[0]["text"]
    [report] = await _rows(sessions, "report", "2027-02")
    lines = report.payload[0]["text"].splitlines()
    assert [line for line in lines if "Conversieratio" in line] == [
        "🗓 Conversieratio webshop: — (doel nu 3 %, einddoel 3 %) — per kwartaal gemeten, gevraagd als het "
        "kwartaal om is"]
    # Judged on the monthly KPIs only: of those two, one has its value.
    assert "(beoordeeld op 1 van de 2 KPI's; de rest is niet ingevuld)" in lines[0]


async def test_a_quarterly_value_typed_without_a_month_goes_to_the_quarters_last_month(sessions):
    team_id = await _team(sessions)
    commands = CycleCommands(lambda: datetime.fromisoformat("2027-02-10T10:00:00+00:00"))  # January is open
    async with sessions() as session, session.begin():
        team = await session.get_one(Team, team_id)
        anna = await session.scalar(select(Member).where(Member.team_id == team_id, Member.external_id == "anna"))
        typed = Inbound(platform="console", workspace="local", team="q", user="anna")
        replies = await commands.value(session, team, anna, typed, "conversieratio 2,4", "nl")
    async with sessions() as session:
        row = await session.scalar(select(KpiValue))
    assert row.period == "2026-12"
    assert replies[0].text == "Opgeslagen: Conversieratio webshop = 2,4 % voor december 2026 (te laat ingevuld)."
