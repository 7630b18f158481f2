"""The whole model, first question to strategy summary, through the real service and database."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.console import run_chat
from bot.export import run_export
from flows.definition import default_flow
from flows.types import ReplyKind
from storage.models import Answer, Kpi
from tests.harness import Coach, context_for
from tests.scripts import DUTCH, ENGLISH


@pytest.mark.parametrize("language,lines", [("nl", DUTCH), ("en", ENGLISH)])
async def test_whole_flow_stores_every_answer_and_exports_them(any_db_url: str, language: str,
                                                               lines: list[str]) -> None:
    ctx = await context_for(any_db_url)
    coach = Coach(ctx)
    try:
        await coach.say("start", language=language)
        replies = await coach.play(lines)
        assert replies[-1].kind == ReplyKind.SUMMARY
        async with ctx.sessions() as session:
            stored = set((await session.execute(select(Answer.question_id).distinct())).scalars())
            kpi_names = list(await session.scalars(select(Kpi.name)))
        assert stored == {q.id for q in default_flow().questions}
        assert kpi_names == (["Conversieratio webshop", "Aanvragen van starters"] if language == "nl"
                             else ["Web shop conversion rate", "Requests from starters"])
    finally:
        await ctx.close()

    out = io.StringIO()
    assert await run_export(Settings(database_url=any_db_url), team="demo", fmt="json", stdout=out) == 0
    exported = json.loads(out.getvalue())
    assert {a["question_id"] for a in exported["answers"]} == stored
    markdown = io.StringIO()
    await run_export(Settings(database_url=any_db_url), team="demo", fmt="md", stdout=markdown)
    for line in ("Ondernemende Els" if language == "nl" else "Enterprising Els", "Sanne", "2,5" if language == "nl"
                 else "2.5"):
        assert line in markdown.getvalue()


async def test_piped_console_session_runs_the_whole_flow(db_url: str) -> None:
    script = "\n".join(line.replace("\n", "; ") for line in DUTCH) + "\n"
    out = io.StringIO()
    assert await run_chat(Settings(database_url=db_url), team="piped", user="anna", stdin=io.StringIO(script),
                          stdout=out) == 0
    assert "Strategie op één pagina — piped" in out.getvalue()  # page one of the document
    ctx = await context_for(db_url)
    async with ctx.sessions() as session:
        count = await session.scalar(select(func.count(func.distinct(Answer.question_id))))
    await ctx.close()
    assert count == len(default_flow().questions)
