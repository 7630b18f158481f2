"""Benchmark: what the document link costs the scan at the moment N leadership summaries fall due.

    .venv/bin/python bench/document_links.py [--teams 2000] [--rounds 3]
                                             [--postgres postgresql://postgres@127.0.0.1:5432/test]

N demo teams (a strategy, three KPIs, a leadership channel; scheduler/demo.py) on one schedule. Every
post due before their leadership summary is enqueued first; then the scan at the summary's due time
runs `--rounds` times each way, alternating, the summaries deleted from the outbox in between:
- baseline: no PUBLIC_URL, the summary points to the `document` command (today's line);
- link:     PUBLIC_URL set, the summary carries a signed link (bot/document/links.py).
Prints each way's fastest and median scan time, its longest database transaction, the outbox payload per summary,
and the time to make one link on its own. Goal: the link adds no more than 5 % to the scan (or 50 ms,
whichever is more: the machine is shared). The cycle's own goal, no transaction over 1 s, is shown for
both ways: what the summaries cost without the link is the baseline's to answer for.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import timeit
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.document.links import document_links
from scheduler.demo import seed_demo_team
from scheduler.documents import register_document_source, unregister_document_source
from scheduler.due import period_times
from scheduler.scan import scan
from scheduler.state import load_bundles
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.scratch import bench_database

PERIOD = "2026-11"
SEEDED = datetime(2026, 12, 1, 8, 0).astimezone()
LINK_SETTINGS = Settings(public_url="https://coach.example.com", document_secret="bench")


async def _seed(sessions, teams: int) -> datetime:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        for n in range(teams):
            await seed_demo_team(session, f"team-{n}")
    async with sessions() as session:
        bundle = (await load_bundles(session, SEEDED))[0]
    return period_times(PERIOD, bundle.state).leadership


async def _scan_summaries(sessions, due: datetime) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        await session.execute(sa.text("DELETE FROM outbox WHERE kind = 'leadership'"))
    started = time.perf_counter()
    result = await scan(sessions, due)
    elapsed = time.perf_counter() - started
    async with sessions() as session:
        size = await session.scalar(sa.text(
            "SELECT SUM(LENGTH(CAST(payload AS TEXT))) FROM outbox WHERE kind = 'leadership'"))
        count = await session.scalar(sa.text("SELECT COUNT(*) FROM outbox WHERE kind = 'leadership'"))
    assert count == result.enqueued, f"the scan enqueued {result.enqueued} posts, {count} of them summaries"
    return elapsed, result.longest_transaction, int(size or 0) // max(1, count)


async def run(url: str, teams: int, rounds: int) -> int:
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    links = document_links(LINK_SETTINGS, lambda: datetime.now().astimezone())
    assert links is not None
    try:
        due = await _seed(sessions, teams)
        await scan(sessions, due - timedelta(minutes=1))  # everything before the summaries: sent already
        figures: dict[str, list[tuple[float, float, int]]] = {"baseline": [], "link": []}
        for _ in range(rounds):
            figures["baseline"].append(await _scan_summaries(sessions, due))
            register_document_source(links)
            try:
                figures["link"].append(await _scan_summaries(sessions, due))
            finally:
                unregister_document_source(links)
    finally:
        await engine.dispose()
    print(f"teams:                 {teams} leadership summaries due at {due.isoformat()}")
    best = {}
    for way, runs in figures.items():
        best[way] = min(r[0] for r in runs)  # on a shared machine the fastest run is the least disturbed
        print(f"{way + ':':<22} scan fastest {best[way]:.2f} s, median {statistics.median(r[0] for r in runs):.2f} s "
              f"(runs {', '.join(f'{r[0]:.2f}' for r in runs)}), "
              f"longest transaction {max(r[1] for r in runs):.2f} s, payload {runs[-1][2]} bytes per summary")
    per_link = timeit.timeit(lambda: links.url_for(12345), number=20_000) / 20_000
    print(f"one link on its own:   {per_link * 1e6:.1f} µs (e.g. {links.url_for(12345)})")
    extra = best["link"] - best["baseline"]
    ok = extra <= max(0.05 * best["baseline"], 0.05)
    print(f"the link adds {extra:+.2f} s ({extra / best['baseline']:+.1%}) to the fastest scan;",
          "goal (≤ 5 % or 50 ms):", "met" if ok else "NOT met")
    for way, runs in figures.items():  # the cycle's own goal, shown per way: the baseline may miss it too
        longest = max(r[1] for r in runs)
        print(f"no transaction over 1 s ({way}): {'met' if longest < 1.0 else 'NOT met'} ({longest:.2f} s)")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=None, metavar="ADMIN_URL",
                        help="run on PostgreSQL: a scratch database is created beside ADMIN_URL's and dropped after")
    args = parser.parse_args()
    with bench_database(args.postgres) as url:
        return asyncio.run(run(url, args.teams, args.rounds))


if __name__ == "__main__":
    raise SystemExit(main())
