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


async def test_due_says_an_actions_date_in_words(sessions):
    chat = await _chat(sessions, language="en")
    replies = await chat.say("bram", "due", language="en")
    assert "Your actions: Welkomstmail-reeks opzetten (15 March 2027)" in replies[0].text


async def test_away_is_confirmed_with_its_dates_in_words(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("bram", "away", "2027-01-20 2027-01-10")
    assert replies[0].text.startswith("Genoteerd: je bent afwezig van 10 januari 2027 t/m 20 januari 2027.")


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
                     "Conversieratio webshop: 2,4 % / doel 3 %", "Kosten per lead",
                     "Persoonlijke welkomstmail — loopt"):
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


async def test_an_unknown_time_zone_is_named_with_the_closest_one(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "schedule", "tijdzone Europe/Amsterdm")
    assert replies[0].kind == ReplyKind.PROBLEM
    assert "onbekende tijdzone \"Europe/Amsterdm\" (bedoel je Europe/Amsterdam?)." in replies[0].text


async def test_a_time_zone_in_lower_case_is_accepted(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "schedule", "tijdzone europe/brussels")
    assert replies[0].kind == ReplyKind.CONFIRM and "09:00 Europe/Brussels" in replies[0].text


async def test_any_country_the_holidays_library_knows_can_be_chosen(sessions):
    chat = await _chat(sessions)
    assert "(feestdagen: US)" in (await chat.say("anna", "schedule", "land us"))[0].text
    assert "(feestdagen: DE)" in (await chat.say("anna", "schedule", "land DE"))[0].text
    refused = await chat.say("anna", "schedule", "land XX")
    assert refused[0].kind == ReplyKind.PROBLEM and "onbekend land \"XX\"" in refused[0].text


async def test_a_value_can_name_its_month(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("bram", "value", "nieuwsbrief 1.200 voor november")
    async with sessions() as session:
        row = await session.scalar(select(KpiValue))
    assert (row.period, row.value) == ("2026-11", 1200.0)
    assert replies[0].text == "Opgeslagen: Nieuwsbriefinschrijvingen = 1.200 voor november 2026 (te laat ingevuld)."


async def test_a_month_that_has_not_ended_is_refused(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("bram", "value", "nieuwsbrief 1.200 voor januari 2027")
    assert replies[0].kind == ReplyKind.PROBLEM and "januari 2027 is nog niet voorbij" in replies[0].text


async def test_a_negative_conversion_rate_is_refused_with_the_reason(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "value", "conversieratio -2")
    assert replies[0].kind == ReplyKind.PROBLEM
    assert replies[0].text == "Conversieratio webshop kan niet negatief zijn (-2); niets opgeslagen."
    async with sessions() as session:
        assert await session.scalar(select(KpiValue)) is None


async def test_a_percentage_over_100_is_refused_where_the_unit_is_percent(sessions):
    chat = await _chat(sessions, language="en")
    replies = await chat.say("anna", "value", "conversieratio 240", language="en")
    assert replies[0].text == ("Conversieratio webshop is a percentage and cannot be over 100% (240); "
                               "nothing was saved.")
    money = await chat.say("bram", "value", "kosten per lead 240", language="en")
    assert money[0].kind == ReplyKind.CONFIRM  # € 240 per lead is dear, not impossible


async def test_the_dutch_csv_opens_in_dutch_excel(sessions):
    import csv
    import io

    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,45")
    await chat.say("bram", "value", "kosten per lead overslaan")
    file = (await chat.say("anna", "export"))[0].file
    assert file.startswith("\ufeff".encode())  # the BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(file.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["maand", "kpi", "waarde", "doel", "eenheid", "status", "te laat", "ingevuld door"]
    assert rows[1] == ["2026-12", "Conversieratio webshop", "2,45", "3", "procent", "ingevuld", "", "Anna"]
    assert rows[2] == ["2026-12", "Kosten per lead", "", "30", "euro", "overgeslagen", "", "Bram"]


async def test_the_report_shows_units_and_no_trend_beside_a_missing_value(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 3,4 voor november")
    await chat.say("anna", "value", "conversieratio 3,6")
    await chat.say("bram", "value", "kosten per lead 30,4")
    text = (await chat.say("anna", "report", "2026-12"))[0].text
    lines = text.splitlines()
    assert lines[0] == ("Zo staan de KPI's van december 2026 ervoor. Totaal: op schema (beoordeeld op 2 van de 3 "
                        "KPI's; de rest is niet ingevuld).")
    assert lines[1].startswith("🟢 Conversieratio webshop: 3,6 % (doel nu") and "↗" in lines[1]
    assert lines[2] == "⚪ Nieuwsbriefinschrijvingen: — (doel nu 600, einddoel 600) — ontbreekt"
    assert lines[3] == "🟢 Kosten per lead: € 30,40 (doel nu € 40, einddoel € 30) — op schema"


async def test_the_checkin_shows_each_actions_priority_and_the_kpis_being_measured(sessions):
    from scheduler.summaries import checkin

    chat = await _chat(sessions)
    async with sessions() as session:
        bundle = (await load_bundles(session, ON_THE_FIFTH))[0]
        text = (await checkin(session, bundle, ON_THE_FIFTH))[0].text
    assert "Het team is nog niet begonnen" not in text
    assert "Het team meet 3 KPI's elke maand." in text
    assert "• [hoog] Landingspagina's herschrijven — Anna, 1 februari 2027" in text
    assert "• [middel] Welkomstmail-reeks opzetten — Bram, 15 maart 2027" in text
    assert chat


async def test_the_leadership_summary_condenses_every_respondent_with_trends_a_chart_and_the_document(sessions):
    from scheduler.documents import StrategyDocument, register_document_source, unregister_document_source

    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,2 voor november")
    await chat.say("anna", "value", "conversieratio 2,4")
    for who, well in (("anna", "Conversie stijgt"), ("bram", "Nieuwsbrief groeit")):
        await chat.say(who, "form", question_id="cycle:evaluation:2026-12",
                       form={"went_well": well, "went_badly": "Weinig tijd", "priorities": "Welkomstmail"})

    async def document(session, team_id, language):  # type: ignore[no-untyped-def]
        return StrategyDocument("strategie-chat.pdf", url="https://coach.example/doc/chat")

    register_document_source(document)
    try:
        async with sessions() as session:
            bundle = (await load_bundles(session, ON_THE_FIFTH))[0]
            replies = await leadership(session, bundle, "2026-12")
    finally:
        unregister_document_source(document)
    text = replies[0].text
    assert "*Evaluatie* (2 ingevuld):" in text
    assert "• Goed: Conversie stijgt (Anna); Nieuwsbrief groeit (Bram)" in text
    assert "• Niet goed: Weinig tijd (Anna, Bram)" in text
    assert "Conversieratio webshop: 2,4 % / doel 3 %, stijgend (op schema)" in text
    assert "⚪ Kosten per lead: — / doel € 30 (ontbreekt)" in text  # no trend word for a month without a value
    assert "*Strategiedocument:* [strategie-chat.pdf](https://coach.example/doc/chat)" in text
    assert [r.chart.title for r in replies[1:]] == ["Conversieratio webshop (%)"]
    assert len(text.splitlines()) <= 20  # read in a minute


async def test_the_json_export_includes_each_kpis_values(sessions, db_url):
    import io
    import json

    from bot.config import Settings
    from bot.export import run_export

    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,4")
    out = io.StringIO()
    assert await run_export(Settings(database_url=db_url), team="chat", fmt="json", stdout=out) == 0
    kpis = {k["name"]: k for k in json.loads(out.getvalue())["kpis"]}
    [value] = kpis["Conversieratio webshop"]["values"]
    assert (value["period"], value["value"], value["status"], value["entered_by"]) == ("2026-12", 2.4, "entered",
                                                                                      "Anna")
    assert kpis["Kosten per lead"]["values"] == []


async def test_without_a_document_link_the_summary_points_to_the_document_command(sessions):
    await _chat(sessions)
    async with sessions() as session:
        bundle = (await load_bundles(session, ON_THE_FIFTH))[0]
        text = (await leadership(session, bundle, "2026-12"))[0].text
    assert "*Strategiedocument:* de actuele versie als PDF: typ `document` in het kanaal van chat." in text


async def test_a_value_naming_its_month_is_a_value_even_while_a_question_is_open():
    from scheduler.values import is_value_argument

    assert is_value_argument("omzet 1.200 voor november")
    assert not is_value_argument("voor klanten staat centraal")


def test_the_export_file_is_named_after_the_team_in_its_language_never_after_a_channel_id():
    from scheduler.commands import export_filename

    assert export_filename("Marketing & Sales", "nl") == "kpi-waarden-marketing-sales.csv"
    assert export_filename("Marketing", "en") == "kpi-history-marketing.csv"


async def _away_periods(sessions) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from storage.cycle_models import AwayPeriod

    async with sessions() as session:
        rows = (await session.scalars(select(AwayPeriod))).all()
    return [(row.start.isoformat(), row.end.isoformat()) for row in rows]


async def test_away_reads_dates_as_people_type_them_and_says_them_in_words(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "away", "1 juli tot 21 juli 2027")
    await chat.say("bram", "away", "1 tot 10 februari")
    assert await _away_periods(sessions) == [("2027-07-01", "2027-07-21"), ("2027-02-01", "2027-02-10")]
    assert replies[0].text.startswith("Genoteerd: je bent afwezig van 1 juli 2027 t/m 21 juli 2027.")


async def test_away_for_a_whole_month_and_for_two_written_dates(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "away", "juli 2027")
    await chat.say("bram", "away", "21-7-2027 1-7-2027")
    assert await _away_periods(sessions) == [("2027-07-01", "2027-07-31"), ("2027-07-01", "2027-07-21")]


async def test_away_with_words_that_name_no_dates_says_how_and_stores_nothing(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "away", "binnenkort even")
    assert replies[0].kind == ReplyKind.HELP and "afwezig 1 juli tot 21 juli 2027" in replies[0].text
    assert await _away_periods(sessions) == []


def test_a_written_out_away_period_is_the_command_even_at_an_open_question():
    from scheduler.commands import _is_away_argument

    assert _is_away_argument("1 januari 2027 tot 10 januari 2027")
    assert not _is_away_argument("van het kantoor, dus even niet")


async def test_the_schedule_names_its_follow_ups_as_counted_not_as_herinnering_en(sessions):
    chat = await _chat(sessions)
    one = await chat.say("anna", "schedule", "herinneringen 1")
    none = await chat.say("anna", "schedule", "herinneringen 0")
    assert "1 extra herinnering na" in one[0].text and "(en)" not in one[0].text
    assert "geen extra herinneringen," in none[0].text


async def test_an_export_of_one_value_says_one_value(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,4")
    [reply] = await chat.say("anna", "export")
    assert "(1 waarde)" in reply.text


async def test_a_started_experiment_says_its_last_month_in_words(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "experiment", "Persoonlijke welkomstmail | nieuwsbrief | 2")
    assert replies[0].text == ("Experiment 1 gestart: \"Persoonlijke welkomstmail\" (Nieuwsbriefinschrijvingen), "
                               "t/m februari 2027.")


async def test_an_experiment_on_a_kpi_the_team_does_not_have_is_refused_with_the_kpis_it_has(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "experiment", "Kortere formulieren | omzet | 2", language="en")
    assert replies[0].kind == ReplyKind.PROBLEM
    assert replies[0].text.startswith("I don't know a KPI \"omzet\". The KPIs: Conversieratio webshop")
    async with sessions() as session:
        assert await session.scalar(select(Experiment)) is None


async def test_a_report_can_name_its_month_in_words(sessions):
    chat = await _chat(sessions)
    replies = await chat.say("anna", "report", "december")
    assert replies[0].title == "KPI-rapport december 2026 — chat"


async def test_a_kpi_in_its_first_month_has_no_trend_word_in_the_leadership_summary(sessions):
    chat = await _chat(sessions)
    await chat.say("anna", "value", "conversieratio 2,4")
    async with sessions() as session:
        bundle = (await load_bundles(session, ON_THE_FIFTH))[0]
        replies = await leadership(session, bundle, "2026-12")
    assert "Conversieratio webshop: 2,4 % / doel 3 % (" in replies[0].text  # no "gelijk": nothing to compare
