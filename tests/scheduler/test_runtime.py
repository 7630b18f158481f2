"""The real AsyncIOScheduler with its SQLAlchemy job store, and leader election."""

import asyncio
from datetime import UTC, datetime

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED

from scheduler import jobs
from scheduler.demo import seed_demo_team
from scheduler.leader import Leadership
from scheduler.runtime import CycleScheduler
from storage.db import make_engine, make_sessionmaker

AFTER_REMINDER = datetime(2027, 1, 4, 8, 30, tzinfo=UTC)


def _executed(cycle: CycleScheduler, job_id: str) -> asyncio.Event:
    done = asyncio.Event()
    cycle.scheduler.add_listener(lambda e: done.set() if e.job_id == job_id else None, EVENT_JOB_EXECUTED)
    return done


async def test_the_real_scheduler_posts_once_and_a_restart_neither_duplicates_jobs_nor_posts(
        db_url, sessions, deliverer, platform):
    async with sessions() as session, session.begin():
        await seed_demo_team(session, "live")
    engine = make_engine(db_url)
    try:
        for _restart in range(2):
            cycle = CycleScheduler(engine, make_sessionmaker(engine), {"console": deliverer}, lambda: AFTER_REMINDER,
                                   db_url, key="test-live", pace_seconds=0)
            assert await cycle.step()  # SQLite: the one process leads
            scanned, sent = _executed(cycle, jobs.SCAN_JOB_ID), _executed(cycle, jobs.SEND_JOB_ID)
            await asyncio.wait_for(asyncio.gather(scanned.wait(), sent.wait()), timeout=30)
            if sent.is_set() and len(platform.posts) < 3:  # the send may have run before the scan committed
                await jobs.send_outbox("test-live")
            assert sorted(j.id for j in cycle.scheduler.get_jobs()) == [jobs.SCAN_JOB_ID, jobs.SEND_JOB_ID]
            job = cycle.scheduler.get_job(jobs.SCAN_JOB_ID)
            assert job.misfire_grace_time >= 3600 and job.coalesce and job.max_instances == 1
            await cycle.stop()
    finally:
        await engine.dispose()
    assert len(platform.posts) == 3 and platform.duplicates() == 0


@pytest.mark.postgres
async def test_only_one_process_leads_a_postgresql_database_until_it_lets_go(pg_url):
    engines = [make_engine(pg_url) for _ in range(2)]
    first, second = (Leadership(e, key=4242) for e in engines)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        assert await first.check()
        await first.release()
        assert await second.try_acquire()
    finally:
        await first.release()
        await second.release()
        for e in engines:
            await e.dispose()


@pytest.mark.postgres
async def test_a_follower_never_starts_apscheduler(pg_url, deliverer):
    engines = [make_engine(pg_url) for _ in range(2)]
    cycles = [CycleScheduler(e, make_sessionmaker(e), {"console": deliverer}, lambda: AFTER_REMINDER, pg_url,
                             key=f"pg-{n}") for n, e in enumerate(engines)]
    try:
        leading = [await c.step() for c in cycles]
        assert leading == [True, False]
        assert cycles[1].scheduler is None
    finally:
        for c in cycles:
            await c.stop()
        for e in engines:
            await e.dispose()
