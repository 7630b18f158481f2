"""Exactly once, whatever happens: restarts, a failing platform, people the bot cannot reach."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.demo import seed_demo_team
from scheduler.fake_platform import HttpDeliverer
from scheduler.scan import scan
from scheduler.sender import Sender
from scheduler.state import load_bundles
from scheduler.summaries import checkin
from storage.cycle_models import OutboxMessage, UnreachableRecipient
from storage.db import make_engine, make_sessionmaker

REMINDER = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # Monday 4 January, 09:00 in Amsterdam


async def _team(sessions, **kwargs) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        return (await seed_demo_team(session, kwargs.pop("name", "t"), **kwargs)).id


async def test_a_restart_across_the_due_time_posts_once_when_back(sessions, cycle, platform):
    await _team(sessions)
    await cycle.run_at(REMINDER - timedelta(minutes=1))
    assert not [p for p in platform.posts if "/reminder/" in p["key"]]
    # The process is down from 08:59 to 11:30; the first scan after the restart catches up.
    await cycle.run_at(REMINDER + timedelta(hours=2, minutes=30))
    await cycle.run_at(REMINDER + timedelta(hours=2, minutes=31))
    reminders = [p for p in platform.posts if "/reminder/" in p["key"]]
    assert sorted(p["address"] for p in reminders) == ["anna", "bram"]


async def test_a_failing_platform_is_retried_with_backoff_until_it_recovers(sessions, cycle, platform):
    await _team(sessions)
    platform.fail_next = 4  # HTTP 503 for the first four requests
    await cycle.run_at(REMINDER)
    assert platform.posts == []
    async with sessions() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    assert {r.status for r in rows} == {"pending"} and {r.attempts for r in rows} == {1}
    await cycle.run_at(REMINDER + timedelta(minutes=1))  # first retry after one minute: one still fails
    await cycle.run_at(REMINDER + timedelta(minutes=5))
    assert platform.duplicates() == 0
    assert len(platform.posts) == len(rows)
    async with sessions() as session:
        assert {r.status for r in await session.scalars(select(OutboxMessage))} == {"sent"}


async def test_an_unreachable_person_is_recorded_kept_and_shown_to_the_project_manager(sessions, cycle, platform):
    team_id = await _team(sessions)
    platform.unreachable.add("bram")
    await cycle.run_at(REMINDER)
    async with sessions() as session:
        unreachable = list(await session.scalars(select(UnreachableRecipient)))
        kept = await session.scalar(select(OutboxMessage).where(OutboxMessage.address == "bram"))
        bundle = (await load_bundles(session, REMINDER, [team_id]))[0]
        message = (await checkin(session, bundle, REMINDER))[0].text
    assert [u.recipient for u in unreachable] == ["user:bram"]
    assert kept.status == "pending" and kept.next_attempt_at.replace(tzinfo=UTC) > REMINDER
    assert "Bram" in message.splitlines()[-1]
    platform.unreachable.clear()  # someone re-adds the bot; the kept post goes out on a later try
    await cycle.run_at(REMINDER + timedelta(hours=7))
    assert [p["address"] for p in platform.posts].count("bram") == 1


async def test_a_deliverer_that_raises_loses_nothing(sessions, platform):
    await _team(sessions)

    class Broken:
        platform = "console"

        async def deliver(self, destination, replies):  # type: ignore[no-untyped-def]
            raise RuntimeError("adapter bug")

    await scan(sessions, REMINDER)
    result = await Sender(sessions, {"console": Broken()}, lambda: REMINDER, pace_seconds=0).send_ready()
    assert result.failed == 3 and result.sent == 0
    async with sessions() as session:
        assert {r.last_error for r in await session.scalars(select(OutboxMessage))} == {"RuntimeError: adapter bug"}


@pytest.mark.postgres
async def test_two_schedulers_on_one_postgresql_database_post_once(pg_url, platform):
    engines = [make_engine(pg_url) for _ in range(2)]
    makers = [make_sessionmaker(e) for e in engines]
    # Two workspaces: within one, Anna's and Bram's reminders of both teams would be one message each.
    await _team(makers[0], name="pg1", workspace="w1")
    await _team(makers[0], name="pg2", workspace="w2")
    deliverers = [HttpDeliverer(platform.url) for _ in range(2)]
    try:
        senders = [Sender(m, {"console": d}, lambda: REMINDER, pace_seconds=0, batch=2)
                   for m, d in zip(makers, deliverers, strict=True)]
        # Both scan and send at the same moment: the unique key and SKIP LOCKED decide.
        await asyncio.gather(*(scan(m, REMINDER) for m in makers))
        await asyncio.gather(*(s.send_ready() for s in senders))
        await asyncio.gather(*(scan(m, REMINDER + timedelta(minutes=1)) for m in makers))
        await asyncio.gather(*(s.send_ready() for s in senders))
    finally:
        for d in deliverers:
            await d.close()
        for e in engines:
            await e.dispose()
    assert len(platform.posts) == 6  # per team: Anna's and Bram's reminder, Anna's check-in
    assert platform.duplicates() == 0
