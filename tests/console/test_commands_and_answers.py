"""In `python -m bot chat`: commands stay commands, answers that start like one stay answers, `stop` is truthful."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.config import Settings
from bot.console import run_chat
from scheduler.demo import seed_demo_team
from storage.cycle_models import KpiValue
from storage.models import Answer
from tests.harness import context_for

ROOT = Path(__file__).resolve().parents[2]


def _chat(db_url: str, lines: list[str], *, team: str = "seams", language: str | None = None) -> str:
    """A real `python -m bot chat` process, fed `lines` on its stdin; returns everything it printed."""
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "bot", "chat", "--team", team, "--user", "anna"]
    if language:
        command += ["--lang", language]
    done = subprocess.run(command, cwd=ROOT, env=env, input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def _answers(db_url: str) -> list[tuple[str, object]]:
    ctx = await context_for(db_url)
    async with ctx.sessions() as session:
        rows = (await session.scalars(select(Answer).order_by(Answer.id))).all()
    await ctx.close()
    return [(row.question_id, row.value) for row in rows]


async def test_a_schedule_command_at_an_open_question_is_a_command_not_the_answer(db_url: str) -> None:
    shown = _chat(db_url, ["schedule day 32", "schema dag 31"])
    assert await _answers(db_url) == []
    assert shown.count("projectmanager") >= 2  # the cycle's own reply (only a project manager may change it)
    assert "Waarom doen jullie wat jullie doen?" in shown.split("> schema dag 31")[1]  # still at the why


async def test_an_answer_starting_with_a_cycle_word_stays_the_answer(db_url: str) -> None:
    _chat(db_url, ["waarde voor klanten staat centraal", "Schema's en structuur geven ons houvast"])
    assert await _answers(db_url) == [("golden_circle.why", "waarde voor klanten staat centraal"),
                                      ("golden_circle.how", "Schema's en structuur geven ons houvast")]


async def test_a_cycle_word_with_words_it_cannot_read_is_asked_about_and_nothing_is_stored_meanwhile(
        db_url: str) -> None:
    shown = _chat(db_url, ["waarde conversie", "1"])
    assert "Bedoel je het commando `waarde`, of is dit je antwoord?" in shown
    assert "`waarde conversie` kon ik niet lezen als commando. Typ `/waarde`" in shown
    assert await _answers(db_url) == []
    assert "Waarom doen jullie wat jullie doen?" in shown.split("> 1")[1]  # still at the why


async def test_a_cycle_word_with_a_few_words_is_the_answer_when_the_team_says_so(db_url: str) -> None:
    _chat(db_url, ["waarde toevoegen", "2"])
    assert await _answers(db_url) == [("golden_circle.why", "waarde toevoegen")]


async def test_an_english_answer_starting_with_help_or_change_is_stored(db_url: str) -> None:
    shown = _chat(db_url, ["Help home care nurses spend their time on patients",
                           "Change the way home care is planned, so nurses see more patients"], language="en")
    assert await _answers(db_url) == [
        ("golden_circle.why", "Help home care nurses spend their time on patients"),
        ("golden_circle.how", "Change the way home care is planned, so nurses see more patients")]
    assert "Commands:" not in shown and "What would you like to change?" not in shown


async def test_an_unclear_text_is_asked_about_and_the_answer_kept(db_url: str) -> None:
    shown = _chat(db_url, ["help ons", "2"])
    assert "Bedoel je het commando `help`, of is dit je antwoord?" in shown
    assert "1. Commando help" in shown and "2. Dit is mijn antwoord" in shown
    assert await _answers(db_url) == [("golden_circle.why", "help ons")]


async def test_stop_says_truthfully_how_to_resume_and_ends_the_session(db_url: str) -> None:
    shown = _chat(db_url, ["Wij helpen zorgverleners", "stop", "status"], team="Zorg Thuis")
    assert "python -m bot chat --team 'Zorg Thuis'" in shown and "opnieuw" in shown
    assert "`verder`" not in shown
    assert "> status" not in shown  # the process ended at `stop`
    resumed = _chat(db_url, [], team="Zorg Thuis")
    assert "Jullie zijn al bezig" in resumed and "Hoe doen jullie dat?" in resumed


async def test_stop_in_english_says_how_to_resume(db_url: str) -> None:
    shown = _chat(db_url, ["stop"], language="en")
    assert "Run `python -m bot chat --team seams` again" in shown and "type `continue`" not in shown


async def test_a_value_with_a_space_as_thousands_separator_is_read_whole(db_url: str) -> None:
    ctx = await context_for(db_url)
    async with ctx.sessions() as session, session.begin():
        await seed_demo_team(session, "belg")
    await ctx.close()
    out = io.StringIO()
    await run_chat(Settings(database_url=db_url), team="belg", user="anna",
                   stdin=io.StringIO("waarde nieuwsbriefinschrijvingen 1 250\n"), stdout=out)
    ctx = await context_for(db_url)
    async with ctx.sessions() as session:
        values = list(await session.scalars(select(KpiValue.value)))
    await ctx.close()
    assert values == [1250.0], out.getvalue()


async def test_a_value_command_naming_a_kpi_is_the_command_at_an_open_question_even_without_a_number(
        db_url: str) -> None:
    ctx = await context_for(db_url)
    async with ctx.sessions() as session, session.begin():
        await seed_demo_team(session, "kpis")
    await ctx.close()
    out = io.StringIO()
    await run_chat(Settings(database_url=db_url), team="kpis", user="anna",
                   stdin=io.StringIO("opnieuw\nja\nwaarde kosten per lead\nwaarde voor klanten staat centraal\n"),
                   stdout=out)
    shown = out.getvalue()
    assert "Welke waarde heeft Kosten per lead? Typ het getal erachter, bv. `waarde kosten per lead 2,4`." in (
        shown.split("> waarde kosten per lead")[1]), shown
    assert [a for a in await _answers(db_url) if a[0] == "golden_circle.why"] == [
        ("golden_circle.why", "waarde voor klanten staat centraal")]


async def test_the_document_and_the_kpi_export_are_saved_where_the_console_runs(db_url: str, tmp_path: Path) -> None:
    out = io.StringIO()
    await run_chat(Settings(database_url=db_url), team="bestanden", user="anna",
                   stdin=io.StringIO("Omdat we mensen willen helpen\ndocument\nexport\n"), stdout=out,
                   files_to=tmp_path)
    saved = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in saved if n.endswith(".pdf")] and [n for n in saved if n.endswith(".docx")]
    assert "kpi-waarden-bestanden.csv" in saved
    assert f"💾 {tmp_path / 'kpi-waarden-bestanden.csv'}" in out.getvalue()
    assert (tmp_path / "kpi-waarden-bestanden.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's BOM
