"""The right month and the right people, driven day by day with a controlled clock over real HTTP."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from flows.types import Inbound
from scheduler.commands import CycleCommands
from scheduler.demo import seed_demo_team
from storage.cycle_models import KpiValue
from storage.models import Kpi, Member, Team

AMS = ZoneInfo("Europe/Amsterdam")
NINE = time(9, 0)


def at(day: date, moment: time = NINE) -> datetime:
    return datetime.combine(day, moment, tzinfo=AMS)


class People:
    """Team members typing and pressing the reminder's form, through the same handlers chat uses."""

    def __init__(self, sessions) -> None:  # type: ignore[no-untyped-def]
        self.sessions = sessions
        self.now = at(date(2027, 1, 1))
        self.commands = CycleCommands(lambda: self.now)

    async def do(self, team_name: str, who: str, handler: str, arg: str = "", **inbound):  # type: ignore[no-untyped-def]
        async with self.sessions() as session, session.begin():
            team = await session.scalar(select(Team).where(Team.external_id == team_name))
            member = await session.scalar(select(Member).where(Member.team_id == team.id, Member.external_id == who))
            event = Inbound(platform="console", workspace="local", team=team_name, user=who, **inbound)
            return await getattr(self.commands, handler)(session, team, member, event, arg, team.language)

    async def fill_in(self, team_name: str, who: str, period: str, values: dict[str, str]):  # type: ignore[no-untyped-def]
        return await self.do(team_name, who, "form", question_id=f"cycle:value:{period}", form=values)


async def _seed(sessions, name: str, **kwargs) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        return (await seed_demo_team(session, name, **kwargs)).id


async def _values(sessions, team_id: int) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        rows = await session.execute(select(Kpi.key, KpiValue.period).join(Kpi, Kpi.id == KpiValue.kpi_id)
                                     .where(KpiValue.team_id == team_id))
        return {tuple(r) for r in rows}  # type: ignore[misc]


def kinds(platform, period: str | None = None) -> Counter:  # type: ignore[no-untyped-def]
    return Counter(p["key"].split("/")[1] for p in platform.posts
                   if period is None or p["key"].split("/")[2] == period)


async def test_the_december_reminder_asks_for_november_and_says_until_when(sessions, cycle, platform):
    await _seed(sessions, "dec")
    await cycle.run_at(at(date(2026, 12, 3)))
    anna = next(p for p in platform.posts if "/reminder/" in p["key"] and p["address"] == "anna")
    assert anna["key"].endswith("/reminder/2026-11/user:anna")
    assert anna["title"] == "KPI-waarden van november 2026 — dec"
    assert "Je kunt ze invullen tot en met donderdag 10 december." in anna["texts"][0]


async def test_the_report_evaluation_and_summary_name_the_month_measured(sessions, cycle, platform):
    await _seed(sessions, "dec")
    day = date(2026, 12, 3)
    while day <= date(2026, 12, 20):
        await cycle.run_at(at(day))
        day += timedelta(days=1)
    titles = {p["key"].split("/")[1]: p["title"] for p in platform.posts}
    assert titles["report"] == "KPI-rapport november 2026 — dec"
    assert titles["evaluation"] == "Evaluatie november 2026"
    assert titles["leadership"] == "Maandoverzicht dec — november 2026"


async def test_day_31_stores_every_form_answer_for_its_own_month_through_february_and_a_leap_year(
        sessions, cycle, platform):
    team_id = await _seed(sessions, "d31", day_of_month=31)
    people = People(sessions)
    for first, last in ((date(2027, 2, 20), date(2027, 5, 5)), (date(2028, 2, 20), date(2028, 3, 20))):
        day = first
        while day <= last:
            before = len(platform.posts)
            await cycle.run_at(at(day))
            for post in platform.posts[before:]:
                _, kind, period, recipient = post["key"].split("/", 3)
                if kind == "reminder":  # each owner answers at once, through the reminder's own form
                    people.now = at(day, time(9, 30))
                    if recipient == "user:anna":
                        await people.fill_in("d31", "anna", period, {"conversieratio-webshop": "2,5"})
                    else:
                        await people.fill_in("d31", "bram", period, {"nieuwsbriefinschrijvingen": "450",
                                                                     "kosten-per-lead": "35"})
            day += timedelta(days=1)
    reminders = sorted((p["key"].split("/")[2], p["title"]) for p in platform.posts if "/reminder/" in p["key"]
                       and p["address"] == "anna")
    assert reminders == [
        ("2027-01", "KPI-waarden van januari 2027 — d31"), ("2027-02", "KPI-waarden van februari 2027 — d31"),
        ("2027-03", "KPI-waarden van maart 2027 — d31"), ("2028-01", "KPI-waarden van januari 2028 — d31"),
    ]
    stored = await _values(sessions, team_id)
    for period in ("2027-01", "2027-02", "2027-03", "2028-01"):
        assert {k for k, p in stored if p == period} == {"conversieratio-webshop", "nieuwsbriefinschrijvingen",
                                                         "kosten-per-lead"}
    assert not {p for _, p in stored} - {"2027-01", "2027-02", "2027-03", "2028-01"}
    assert kinds(platform)["nudge1"] == kinds(platform)["nudge2"] == kinds(platform)["escalation"] == 0


async def test_the_leap_day_carries_the_january_reminder_of_a_day_31_team(sessions, cycle, platform):
    await _seed(sessions, "leap", day_of_month=31)
    await cycle.run_at(at(date(2028, 2, 28)))
    assert not [p for p in platform.posts if "/reminder/2028-01/" in p["key"]]
    await cycle.run_at(at(date(2028, 2, 29)))
    assert {p["address"] for p in platform.posts if "/reminder/2028-01/" in p["key"]} == {"anna", "bram"}


async def test_moving_the_day_earlier_after_it_passed_reminds_at_the_next_working_hour_then_escalates(
        sessions, cycle, platform):
    await _seed(sessions, "early", day_of_month=20)
    people = People(sessions)
    for day in (date(2027, 2, 3), date(2027, 2, 9)):
        await cycle.run_at(at(day))
    people.now = at(date(2027, 2, 10), time(14, 23))
    await people.do("early", "anna", "schedule", "dag 3")
    await cycle.run_at(at(date(2027, 2, 10), time(14, 24)))
    reminded = [p for p in platform.posts if "/reminder/2027-01/" in p["key"]]
    assert {p["address"] for p in reminded} == {"anna", "bram"}
    day = date(2027, 2, 11)
    while day <= date(2027, 3, 1):
        await cycle.run_at(at(day))
        day += timedelta(days=1)
    escalation = [p for p in platform.posts if "/escalation/2027-01/" in p["key"]]
    assert len(escalation) == 1
    assert escalation[0]["texts"][0].startswith(
        "Na de herinnering van woensdag 10 februari en twee extra herinneringen ontbreken deze waarden van januari "
        "2027 nog.")
    assert kinds(platform, "2027-01")["reminder"] == 2


async def test_moving_the_day_later_after_the_reminder_went_out_reminds_nobody_twice(sessions, cycle, platform):
    await _seed(sessions, "late", day_of_month=3)
    people = People(sessions)
    await cycle.run_at(at(date(2027, 2, 3)))
    people.now = at(date(2027, 2, 4), time(10, 0))
    await people.do("late", "anna", "schedule", "dag 20")
    day = date(2027, 2, 4)
    while day <= date(2027, 3, 10):
        await cycle.run_at(at(day))
        day += timedelta(days=1)
    january = [p for p in platform.posts if p["key"].split("/")[2] == "2027-01"]
    assert Counter(p["key"].split("/")[1] for p in january)["reminder"] == 2
    escalation = next(p for p in january if "/escalation/" in p["key"])
    assert escalation["texts"][0].startswith("Na de herinnering van woensdag 3 februari en twee extra")


async def test_a_team_that_wants_one_nudge_is_escalated_after_one(sessions, cycle, platform):
    await _seed(sessions, "one")
    people = People(sessions)
    people.now = at(date(2027, 1, 20))
    await people.do("one", "anna", "schedule", "herinneringen 1")
    day = date(2027, 2, 1)
    while day <= date(2027, 2, 15):
        await cycle.run_at(at(day))
        day += timedelta(days=1)
    assert kinds(platform, "2027-01")["nudge1"] == 2 and kinds(platform, "2027-01")["nudge2"] == 0
    escalation = next(p for p in platform.posts if "/escalation/2027-01/" in p["key"])
    assert "en één extra herinnering ontbreken" in escalation["texts"][0]


async def test_someone_who_entered_early_gets_no_reminder(sessions, cycle, platform):
    await _seed(sessions, "keen")
    people = People(sessions)
    people.now = at(date(2027, 1, 31), time(10, 0))  # entry for January opens three days before 3 February
    replies = await people.do("keen", "anna", "value", "conversieratio 2,6")
    assert replies[0].text == "Opgeslagen: Conversieratio webshop = 2,6 % voor januari 2027."
    await cycle.run_at(at(date(2027, 2, 3)))
    assert {p["address"] for p in platform.posts if "/reminder/2027-01/" in p["key"]} == {"bram"}


async def test_a_person_with_kpis_in_two_teams_gets_one_message_listing_both(sessions, cycle, platform):
    marketing = await _seed(sessions, "marketing")
    webshop = await _seed(sessions, "webshop")
    await cycle.run_at(at(date(2027, 2, 3)))
    to_bram = [p for p in platform.posts if p["address"] == "bram" and "/reminder/" in p["key"]]
    assert len(to_bram) == 1
    text = to_bram[0]["texts"][0]
    assert "*marketing* (invullen tot en met woensdag 10 februari):" in text
    assert "*webshop* (invullen tot en met woensdag 10 februari):" in text
    assert to_bram[0]["title"] == "KPI-waarden van januari 2027"
    people = People(sessions)
    people.now = at(date(2027, 2, 3), time(9, 30))
    await people.fill_in("marketing", "bram", "2027-01", {
        f"t{marketing}:nieuwsbriefinschrijvingen": "450", f"t{webshop}:nieuwsbriefinschrijvingen": "120"})
    assert ("nieuwsbriefinschrijvingen", "2027-01") in await _values(sessions, marketing)
    assert ("nieuwsbriefinschrijvingen", "2027-01") in await _values(sessions, webshop)
    await cycle.run_at(at(date(2027, 2, 3), time(9, 31)))  # nothing more for the merged team's row
    assert len([p for p in platform.posts if p["address"] == "bram" and "/reminder/" in p["key"]]) == 1
    assert platform.duplicates() == 0


async def test_the_evaluation_waiting_is_the_month_just_reported(sessions, cycle, platform):
    await _seed(sessions, "eval")
    day = date(2027, 2, 3)
    while day <= date(2027, 2, 13):
        await cycle.run_at(at(day))
        day += timedelta(days=1)
    people = People(sessions)
    people.now = at(date(2027, 2, 15), time(10, 0))
    replies = await people.do("eval", "bram", "due")
    assert "De evaluatie van januari 2027 wacht op je (`evaluatie`)." in replies[0].text
    prompt = await people.do("eval", "bram", "evaluate")
    assert prompt[0].question_id == "cycle:evaluation:2027-01"


async def test_batches_keep_a_workspaces_teams_together(sessions):
    from scheduler.scan import _batches

    ids = {}
    for name, workspace in (("a1", "w1"), ("b1", "w2"), ("b2", "w2"), ("b3", "w2"), ("c1", "w3")):
        ids[name] = await _seed(sessions, name, workspace=workspace)
    batches = await _batches(sessions, None, 3)
    assert [sorted(b) for b in batches] == [[ids["a1"]], sorted([ids["b1"], ids["b2"], ids["b3"]]), [ids["c1"]]]
    assert max(len(b) for b in await _batches(sessions, None, 2)) == 2  # a workspace over a batch is split


async def test_the_reminder_shows_the_month_befores_value_with_its_unit_once_there_is_one(sessions, cycle, platform):
    await _seed(sessions, "units")
    people = People(sessions)
    people.now = at(date(2027, 2, 1))
    await people.do("units", "anna", "value", "conversieratio 2,45 voor december")
    await cycle.run_at(at(date(2027, 2, 3)))
    text = next(p for p in platform.posts if p["key"].endswith("/reminder/2027-01/user:anna"))["texts"][0]
    assert "• Conversieratio webshop: vorige maand 2,45 %, doel 3 %" in text
    bram = next(p for p in platform.posts if p["key"].endswith("/reminder/2027-01/user:bram"))["texts"][0]
    assert "• Kosten per lead: doel € 30" in bram
