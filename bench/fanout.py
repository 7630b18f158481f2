"""Fan-out benchmark: N teams due at the same minute, delivered to a fake platform over loopback.

    .venv/bin/python bench/fanout.py [--teams 10000] [--postgres postgresql://postgres@127.0.0.1:5432/test]

Seeds N teams (one KPI owner each, all with the same day and hour), sets the clock to that
minute, runs the real scan and sender, and prints: time from due to the last delivery,
deliveries per second, peak memory (max RSS), and duplicates (must be 0; a second scan+send
afterwards must add nothing), next to a baseline measured in the same run: the same number of
posts sent straight to the fake platform. Goal: 10,000 delivered within 60 s, under 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.types import Reply, ReplyKind
from scheduler.delivery import Destination
from scheduler.fake_platform import FakePlatform, HttpDeliverer
from scheduler.scan import scan
from scheduler.sender import Sender
from storage.db import make_engine, make_sessionmaker, sync_url
from storage.migrate import upgrade
from storage.scratch import bench_database

DUE = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)  # Wednesday 3 March 2027, 09:00 in Amsterdam


def seed(url: str, teams: int) -> None:
    engine = sa.create_engine(sync_url(url))
    now = datetime(2027, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        ws = conn.execute(sa.text("INSERT INTO workspaces (platform, external_id, created_at) "
                                  "VALUES ('console', 'bench', :now) RETURNING id"), {"now": now}).scalar_one()
        conn.execute(sa.text("INSERT INTO teams (workspace_id, external_id, name, language, timezone, created_at) "
                             "VALUES (:ws, :ext, :ext, 'nl', 'Europe/Amsterdam', :now)"),
                     [{"ws": ws, "ext": f"team-{n}", "now": now} for n in range(teams)])
        ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM teams WHERE workspace_id = :ws ORDER BY id"),
                                          {"ws": ws})]
        conn.execute(sa.text("INSERT INTO members (team_id, external_id, name, created_at) "
                             "VALUES (:t, :ext, :ext, :now)"),
                     [{"t": t, "ext": f"owner-{t}", "now": now} for t in ids])
        conn.execute(sa.text(
            "INSERT INTO kpis (team_id, key, name, unit, baseline, target, owner, smart_missing, active, updated_at) "
            "VALUES (:t, 'leads', 'Leads', 'count', 100, 150, :owner, '[]', true, :now)"),
            [{"t": t, "owner": f"owner-{t}", "now": now} for t in ids])
        conn.execute(sa.text(
            "INSERT INTO cycle_schedules (team_id, day_of_month, hour, timezone, country, open_days, nudge_days, "
            "deadline_days, evaluation_days, checkin_weekday, paused, updated_at) "
            "VALUES (:t, 3, 9, 'Europe/Amsterdam', 'NL', 3, 2, 7, 2, 0, false, :now)"),
            [{"t": t, "now": now} for t in ids])
    engine.dispose()


async def run(url: str, teams: int) -> int:
    platform = FakePlatform()
    await platform.start()
    deliverer = HttpDeliverer(platform.url, connections=100)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    clock = [DUE]
    sender = Sender(sessions, {"console": deliverer}, lambda: clock[0], batch=1000, concurrency=100)
    try:
        started = time.perf_counter()
        scanned = await scan(sessions, DUE)
        scan_seconds = time.perf_counter() - started
        await sender.send_ready()
        elapsed = time.perf_counter() - started
        delivered = len(platform.posts)
        clock[0] = DUE.replace(minute=1)  # the next minute's scan and send must add nothing
        again = (await scan(sessions, clock[0])).enqueued
        await sender.send_ready()
    finally:
        await deliverer.close()
        await platform.stop()
        await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"teams:                   {teams}")
    print(f"enqueued:                {scanned.enqueued} (scan took {scan_seconds:.1f} s)")
    print(f"delivered:               {delivered}")
    print(f"due → last delivery:     {elapsed:.1f} s")
    print(f"deliveries per second:   {delivered / elapsed:.0f}")
    print(f"peak memory (max RSS):   {peak_mb:.0f} MB")
    print(f"duplicates:              {platform.duplicates() + (len(platform.posts) - delivered)} "
          f"(second scan enqueued {again})")
    floor = await bare_posts(teams)
    print(f"baseline, the same {teams} posts sent straight to the fake (no outbox, no database): "
          f"{floor:.1f} s, {teams / floor:.0f}/s; the outbox costs {elapsed / floor:.1f}x that")
    ok = delivered == teams and platform.duplicates() == 0 and again == 0 and elapsed < 60 and peak_mb < 300
    print("goal (all within 60 s, < 300 MB, 0 duplicates):", "met" if ok else "NOT met")
    return 0 if ok else 1


async def bare_posts(count: int) -> float:
    """The floor: the same deliverer and concurrency, posting without scan, outbox or bookkeeping."""
    platform = FakePlatform()
    await platform.start()
    deliverer = HttpDeliverer(platform.url, connections=100)
    gate = asyncio.Semaphore(100)
    reply = [Reply(ReplyKind.TEXT, "KPI-waarden voor maart 2027")]

    async def post(n: int) -> None:
        async with gate:
            await deliverer.deliver(Destination("console", "bench", f"team-{n}", "user", f"owner-{n}"), reply)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(post(n) for n in range(count)))
        return time.perf_counter() - started
    finally:
        await deliverer.close()
        await platform.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=10_000)
    parser.add_argument("--postgres", default=None, metavar="ADMIN_URL",
                        help="run on PostgreSQL: a scratch database is created beside ADMIN_URL's and dropped after")
    args = parser.parse_args()
    with bench_database(args.postgres) as url:
        upgrade(url)
        seed(url, args.teams)
        return asyncio.run(run(url, args.teams))


if __name__ == "__main__":
    raise SystemExit(main())
