"""The simulator as a user runs it, and the cycle's commands reached through the coach service."""

import io
from datetime import UTC, datetime

from flows.types import Inbound, ReplyKind
from scheduler.simulate import simulate


async def test_simulating_three_months_prints_each_post_once_in_local_time(db_url):
    out = io.StringIO()
    log = await simulate(3, "demo", out, db_url, start=datetime(2027, 1, 1, 12, 0, tzinfo=UTC))
    keys = [key for _, _, key in log]
    assert len(keys) == len(set(keys))
    text = out.getvalue()
    assert "── maandag 4 januari 2027 ──\n09:00 → @anna: KPI-waarden van december 2026 — demo" in text
    assert "→ #demo: KPI-rapport januari 2027 — demo" in text
    assert "→ #directie: Maandoverzicht demo — januari 2027" in text
    assert "→ #demo: Resultaat experiment" in text


async def test_the_simulation_shows_nudges_escalation_and_away_and_writes_each_chart(db_url, tmp_path):
    out = io.StringIO()
    await simulate(3, "demo", out, db_url, start=datetime(2027, 1, 1, 12, 0, tzinfo=UTC), out_dir=tmp_path,
                   full=True)
    text = out.getvalue()
    assert "→ @bram: Herinnering: KPI-waarden van december 2026 — demo" in text
    assert ("→ @anna: Ontbrekende KPI-waarden januari 2027 — demo\n      [Ontbrekende KPI-waarden januari 2027 — "
            "demo]\n      Na de herinnering van woensdag 3 februari en twee extra herinneringen") in text
    assert "🌴 Nieuwsbriefinschrijvingen: — (doel nu 433, einddoel 600) — afwezig" in text
    charts = sorted(p.name for p in tmp_path.glob("*.png"))
    assert "2027-01-06-report-2026-12-1.png" in charts
    assert all((tmp_path / name).read_bytes().startswith(b"\x89PNG") for name in charts)
    assert f"→ {tmp_path / '2027-01-06-report-2026-12-1.png'}" in text


async def test_the_schedule_command_is_reached_through_the_coach_service(app_context):
    replies = await app_context.service.handle(
        Inbound(platform="console", workspace="local", team="svc", user="anna", text="/schedule", language="en"))
    assert "of every month at 09:00 Europe/Amsterdam" in replies[0].text


async def test_a_slash_schedule_reaches_the_schedule_even_in_the_middle_of_a_question(app_context):
    service = app_context.service
    await service.handle(Inbound(platform="console", workspace="local", team="mid", user="anna", text="start"))
    replies = await service.handle(
        Inbound(platform="console", workspace="local", team="mid", user="anna", text="/schema"))
    assert "van elke maand om 09:00 Europe/Amsterdam" in replies[0].text


async def test_a_report_of_a_month_in_words_at_an_open_question_is_the_command_not_the_answer(app_context):
    service = app_context.service
    await service.handle(Inbound(platform="console", workspace="local", team="mid", user="anna", text="start"))
    replies = await service.handle(
        Inbound(platform="console", workspace="local", team="mid", user="anna", text="rapport november"))
    assert replies[0].text == "Dit team heeft nog geen KPI's (die komen in stap 2, Decide)."  # the report's
    assert replies[-1].text == "Waarom doen jullie wat jullie doen?"  # and the question is still open, unanswered


async def test_an_evaluation_of_something_that_is_not_a_month_is_refused_not_a_crash(app_context):
    replies = await app_context.service.handle(
        Inbound(platform="console", workspace="local", team="svc", user="anna", text="/evaluatie foo"))
    assert (replies[0].kind, replies[0].text) == (ReplyKind.PROBLEM, "Geef een maand, bv. `november` of `2026-11`.")
