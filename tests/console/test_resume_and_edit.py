"""Quitting and resuming, editing with history, one open flow per team, teams kept apart."""

from __future__ import annotations

import io

from sqlalchemy import select

from bot.config import Settings
from bot.console import run_chat
from flows.types import ReplyKind
from storage import repo
from storage.models import Team
from tests.harness import Coach, context_for, question_of
from tests.scripts import AT, DUTCH


async def test_quitting_mid_step_resumes_at_the_same_question(any_db_url: str) -> None:
    settings = Settings(database_url=any_db_url)
    first = io.StringIO()
    await run_chat(settings, team="t", user="anna", stdin=io.StringIO("\n".join(DUTCH[:5]) + "\nstop\n"), stdout=first)
    second = io.StringIO()
    await run_chat(settings, team="t", user="anna", stdin=io.StringIO(""), stdout=second)
    assert "Gepauzeerd" in first.getvalue()
    assert "Jullie zijn al bezig" in second.getvalue()
    assert "En welke uitdagingen komen jullie onderweg tegen?" in second.getvalue()


async def test_quitting_half_way_through_a_form_keeps_the_fields_given(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx)
    await coach.say("start")
    await coach.play([*DUTCH[:AT["persona"]], "Ondernemende Els", "45 jaar"])
    await ctx.close()
    ctx = await context_for(db_url)
    replies = await Coach(ctx).say("verder")
    await ctx.close()
    assert "Gedrag (ook online) (3/5)" in question_of(replies).text
    assert question_of(replies).form.fields[0].value == "Ondernemende Els"


async def test_editing_an_earlier_answer_keeps_both_versions(any_db_url: str) -> None:
    ctx = await context_for(any_db_url)
    coach = Coach(ctx)
    await coach.say("start")
    await coach.play(DUTCH[:6])
    replies = await coach.say("wijzig kernwaarden")
    assert "Huidig antwoord: Eerlijkheid, lef, vakmanschap" in replies[0].text
    assert replies[0].replaces == "core_values.values"
    replies = await coach.say("Durf, vakmanschap", user="bram")
    assert "Gewijzigd" in replies[0].text
    assert question_of(replies).question_id == "ambitions.problem"
    async with ctx.sessions() as session:
        team = (await session.scalars(select(Team))).one()
        history = await repo.answer_history(session, team.id, "core_values.values")
    await ctx.close()
    assert [(a.version, a.value, a.author_name) for a in history] == [
        (1, ["Eerlijkheid", "lef", "vakmanschap"], "anna"), (2, ["Durf", "vakmanschap"], "bram")]


async def test_a_second_start_says_where_the_team_is(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx)
    await coach.say("start")
    await coach.play(DUTCH[:3])
    replies = await coach.say("start")
    await ctx.close()
    assert "Jullie zijn al bezig (Stap 1 · Discover · Kernwaarden)" in replies[0].text
    assert question_of(replies).question_id == "core_values.values"


async def test_one_team_never_sees_another_teams_answers(any_db_url: str) -> None:
    ctx = await context_for(any_db_url)
    alpha, beta = Coach(ctx, team="alpha"), Coach(ctx, team="beta")
    await alpha.say("start")
    await alpha.play(DUTCH[:4])
    await beta.say("start")
    replies = await beta.say("samenvatting")
    await ctx.close()
    summary = next(r for r in replies if r.kind == ReplyKind.SUMMARY)
    assert "Eerlijkheid" not in summary.text
    assert question_of(replies).question_id == "golden_circle.why"


async def test_skipping_discover_goes_straight_to_decide(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx)
    await coach.say("start")
    replies = await coach.say("overslaan stap")
    await ctx.close()
    assert replies[1].kind == ReplyKind.STEP_INTRO and "Decide" in replies[1].title
    assert question_of(replies).question_id == "marketing_goals.customers"


async def test_only_a_project_manager_can_start_over(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx)
    await coach.say("start")
    await coach.play(DUTCH[:3])
    refused = await coach.say("opnieuw")
    await coach.say("rol ik projectmanager")
    confirm = await coach.say("opnieuw")
    restarted = await coach.say(choice="yes")
    await ctx.close()
    assert "Alleen een projectmanager" in refused[0].text
    assert [c.value for c in question_of(confirm).choices] == ["yes", "no"]
    assert question_of(restarted).question_id == "golden_circle.why"
    assert "Huidig antwoord" in question_of(restarted).text


async def test_the_second_project_manager_needs_the_first_ones_consent(db_url: str) -> None:
    ctx = await context_for(db_url)
    await Coach(ctx, user="anna").say("rol ik projectmanager")
    replies = await Coach(ctx, user="bram").say("rol ik pm")
    granted = await Coach(ctx, user="anna").say("rol @bram pm")
    await ctx.close()
    assert "Alleen een projectmanager" in replies[0].text
    assert granted[0].text == "bram is nu projectmanager."


async def test_an_answer_starting_with_a_cycle_word_is_kept_as_the_answer(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx)
    await coach.say("start")
    replies = await coach.say("Waarde voor de klant staat bij ons centraal.")
    await ctx.close()
    assert question_of(replies).question_id == "golden_circle.how"
