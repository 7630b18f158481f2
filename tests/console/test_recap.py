"""The recap at the end of a step on the console: shown, confirmed with `klopt` or `verder`, changed with `wijzig`;
the next step never starts before the team has confirmed what it decided."""

from __future__ import annotations

from bot.render_text import render_replies
from tests.harness import Coach, context_for, question_of
from tests.scripts import AT, DUTCH


async def at_discover_recap(url: str) -> tuple[Coach, list]:
    ctx = await context_for(url)
    coach = Coach(ctx)
    await coach.say("start")
    replies = await coach.play(DUTCH[:AT["decide"] - 1])
    return coach, replies


async def test_the_recap_is_shown_as_text_with_numbered_klopt_and_wijzig(db_url: str) -> None:
    coach, replies = await at_discover_recap(db_url)
    shown = render_replies(replies)
    await coach.ctx.close()
    assert "[Stap 1 · Discover · samengevat]" in shown
    assert "- **Kernwaarden:** Eerlijkheid, lef, vakmanschap" in shown
    assert shown.rstrip().endswith("Klopt dit?\n  1. Klopt\n  2. Wijzig")


async def test_an_answer_typed_at_the_recap_does_not_start_the_next_step(db_url: str) -> None:
    coach, _ = await at_discover_recap(db_url)
    replies = await coach.say("70/30")
    await coach.ctx.close()
    assert question_of(replies).meta["kind"] == "recap"
    assert not any("Decide" in (r.title or "") for r in replies)


async def test_verder_confirms_the_recap(db_url: str) -> None:
    coach, _ = await at_discover_recap(db_url)
    replies = await coach.say("verder")
    await coach.ctx.close()
    assert "Stap 2 · Decide" in [r.title for r in replies]
    assert question_of(replies).question_id == "marketing_goals.customers"


async def test_an_edit_from_the_recap_comes_back_to_the_recap_with_the_change(db_url: str) -> None:
    coach, _ = await at_discover_recap(db_url)
    menu = await coach.say("wijzig")
    assert "Wat willen jullie wijzigen?" in render_replies(menu) and "`wijzig kernwaarden`" in render_replies(menu)
    await coach.say("wijzig core_values")
    replies = await coach.say("Durf, vakmanschap")
    await coach.ctx.close()
    recap = question_of(replies)
    assert recap.meta["kind"] == "recap" and "Durf, vakmanschap" in recap.text


async def test_a_number_typed_at_the_recaps_change_menu_picks_that_part_not_klopt(db_url: str) -> None:
    # "2" (Wijzig) and then "2" for the second part confirmed the recap and started Decide.
    coach, _ = await at_discover_recap(db_url)
    menu = render_replies(await coach.say("2"))
    assert "  2. Kernwaarden: `wijzig kernwaarden`" in menu
    replies = await coach.say("2")
    await coach.ctx.close()
    assert not any("Decide" in (r.title or "") for r in replies)
    assert question_of(replies).question_id == "core_values.values"
