"""A crash mid-session loses nothing; turns of one team that race are all kept."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from flows.types import Inbound
from storage.db import sync_url
from storage.models import Answer
from tests.harness import Coach, context_for, question_of

ROOT = Path(__file__).resolve().parents[2]


def _chat(db_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "bot", "chat", "--team", "crash", "--user", "anna"], cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _read_until(process: subprocess.Popen[str], marker: str) -> str:
    seen = []
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} never appeared in:\n{''.join(seen)}")


async def test_a_killed_console_resumes_with_every_answer_it_had_acknowledged(db_url: str) -> None:
    process = _chat(db_url)
    assert process.stdin is not None
    _read_until(process, "Waarom doen jullie wat jullie doen?")
    process.stdin.write("Omdat elke fietser veilig de stad door moet kunnen\n")
    process.stdin.flush()
    _read_until(process, "Hoe doen jullie dat?")
    process.send_signal(signal.SIGKILL)  # no clean shutdown, no chance to flush anything
    process.wait(timeout=10)

    ctx = await context_for(db_url)
    replies = await Coach(ctx, team="crash").say("verder")
    async with ctx.sessions() as session:
        why = await session.scalar(select(Answer.value).where(Answer.question_id == "golden_circle.why"))
    await ctx.close()
    assert why == "Omdat elke fietser veilig de stad door moet kunnen"
    assert question_of(replies).question_id == "golden_circle.how"


async def test_answers_sent_at_the_same_moment_are_all_kept(any_db_url: str) -> None:
    ctx = await context_for(any_db_url)
    coach = Coach(ctx, team="busy")
    await coach.say("start")
    # Two parts each: whichever lands on the core values (a list of at least two) is not challenged either.
    texts = [f"antwoord {n}, deel twee" for n in range(5)]
    await asyncio.gather(*(coach.say(text, user=f"user{n}") for n, text in enumerate(texts)))
    async with ctx.sessions() as session:
        stored = list(await session.scalars(select(Answer.value).order_by(Answer.id)))
    await ctx.close()
    # the fourth and fifth questions ask for lists, so those answers are stored as two-item lists
    assert sorted(v if isinstance(v, str) else ", ".join(v) for v in stored) == texts


async def test_a_second_process_sees_answers_the_first_one_saved(any_db_url: str) -> None:
    first, second = await context_for(any_db_url), await context_for(any_db_url)
    await Coach(first, team="shared").say("start")
    await Coach(first, team="shared").say("Omdat het kan")
    await Coach(second, team="shared").say("Met plezier")
    replies = await Coach(first, team="shared").say("samenvatting")
    await first.close()
    await second.close()
    assert "Met plezier" in replies[0].text
    assert question_of(replies).question_id == "golden_circle.what"


async def test_a_team_another_process_moved_on_right_after_this_one_created_it_keeps_that_answer(
        any_db_url: str) -> None:
    first, second = await context_for(any_db_url), await context_for(any_db_url)
    # The first process creates the team (and so knows it as empty); before its first turn, the second
    # process starts the team and saves an answer.
    await first.service.identity(Inbound(platform="console", workspace="local", team="new", user="anna",
                                         user_name="anna"))
    await Coach(second, team="new", user="bram").play(["start", "Omdat het kan"])
    replies = await Coach(first, team="new").say("samenvatting")
    await first.close()
    await second.close()
    assert "Omdat het kan" in replies[0].text


async def test_an_adapter_hook_that_fails_rolls_the_whole_turn_back(db_url: str) -> None:
    ctx = await context_for(db_url)
    coach = Coach(ctx, team="hooked")
    await coach.say("start")
    seen: list[str] = []

    async def failing_hook(conn: object, replies: list, language: str) -> None:
        seen.append(language)
        raise RuntimeError("the adapter's bookkeeping failed")

    inbound = Inbound(platform="console", workspace="local", team="hooked", user="anna", text="Omdat het kan")
    with pytest.raises(RuntimeError):
        await ctx.service.handle(inbound, in_transaction=failing_hook)
    replies = await coach.say("verder")
    async with ctx.sessions() as session:
        stored = list(await session.scalars(select(Answer.value)))
    await ctx.close()
    assert seen == ["nl"]
    assert stored == []
    assert question_of(replies).question_id == "golden_circle.why"


async def test_a_turn_survives_the_database_dropping_its_connection(pg_url: str) -> None:
    ctx = await context_for(pg_url)
    coach = Coach(ctx, team="dropped")
    await coach.say("start")
    admin = sa.create_engine(sync_url(pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # what a database restart or failover does to pooled connections
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    admin.dispose()
    replies = await coach.say("Omdat het kan")
    await ctx.close()
    assert question_of(replies).question_id == "golden_circle.how"
