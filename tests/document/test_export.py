"""`python -m bot export` after a real walk through the coach: Markdown, JSON, PDF and Word."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.config import Settings
from bot.export import run_export
from storage import repo
from storage.cycle_models import KpiValue
from storage.models import Kpi, Team, Workspace
from tests.document.coached import weak_lines
from tests.document.readback import assert_in_order, docx_text, pdf_pages
from tests.harness import Coach, context_for
from tests.scripts import DUTCH

# What the Dutch walk answered, in the order page one shows it.
WALK_PAGE_ONE = [
    "We geloven dat elke ondernemer digitaal moet kunnen groeien.", "Met praktisch advies in gewone taal.",
    "Websites en campagnes voor het mkb.", "Hoe vinden we meer leads zonder meer budget?",
    "MKB-ondernemers", "Ondernemende Els", "Vertrouwen, snelheid", "Wij maken groei eenvoudig voor drukke ondernemers.",
    "Conversieratio webshop: 2,5 % in totaal vóór 30 juni 2027 (Sanne)",  # the KPI of this focus group
    "Starters", "Starter Sam", "De snelste start online, zonder risico.", "We doen niets meer met print",
    "100 %", "Directie en marketing", "Landingspagina's herschrijven",
]


async def walked_team(url: str) -> None:
    """The Dutch walk, a point kept against advice, and two months of the KPI measured."""
    ctx = await context_for(url)
    try:
        coach = Coach(ctx)
        await coach.say("start", language="nl")
        await coach.play(DUTCH)
        async with ctx.sessions() as session, session.begin():
            team = await session.scalar(select(Team).where(Team.external_id == "demo"))
            kpi = await session.scalar(select(Kpi).where(Kpi.team_id == team.id).order_by(Kpi.id))  # the first KPI
            await repo.add_answer_version(
                session, team.id, "_kept", "proposition_generic|propositions.proposition|Starters",
                {"rule": "proposition_generic", "question": "propositions.proposition", "item": "Starters",
                 "answer_version": 1, "quote": "De snelste start online, zonder risico."}, None, "final", None)
            for period, value in (("2026-11", 2.2), ("2026-12", 2.3)):
                session.add(KpiValue(team_id=team.id, kpi_id=kpi.id, period=period, value=value))
    finally:
        await ctx.close()


@pytest.fixture
async def walked(db_url: str) -> str:
    await walked_team(db_url)
    return db_url


async def test_markdown_export_is_the_strategy_on_a_page(walked: str):
    out = io.StringIO()
    assert await run_export(Settings(database_url=walked), team="demo", fmt="md", stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("# Strategie op één pagina — demo")
    assert_in_order(text, WALK_PAGE_ONE)
    assert "Propositie (Starters): “De snelste start online, zonder risico.”" in text
    assert "**Budget per maand:** € 2.500 (Q1 2027)" in text
    assert "| november 2026 | 2,2 % |" in text


async def test_pdf_export_holds_the_walks_answers_in_order(walked: str, tmp_path: Path):
    target = tmp_path / "strategie.pdf"
    out = io.StringIO()
    assert await run_export(Settings(database_url=walked), team="demo", fmt="pdf", stdout=out, out=str(target)) == 0
    assert f"wrote {target}" in out.getvalue()
    pages = pdf_pages(target.read_bytes())
    assert_in_order(pages[0], WALK_PAGE_ONE)
    assert "Propositie (Starters)" in pages[0]


async def test_docx_export_holds_the_walks_answers_in_order(walked: str, tmp_path: Path):
    target = tmp_path / "strategie.docx"
    assert await run_export(Settings(database_url=walked), team="demo", fmt="docx", stdout=io.StringIO(),
                            out=str(target)) == 0
    assert_in_order(docx_text(target.read_bytes()), WALK_PAGE_ONE)


async def test_a_file_without_out_is_named_for_the_team_and_the_day(walked: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    await run_export(Settings(database_url=walked), team="demo", fmt="pdf", stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == [f"strategie-demo-{date.today().isoformat()}.pdf"]


async def test_json_keeps_every_version_the_kpi_values_and_the_kept_points(any_db_url: str):
    await walked_team(any_db_url)
    ctx = await context_for(any_db_url)
    try:
        await Coach(ctx).play(["wijzig kernwaarden", "Eerlijk, moedig"])
    finally:
        await ctx.close()
    out = io.StringIO()
    await run_export(Settings(database_url=any_db_url), team="demo", fmt="json", stdout=out)
    exported = json.loads(out.getvalue())
    values = [h for h in exported["history"] if h["question_id"] == "core_values.values"]
    assert [h["version"] for h in values] == [1, 2]
    assert exported["strategy"]["core_values"] == ["Eerlijk", "moedig"]
    assert exported["kpis"][0]["values"] == [
        {"period": "2026-11", "value": 2.2, "status": "entered", "late": False, "entered_by": None},
        {"period": "2026-12", "value": 2.3, "status": "entered", "late": False, "entered_by": None}]
    assert [k["value"]["item"] for k in exported["kept_points"]] == ["Starters"]
    assert all(a["question_id"] != "_kept" for a in exported["answers"])


def test_the_command_line_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit):
        main(["export", "--team", "demo", "--format", "odt"])
    assert "invalid choice: 'odt'" in capsys.readouterr().err


async def test_an_unknown_team_gets_a_clear_error(db_url: str, capsys: pytest.CaptureFixture[str]):
    assert await run_export(Settings(database_url=db_url), team="nobody", fmt="pdf") == 1
    assert "no single team called 'nobody'" in capsys.readouterr().err


async def test_the_leadership_summary_can_fetch_the_current_document(walked: str):
    from bot.document.build import strategy_document

    ctx = await context_for(walked)
    try:
        async with ctx.sessions() as session:
            team = await session.scalar(select(Team).where(Team.external_id == "demo"))
            name, data = await strategy_document(session, team.id, date(2026, 12, 3))
            workspace = await session.get(Workspace, team.workspace_id)
            empty = await repo.get_or_create_team(session, workspace, "leeg")
            nothing = await strategy_document(session, empty.id, date(2026, 12, 3), "docx")
    finally:
        await ctx.close()
    assert name == "strategie-demo-2026-12-03.pdf"
    assert "Wij maken groei eenvoudig voor drukke ondernemers." in pdf_pages(data)[0]
    assert nothing is None


async def weak_team(url: str) -> None:
    """The weak walk through the real service, every challenge kept, the last group's journey skipped."""
    ctx = await context_for(url)
    try:
        coach = Coach(ctx, team="fietsen")
        await coach.say("start", language="nl")
        await coach.play(weak_lines())
    finally:
        await ctx.close()


async def test_json_of_a_weak_walk_lists_its_kept_points_open_items_and_who_kept_them(any_db_url: str):
    await weak_team(any_db_url)
    out = io.StringIO()
    await run_export(Settings(database_url=any_db_url), team="fietsen", fmt="json", stdout=out)
    exported = json.loads(out.getvalue())
    why = next(p for p in exported["kept_points"] if p["value"]["rule"] == "why_money")
    assert why["value"]["quote"] == "Omdat we geld willen verdienen" and why["author"] == "anna" and why["at"]
    assert {"question_id": "journey.journey", "item": "Iedereen", "reason": "unanswered"} in exported["open_items"]
    assert {"question_id": "kpis.kpis", "item": "Gezinnen", "reason": "no_kpi"} in exported["open_items"]
    assert exported["later"] == {}  # everything was kept, nothing set aside
    assert not [a for a in exported["answers"] if a["question_id"].startswith("_")]
    shown = [a["text"] for a in exported["strategy"]["attention"]]
    assert "Experience journey voor Iedereen" in shown and any(t.startswith("De why: “Omdat we") for t in shown)


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx"])
async def test_the_document_of_a_weak_walk_shows_its_kept_points_and_open_items(db_url: str, tmp_path: Path,
                                                                               fmt: str):
    await weak_team(db_url)
    target = tmp_path / f"strategie.{fmt}"
    await run_export(Settings(database_url=db_url), team="fietsen", fmt=fmt, stdout=io.StringIO(), out=str(target))
    text = {"md": lambda b: b.decode(), "pdf": lambda b: " ".join(pdf_pages(b)), "docx": docx_text}[fmt](
        target.read_bytes())
    text = " ".join(text.split())
    for line in ("Experience journey voor Iedereen", "Nog geen KPI voor Gezinnen",
                 "De why: “Omdat we geld willen verdienen” — De why gaat vooral over geld of groei",
                 "Projectmanager: “Niemand eigenlijk” — Geen projectmanager"):
        assert line in text, line


async def test_the_hint_for_an_unknown_team_quotes_a_name_with_a_space(db_url, capsys):
    assert await run_export(Settings(database_url=db_url), "my team", "md") == 1
    assert "start one with `python -m bot chat --team 'my team'`" in capsys.readouterr().err
