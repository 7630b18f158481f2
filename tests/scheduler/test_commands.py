"""The cycle's chat commands, called as the coach service calls them (inside a transaction)."""

from datetime import UTC, datetime

from sqlalchemy import select

from flows.types import Inbound, ReplyKind
from scheduler.commands import CycleCommands
from scheduler.demo import seed_demo_team
from scheduler.state import load_bundles
from scheduler.summaries import leadership
from storage.cycle_models import Evaluation, Experiment, KpiValue
from storage.models import Member, Team

ON_THE_FIFTH = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)


class Chat:
    def __init__(self, sessions, now: datetime) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.now = sessions, now
        self.commands = CycleCommands(lambda: self.now)

    async def say(self, who: str, handler: str, arg: str = "", language: str = "nl", **inbound):  # type: ignore[no-untyped-def]
        async with self.sessions() as session, session.begin():
            team = await session.scalar(select(Team).where(Team.external_id == "chat"))
            member = await session.scalar(select(Member).where(Member.team_id == team.id, Member.external_id == who))
            event = Inbound(platform="console", workspace="local", team="chat", user=who, **inbound)
            return await getattr(self.commands, handler)(session, team, member, event, arg, language)


async def _chat(sessions, now=ON_THE_FIFTH, language="nl") -> Chat:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        await seed_demo_team(session, "chat", language=language, with_schedule=False)
    return Chat(sessions, now)


async def test_the_schedule_is_said_back_in_plain_words(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "schedule", "day 31 hour 8 timezone Europe/Brussels country BE", language="en")
    assert replies[0].kind == ReplyKind.CONFIRM
    assert replies[0].text.startswith(
        "KPI reminders on the 31st (or the month's last day) of every month at 08:00 Europe/Brussels, for the month "
        "before (holidays: BE)")


async def test_a_schedule_that_cannot_be_read_says_why(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "schedule", "uur 25")
    assert replies[0].kind == ReplyKind.PROBLEM and "uur 25" in replies[0].text


async def test_a_value_typed_the_dutch_way_is_saved_for_the_month_just_ended_and_says_which(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "value", "conversieratio 2,4")
    async with sessions() as session:
        row = await session.scalar(select(KpiValue))
    assert (row.period, row.value, row.late, row.entered_by) == ("2026-12", 2.4, False, "Anna")
    assert replies[0].text == "Opgeslagen: Conversieratio webshop = 2,4 % voor december 2026."


async def test_a_value_after_the_deadline_is_accepted_and_marked_late(sessions):
    chat = await _chat(sessions, now=datetime(2027, 1, 20, 10, 0, tzinfo=UTC))
    replies = await chat.say("anna", "value", "conversieratio 2,4")
    async with sessions() as session:
        assert (await session.scalar(select(KpiValue))).late
    assert "te laat" in replies[0].text


async def test_the_reminder_form_saves_every_value_filled_in(sessions):
    chat = await _chat(sessions)
    await chat.say("bram", "form", question_id="cycle:value:2026-12",
                   form={"nieuwsbriefinschrijvingen": "1.250", "kosten-per-lead": ""})
    async with sessions() as session:
        assert [(v.value, v.status) for v in await session.scalars(select(KpiValue))] == [(1250.0, "entered")]


async def test_a_person_can_skip_a_month(sessions):
    chat = await _chat(sessions)
    await chat.say("bram", "value", "kosten per lead overslaan")
    async with sessions() as session:
        assert (await session.scalar(select(KpiValue))).status == "skipped"


async def test_an_unknown_kpi_is_named_with_the_ones_there_are(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "value", "omzet 12")
    assert replies[0].kind == ReplyKind.PROBLEM and "Conversieratio webshop" in replies[0].text


async def test_due_lists_what_waits_for_that_person(sessions):
    chat = await _chat(sessions, language="en")
    replies = await chat.say("bram", "due", language="en")
    assert "Nieuwsbriefinschrijvingen, Kosten per lead" in replies[0].text
    assert "Welkomstmail-reeks opzetten" in replies[0].text


async def test_evaluation_and_experiment_are_stored_and_a_successful_experiment_is_rolled_out(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "form", question_id="cycle:evaluation:2027-01",
                   form={"went_well": "Conversie", "went_badly": "Leads", "priorities": "Welkomstmail"})
    await chat.say("anna", "experiment", "Persoonlijke welkomstmail | nieuwsbrief | 2")
    async with sessions() as session:
        exp = await session.scalar(select(Experiment))
        assert (await session.scalar(select(Evaluation))).priorities == "Welkomstmail"
    assert (exp.start_period, exp.end_period, exp.status) == ("2027-01", "2027-02", "running")
    await chat.say("anna", "form", question_id=f"cycle:experiment:{exp.id}", choice="succeeded")
    async with sessions() as session:
        assert (await session.scalar(select(Experiment))).status == "rolled_out"


async def test_export_gives_the_kpi_history_as_a_csv_file(sessions):
    chat = await _chat(sessions, language="en")
    await chat.say("anna", "value", "conversieratio 2.4", language="en")
    replies = await chat.say("anna", "export", language="en")
    assert (replies[0].kind, replies[0].filename) == (ReplyKind.FILE, "kpi-history-chat.csv")
    lines = replies[0].file.decode("utf-8-sig").splitlines()
    assert lines[1] == "2026-12,Conversieratio webshop,2.4,3,percent,entered,,Anna"


async def test_the_report_command_shows_a_past_period_with_its_chart(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,4")
    replies = await chat.say("anna", "report", "2026-12")
    assert "🟢 Conversieratio webshop: 2,4 %" in replies[0].text
    assert replies[1].chart.labels == ("dec 2026",) and replies[1].chart.series[0].values == (2.4,)


async def test_the_leadership_summary_shows_focus_groups_propositions_kpis_and_experiments(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,4")
    await chat.say("anna", "experiment", "Persoonlijke welkomstmail | nieuwsbrief | 2")
    async with sessions() as session:
        bundle = (await load_bundles(session, ON_THE_FIFTH))[0]
        text = (await leadership(session, bundle, "2026-12"))[0].text
    for expected in ("Starters: Binnen een week online verkopen", "Groeiers: Meer omzet",
                     "Conversieratio webshop: 2,4 % / doel 3 %", "Kosten per lead", "Persoonlijke welkomstmail — loopt"):
        assert expected in text
    assert "totaal op schema" in text  # judged on the KPI that has a value


async def test_only_a_project_manager_can_change_the_schedule(sessions):
    chat = await _chat(sessions)
    refused = await chat.say("bram", "schedule", "day 10")
    shown = await chat.say("bram", "schedule")
    assert refused[0].kind == ReplyKind.PROBLEM and "projectmanager" in refused[0].text
    assert (shown[0].kind == ReplyKind.STATUS and "3e" in shown[0].text) or "3" in shown[0].text


async def test_a_value_reads_like_every_other_number_the_coach_asks_for(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("bram", "value", "nieuwsbriefinschrijvingen 1,2k")
    async with sessions() as session:
        row = await session.scalar(select(KpiValue))
    assert row.value == 1200.0
    assert replies[0].kind == ReplyKind.CONFIRM
