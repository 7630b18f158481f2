"""Fan-out benchmark: N teams due at the same minute, delivered to a fake platform over loopback.

    .venv/bin/python bench/fanout.py [--kind reminder|report] [--teams 10000]
                                     [--postgres postgresql://postgres@127.0.0.1:5432/test]

`--kind reminder`: N teams (one KPI owner each) whose reminder falls due at 09:00 on 3 March 2027.
`--kind report` (the deadline moment): N teams with two KPIs and a year of values, reminded and
nudged for February, one value still missing at the deadline of 10 March 2027: each team's
report (with its two native charts) and an escalation to its project manager fall due together.

The production jobs run as in the server: `scheduler.jobs.scan_due` (the batched scan, then a
kick of the sender) and the send job every 15 s, with the sender's production batch and
concurrency. The clock starts at the due time, so the wait until the scan job's first turn counts
(the scan runs on the minute, so for a whole-hour due time that wait is zero). Prints: due → last
delivery, deliveries per second, peak memory (max RSS), payload bytes, the longest database
transaction (scan and sender), and duplicates (must be 0; a second scan and send afterwards must
add nothing), next to a baseline measured in the same run: the same number of posts sent straight
to the fake platform. Goal: everything within 60 s of the due time, under 300 MB, 0 duplicates,
no transaction over 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.types import Reply, ReplyKind
from scheduler import jobs
from scheduler.delivery import Destination
from scheduler.fake_platform import FakePlatform, HttpDeliverer
from scheduler.runtime import scan_trigger
from scheduler.sender import BATCH, CONCURRENCY
from storage.db import make_engine, make_sessionmaker, sync_url
from storage.migrate import upgrade
from storage.scratch import bench_database

REMINDER_DUE = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)  # Wednesday 3 March 2027, 09:00 in Amsterdam
DEADLINE = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)  # the deadline of February's values: 7 days later
SEND_SECONDS = 15  # the send job's interval in production (scheduler/runtime.py)
KEY = "fanout-bench"


def _teams(conn: sa.Connection, teams: int, now: datetime) -> list[int]:
    ws = conn.execute(sa.text("INSERT INTO workspaces (platform, external_id, created_at) "
                              "VALUES ('console', 'bench', :now) RETURNING id"), {"now": now}).scalar_one()
    conn.execute(sa.text("INSERT INTO teams (workspace_id, external_id, name, language, timezone, created_at) "
                         "VALUES (:ws, :ext, :ext, 'nl', 'Europe/Amsterdam', :now)"),
                 [{"ws": ws, "ext": f"team-{n}", "now": now} for n in range(teams)])
    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM teams WHERE workspace_id = :ws ORDER BY id"),
                                      {"ws": ws})]
    conn.execute(sa.text("INSERT INTO members (team_id, external_id, name, created_at) VALUES (:t, :ext, :ext, :now)"),
                 [{"t": t, "ext": f"{who}-{t}", "now": now} for t in ids for who in ("owner", "pm")])
    conn.execute(sa.text("INSERT INTO member_roles (member_id, role) SELECT id, 'project_manager' FROM members "
                         "WHERE external_id LIKE 'pm-%'"))
    conn.execute(sa.text(
        "INSERT INTO cycle_schedules (team_id, day_of_month, hour, timezone, country, open_days, nudge_days, nudges, "
        "deadline_days, evaluation_days, checkin_weekday, paused, updated_at) "
        "VALUES (:t, 3, 9, 'Europe/Amsterdam', 'NL', 3, 2, 2, 7, 2, 0, false, :now)"),
        [{"t": t, "now": now} for t in ids])
    return ids


def _kpis(conn: sa.Connection, ids: list[int], keys: tuple[str, ...], now: datetime) -> None:
    units = {"leads": ("Leads", "count", 100, 150), "conversie": ("Conversie", "percent", 2.0, 3.0)}
    conn.execute(sa.text(
        "INSERT INTO kpis (team_id, key, name, unit, baseline, target, deadline, owner, smart_missing, active, "
        "updated_at) VALUES (:t, :key, :name, :unit, :baseline, :target, '2027-12-31', :owner, '[]', true, :now)"),
        [{"t": t, "key": key, "name": units[key][0], "unit": units[key][1], "baseline": units[key][2],
          "target": units[key][3], "owner": f"owner-{t}", "now": now} for t in ids for key in keys])


def seed(url: str, teams: int, kind: str) -> None:
    engine = sa.create_engine(sync_url(url))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        ids = _teams(conn, teams, now)
        if kind == "reminder":
            _kpis(conn, ids, ("leads",), now)
        else:
            _kpis(conn, ids, ("leads", "conversie"), now)
            history = [f"2026-{m:02d}" for m in range(3, 13)] + ["2027-01", "2027-02"]
            kpis = conn.execute(sa.text("SELECT id, team_id, key FROM kpis")).all()
            # A year of values; February's conversion is the one still missing at the deadline.
            conn.execute(sa.text(
                "INSERT INTO kpi_values (team_id, kpi_id, period, value, status, late, entered_by, entered_at, "
                "updated_at) VALUES (:t, :k, :p, :v, 'entered', false, 'owner', :now, :now)"),
                [{"t": t, "k": k, "p": p, "v": (100 + 4 * n) if key == "leads" else round(2.0 + 0.05 * n, 2),
                  "now": now} for k, t, key in kpis for n, p in enumerate(history)
                 if not (key == "conversie" and p == "2027-02")])
            posted = [("reminder", REMINDER_DUE), ("nudge1", REMINDER_DUE + timedelta(days=2)),
                      ("nudge2", REMINDER_DUE + timedelta(days=5))]
            conn.execute(sa.text(
                "INSERT INTO outbox (team_id, kind, period, recipient, platform, workspace, team_external, dest_kind, "
                "address, payload, due_at, status, attempts, next_attempt_at, created_at, sent_at) VALUES (:t, :kind, "
                "'2027-02', :r, 'console', 'bench', :ext, 'user', :a, '[]', :due, 'sent', 1, :due, :due, :due)"),
                [{"t": t, "kind": kind_, "r": f"user:owner-{t}", "ext": f"team-{n}", "a": f"owner-{t}", "due": due}
                 for n, t in enumerate(ids) for kind_, due in posted])
    engine.dispose()


async def _send_job(stop: asyncio.Event) -> None:
    """The send job as APScheduler runs it in production: every 15 s."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SEND_SECONDS)
        if not stop.is_set():
            await jobs.send_outbox(KEY)


async def run(url: str, teams: int, kind: str) -> int:
    due = REMINDER_DUE if kind == "reminder" else DEADLINE
    expected = teams * (1 if kind == "reminder" else 2)
    platform = FakePlatform(keep_bodies=False)
    await platform.start()
    deliverer = HttpDeliverer(platform.url, connections=CONCURRENCY)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    started = time.perf_counter()
    clock = lambda: due + timedelta(seconds=time.perf_counter() - started)  # noqa: E731 - the bench's clock
    runtime = jobs.CycleRuntime(sessions, {"console": deliverer}, clock)  # the sender's production settings
    jobs.register(KEY, runtime)
    first_scan = scan_trigger(60).get_next_fire_time(None, due - timedelta(microseconds=1))
    wait = (first_scan - due).total_seconds()
    stop = asyncio.Event()
    sender_job = asyncio.create_task(_send_job(stop))
    try:
        await asyncio.sleep(wait)  # the scan job's first turn at or after the due time
        scanned = await jobs.scan_due(KEY)
        scan_done = time.perf_counter() - started
        while len(platform.posts) < expected and time.perf_counter() - started < 600:
            await jobs.send_outbox(KEY)
            if len(platform.posts) < expected:
                await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        delivered = len(platform.posts)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the run's, before the bench's counting
        payload_bytes = await _payload_bytes(sessions)
        again = (await jobs.scan_due(KEY)).enqueued  # a later scan and send must add nothing
        await jobs.send_outbox(KEY)
    finally:
        stop.set()
        await sender_job
        jobs.unregister(KEY)
        await deliverer.close()
        await platform.stop()
        await engine.dispose()
    longest = max(scanned.longest_transaction, runtime.sender.longest_transaction)
    duplicates = platform.duplicates() + (len(platform.posts) - delivered)
    what = "reminders" if kind == "reminder" else "reports with charts + escalations"
    print(f"kind:                    {kind} ({what})")
    print(f"teams:                   {teams}")
    print(f"sender:                  batch {BATCH}, concurrency {CONCURRENCY}, send job every {SEND_SECONDS} s")
    print(f"wait for the first scan: {wait:.1f} s (the scan runs on the minute)")
    print(f"enqueued:                {scanned.enqueued} in {scanned.batches} batches (scan done {scan_done:.1f} s)")
    print(f"delivered:               {delivered} of {expected}")
    print(f"due → last delivery:     {elapsed:.1f} s")
    print(f"deliveries per second:   {delivered / elapsed:.0f}")
    print(f"peak memory (max RSS):   {peak_mb:.0f} MB")
    print(f"payload in the outbox:   {payload_bytes / 1e6:.1f} MB")
    spans = sorted(scanned.transactions)
    print(f"longest transaction:     {longest:.2f} s (scan {scanned.longest_transaction:.2f} s, median "
          f"{spans[len(spans) // 2]:.2f} s, the three longest {', '.join(f'{t:.2f}' for t in spans[-3:])}; "
          f"sender {runtime.sender.longest_transaction:.2f} s)")
    print(f"duplicates:              {duplicates} (second scan enqueued {again})")
    floor = await bare_posts(expected)
    print(f"baseline, the same {expected} posts sent straight to the fake (no outbox, no database): "
          f"{floor:.1f} s, {expected / floor:.0f}/s; the outbox costs {elapsed / floor:.1f}x that")
    ok = (delivered == expected and duplicates == 0 and again == 0 and elapsed < 60 and peak_mb < 300
          and longest < 1.0)
    print("goal (all within 60 s of due, < 300 MB, 0 duplicates, no transaction over 1 s):",
          "met" if ok else "NOT met")
    return 0 if ok else 1


async def _payload_bytes(sessions) -> int:  # type: ignore[no-untyped-def]
    """Counted by the database: loading 20,000 payloads here would be the bench's memory, not the run's."""
    table = sa.table("outbox", sa.column("payload"), sa.column("status"))
    async with sessions() as session:
        total = await session.scalar(sa.select(sa.func.sum(sa.func.length(sa.cast(table.c.payload, sa.Text))))
                                     .where(table.c.status != "merged"))
    return int(total or 0)


async def bare_posts(count: int) -> float:
    """The floor: the same deliverer and concurrency, posting without scan, outbox or bookkeeping."""
    platform = FakePlatform(keep_bodies=False)
    await platform.start()
    deliverer = HttpDeliverer(platform.url, connections=CONCURRENCY)
    gate = asyncio.Semaphore(CONCURRENCY)
    reply = [Reply(ReplyKind.TEXT, "KPI-waarden van februari 2027")]

    async def post(n: int) -> None:
        async with gate:
            await deliverer.deliver(Destination("console", "bench", f"team-{n}", "user", f"owner-{n}"), reply)

    try:
        began = time.perf_counter()
        await asyncio.gather(*(post(n) for n in range(count)))
        return time.perf_counter() - began
    finally:
        await deliverer.close()
        await platform.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("reminder", "report"), default="report")
    parser.add_argument("--teams", type=int, default=10_000)
    parser.add_argument("--postgres", default=None, metavar="ADMIN_URL",
                        help="run on PostgreSQL: a scratch database is created beside ADMIN_URL's and dropped after")
    args = parser.parse_args()
    with bench_database(args.postgres) as url:
        # Migrate and seed in a child process: the peak memory printed is then the run's, not the seeding's.
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            pool.apply(_prepare, (url, args.teams, args.kind))
        return asyncio.run(run(url, args.teams, args.kind))


def _prepare(url: str, teams: int, kind: str) -> None:
    upgrade(url)
    seed(url, teams, kind)


if __name__ == "__main__":
    raise SystemExit(main())
