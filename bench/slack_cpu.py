"""The Slack adapter's cost per event in one process, without the network and the other processes.

    python bench/slack_cpu.py [--events 2000] [--database sqlite:///... | postgresql://postgres@127.0.0.1:5432/test]

`bench/slack_load.py` measures what Slack would see, but on a small shared machine its figures move
with everything else the machine (and its host) does. This one measures the server's own part,
which moves far less: the same signed event bodies go straight into `async_dispatch` of the coach's
bolt app and of a bare bolt app with a no-op listener (the baseline, measured in the same run,
alternating blocks of 100 events), and it prints
- the ack path: from the signed body to bolt's 200: parsing it into bolt's request and `async_dispatch`
  (for the coach: its signature and body check before bolt, and the inbox INSERT, included), p50/p99;
- CPU per event: this process's CPU time over the whole run of each app, divided by its events:
  for the coach that includes the turn, the Web API calls and their bookkeeping, all done after the
  ack on the same event loop (the fake Web API runs in a process of its own, not counted).
Each event is a direct message "help" from a new person, as in slack_load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from measure import pct  # bench/measure.py: a script's own folder is on its path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
PAUSE = 0.01  # between events: 100 events/s, and the coach's turn of one event finishes before the next


def signed_event(verifier: object, tag: str, i: int) -> tuple[str, dict[str, list[str]]]:
    now = int(time.time())
    event = {"type": "message", "channel": f"D{tag}{i:06d}", "channel_type": "im", "user": f"U{tag}{i:06d}",
             "text": "help", "ts": f"{now}.{i:06d}", "client_msg_id": f"{tag}-{i}"}
    body = json.dumps({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "event": event,
                       "type": "event_callback", "event_id": f"Ev{tag}{i}", "event_time": now})
    headers = {"content-type": ["application/json"], "x-slack-request-timestamp": [str(now)],
               "x-slack-signature": [verifier.generate_signature(timestamp=str(now), body=body)]}  # type: ignore[attr-defined]
    return body, headers


async def run(events: int, database: str) -> None:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.request.async_request import AsyncBoltRequest
    from slack_sdk.signature import SignatureVerifier

    from storage.migrate import upgrade

    upgrade(database)
    api = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "bench" / "slack_load.py"), "--fake-api",
                                               stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    assert api.stdout is not None
    api_url = (await api.stdout.readline()).decode().strip()
    os.environ.update(DATABASE_URL=database, SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET,
                      SLACK_API_URL=api_url, COACH_SCHEDULER_DISABLED="1")
    from aiohttp import ClientSession

    from bot.config import Settings
    from bot.context import AppContext
    from bot.slack.app import SlackCoach

    ctx = AppContext.create(Settings.from_env())
    coach = SlackCoach(ctx)
    coach.client.session = ClientSession()  # as mount_slack does: one connection pool for the Web API
    bare = AsyncApp(token="xoxb-bare", signing_secret=SECRET)  # as the coach's: bolt builds the client
    bare.client.base_url = api_url

    @bare.event("message")
    async def noop() -> None:
        return None

    apps = {"bare": bare, "coach": coach.app}
    # Where the coach checks the signature (and the body) itself before bolt, in the HTTP handler: that is part
    # of its ack path. (Older coaches let bolt's middleware check it; then there is no `check`.)
    check = getattr(getattr(coach, "check", None), "check", None)
    verifier = SignatureVerifier(SECRET)
    acks: dict[str, list[float]] = {name: [] for name in apps}
    cpu = dict.fromkeys(apps, 0.0)
    loop_cpu = dict.fromkeys(apps, 0.0)
    try:
        for measured, count in ((False, max(100, events // 10)), (True, events)):  # warm-up first, not counted
            for block in range(0, count, 100):  # alternating blocks of 100 events per app
                for name, app in apps.items():
                    started, loop_started = time.process_time(), time.thread_time()
                    for i in range(block, min(block + 100, count)):
                        body, headers = signed_event(verifier, f"{name}{'M' if measured else 'W'}", i)
                        t = time.perf_counter()
                        if name == "coach" and check is not None:  # the coach verifies before bolt parses
                            request = check(body, {k: v[0] for k, v in headers.items()})
                        else:
                            request = AsyncBoltRequest(body=body, headers=headers)
                        response = await app.async_dispatch(request)
                        elapsed = time.perf_counter() - t
                        assert response.status == 200, response.body
                        if measured:
                            acks[name].append(elapsed)
                        await asyncio.sleep(PAUSE)
                    await _quiet()
                    if measured:
                        cpu[name] += time.process_time() - started
                        loop_cpu[name] += time.thread_time() - loop_started
    finally:
        await coach.client.session.close()
        await coach.inbox.close()
        await ctx.close()
        api.terminate()
        await api.wait()
    print(f"{events} events per app, one process, database {database.split(':')[0]}, every event from a new person")
    for name, times in acks.items():
        print(f"{name:5} ack path  p50 {pct(times, 50):5.2f} ms  p99 {pct(times, 99):5.2f} ms"
              f"   CPU per event {cpu[name] / len(times) * 1000:5.2f} ms"
              f" (on the event loop's thread {loop_cpu[name] / len(times) * 1000:5.2f} ms)")


async def _quiet() -> None:
    """Until the coach's background turns of this block are done (a bare block then starts on a quiet loop)."""
    for _ in range(500):
        if len(asyncio.all_tasks()) <= 1:
            return
        await asyncio.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--database", default=None,
                        help="a SQLite file, or a PostgreSQL server: the bench runs in a database of its own there, "
                             "dropped afterwards (default: a fresh SQLite file in a temporary folder)")
    args = parser.parse_args()
    from storage.scratch import bench_database

    with bench_database(args.database) as database:
        asyncio.run(run(args.events, database))


if __name__ == "__main__":
    main()
