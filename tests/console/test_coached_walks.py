"""The whole model through the real service and database: weak answers meet every rule once and are kept on
purpose; strong answers are never challenged. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json

from bot.config import Settings
from bot.export import run_export
from flows.types import Reply, ReplyKind
from tests.harness import Coach, context_for
from tests.scripts import DUTCH
from tests.weak_walk import CHALLENGED, DUTCH_WEAK


async def walk(url: str, lines: list[str], language: str = "nl") -> tuple[list[str], list[Reply], list[Reply]]:
    """Play `lines`; returns the rules challenged (in order), the last replies and every recap shown."""
    ctx = await context_for(url)
    coach = Coach(ctx, team="fietsen")
    rules: list[str] = []
    recaps: list[Reply] = []
    try:
        replies = await coach.say("start", language=language)
        for line in lines:
            replies = await coach.play([line])
            rules += [r.meta["rule"] for r in replies if r.meta.get("kind") == "challenge"]
            recaps += [r for r in replies if r.meta.get("kind") == "recap"]
        status = await coach.say("status")
    finally:
        await ctx.close()
    return rules, replies + status, recaps


async def export(url: str, fmt: str) -> str:
    out = io.StringIO()
    assert await run_export(Settings(database_url=url), team="fietsen", fmt=fmt, stdout=out) == 0
    return out.getvalue()


async def test_a_weak_walk_meets_every_rule_once_and_the_export_shows_every_kept_point(any_db_url: str) -> None:
    rules, last, recaps = await walk(any_db_url, DUTCH_WEAK)
    assert rules == CHALLENGED
    assert [r.step_id for r in recaps] == ["discover", "decide", "translate", "achieve"]
    assert "Nog niet compleet: Gezinnen: geen KPI, Studenten: geen KPI, Iedereen: geen KPI" in recaps[1].text
    assert "Aandachtspunten: De why gaat vooral over geld of groei" in recaps[0].text
    assert last[0].text.startswith("Bijna klaar!") and "Gezinnen: geen KPI" in last[0].text
    kept_rules = sorted(set(CHALLENGED) - {"groups_new"})  # a new focus group is confirmed, not kept as weak
    document = json.loads(await export(any_db_url, "json"))
    assert sorted(p["value"]["rule"] for p in document["kept_points"]) == kept_rules
    assert {p["author"] for p in document["kept_points"]} == {"anna"} and all(p["at"] for p in document["kept_points"])
    markdown = await export(any_db_url, "md")
    for quote in ("Omdat we geld willen verdienen", "Wij zijn de beste.", "Eigenlijk niets, we willen alles proberen",
                  "Niemand eigenlijk"):
        assert quote in markdown, quote  # the words kept are quoted in the document
    status = last[-2] if last[-1].kind == ReplyKind.QUESTION else last[-1]
    assert "Aandachtspunten (bewust zo gehouden): De why gaat vooral over geld of groei" in status.text


async def test_a_strong_walk_is_never_challenged_and_ends_klaar(any_db_url: str) -> None:
    # (the English walk is checked the same way on the engine alone: tests/flows/test_engine_walk.py)
    language = "nl"
    rules, last, recaps = await walk(any_db_url, DUTCH, language)
    assert rules == []
    assert len(recaps) == 4
    assert last[0].text.startswith("Klaar!")
    document = json.loads(await export(any_db_url, "json"))
    assert document["kept_points"] == []
