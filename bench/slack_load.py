"""Load on the Slack endpoint: signed events over loopback HTTP, the coach next to a bare bolt app.

    python bench/slack_load.py [--rate 100] [--seconds 30] [--rounds 10] [--warmup 1] [--people 0]
                               [--database sqlite:///bench.db | postgresql://postgres@127.0.0.1:5432/test]

One server process hosts both on the project's aiohttp app: the coach at /slack/events and a bare
slack-bolt AsyncApp with a no-op message listener at /bare/events. The coach's turns run in the turn
worker the server starts, as in production (`SLACK_TURN_WORKER=0`: in the server, for comparison). A
second process is the fake Slack Web API (as Slack's API is not its event sender: sharing the load
generator's event loop would add the API's work to the acks the generator times). This process is
the load generator: it sends the events at a fixed rate and prints p50/p99 of the time to the ack
(both apps) and of the time from sending an event to its reply reaching the fake Web API (the coach;
both processes read the same monotonic clock), and the events per second acknowledged. Each coach
event is a direct message "help" from its own person, so every event is a full turn with one reply.
Each app first gets `--warmup` seconds of the same load, unmeasured (the same for both).
Under the acks it prints the server's own share (timed inside the server process): each app's
`async_dispatch`, and the coach's inbox INSERT on its own; what the acks add to these is the HTTP
round trip and the machine's other work (load generator, turn worker, host).
BENCH_PROFILE=file writes the server's cProfile stats there.
Goal: coach p99 ack within 1.5x the bare app's, p99 event -> reply under 100 ms at 100 events/s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from measure import free_port, pct  # bench/measure.py: a script's own folder is on its path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
NOISY_STEAL = 5.0  # percent of CPU time the VM's host took; above it, tail latencies are mostly the host's


def serve(port: int) -> None:
    """The server process: the project's app with the coach, plus a bare bolt app on the same server."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp

    from bot.config import Settings
    from bot.context import AppContext
    from bot.server import build_app

    settings = Settings.from_env()
    ctx = AppContext.create(settings)
    app = build_app(ctx, with_scheduler=False)
    bare = AsyncApp(token="xoxb-bare", signing_secret=SECRET)  # as the coach's: bolt builds the client
    bare.client.base_url = settings.slack_api_url

    @bare.event("message")
    async def noop() -> None:
        return None

    async def bare_dispatch(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bare.async_dispatch(await to_bolt_request(request)))

    app.router.add_post("/bare/events", bare_dispatch)
    _time_the_server(app, bare)
    profile = os.environ.get("BENCH_PROFILE")  # a file for the server's cProfile stats (pstats format)
    if not profile:
        web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)
        return
    import cProfile

    with cProfile.Profile() as profiler:
        web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)  # returns on SIGTERM
    profiler.dump_stats(profile)


def _time_the_server(app: Any, bare: Any) -> None:
    """The server's own share of each ack, told at /bench/timings: each app's `async_dispatch` (bolt's whole
    ack path, for the coach the inbox row included) and the coach's inbox record on its own."""
    from aiohttp import web

    from bot.slack import SLACK_KEY

    coach = app[SLACK_KEY]
    timings: dict[str, list[float]] = {"bare": [], "coach": [], "record": []}

    def timed(call: Any, into: list[float]) -> Any:
        async def timed_call(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return await call(*args)
            finally:
                into.append(time.perf_counter() - started)
        return timed_call

    bare.async_dispatch = timed(bare.async_dispatch, timings["bare"])
    coach.app.async_dispatch = timed(coach.app.async_dispatch, timings["coach"])
    coach.inbox.record = timed(coach.inbox.record, timings["record"])

    async def told(_request: web.Request) -> web.Response:
        return web.json_response(timings)

    app.router.add_get("/bench/timings", told)


def fake_api() -> None:
    """The fake Web API process: prints its URL, notes when each reply arrives, tells them at /bench/replies."""
    from aiohttp import web

    from tests.slack.fake_slack_api import FakeSlackApi

    # Slack's servers are not on the machine that runs the coach: here they are, and on two cores their CPU
    # competes with the server's. As an idle-class process they take only what the server and the load
    # generator leave (Linux's SCHED_IDLE; elsewhere the lowest nice level).
    _run_when_idle()

    async def main() -> None:
        api = FakeSlackApi()
        arrived: dict[str, list[float]] = {}
        original = api._record

        async def record(method: str, params: dict, token: str | None, result: dict | None = None) -> None:
            if method == "chat.postMessage":
                arrived.setdefault(params.get("channel", ""), []).append(time.monotonic())
            await original(method, params, token, result)

        async def replies(_request: web.Request) -> web.Response:
            return web.json_response(arrived)

        api._record = record  # type: ignore[method-assign]
        api.calls = _Forgetful()  # a bench run makes thousands of calls; the fake needs none of them later
        await api.start(extra_routes=[("GET", "/bench/replies", replies)])
        print(api.url, flush=True)
        await asyncio.Event().wait()  # until terminated

    asyncio.run(main())


def _run_when_idle() -> None:
    if hasattr(os, "SCHED_IDLE"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    else:
        os.nice(19)


class _Forgetful(list):
    def append(self, _item: object) -> None:
        return None


async def run(rate: float, seconds: float, database: str, warmup: float, people: int = 0, rounds: int = 10) -> None:
    from slack_sdk.signature import SignatureVerifier

    from storage.migrate import upgrade

    upgrade(database)  # before the fake API starts: a failing migration leaves no process behind
    api = await asyncio.create_subprocess_exec(sys.executable, __file__, "--fake-api", stdout=asyncio.subprocess.PIPE,
                                               cwd=ROOT)
    assert api.stdout is not None
    api_url = (await api.stdout.readline()).decode().strip()
    sent_at: list[tuple[str, float]] = []
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "COACH_SCHEDULER_DISABLED": "1"}
    server = await asyncio.create_subprocess_exec(sys.executable, __file__, "--serve", str(port), env=env, cwd=ROOT)
    verifier = SignatureVerifier(SECRET)
    try:
        async with aiohttp.ClientSession() as http:
            async with asyncio.timeout(30):
                while True:
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                            if r.status == 200:
                                break
                    except aiohttp.ClientError:
                        await asyncio.sleep(0.1)
            # Warm-up first, for both apps alike (not measured): the first events of a fresh process compile
            # SQLAlchemy statements, open connections and take first-call paths, which is not steady state.
            # The load generator's own heap is frozen so its full collections stay out of the figures.
            gc.collect()
            gc.freeze()
            # Measured in alternating rounds (bare, coach, bare, coach, ...): on a shared virtual machine the
            # host takes CPU away at times (steal), and rounds spread both apps over the same stretch of it.
            acks: dict[str, list[float]] = {"bare": [], "coach": []}
            busy = {"bare": 0.0, "coach": 0.0}
            steal = {"bare": _Steal(), "coach": _Steal()}
            sent = {"bare": 0, "coach": 0}  # events numbered across rounds: a new person stays new
            phases = [("bare", warmup, False), ("coach", warmup, False)]
            phases += [(name, seconds / rounds, True) for _ in range(rounds) for name in ("bare", "coach")]
            for name, duration, measured in phases:
                path = "/bare/events" if name == "bare" else "/slack/events"
                count = int(rate * duration)
                first = sent[name]
                sent[name] += count
                steal[name].start(measured)
                started = time.perf_counter()
                tasks = []
                for i in range(count):
                    target = started + i / rate
                    await asyncio.sleep(max(0.0, target - time.perf_counter()))
                    tasks.append(asyncio.create_task(_send(http, port, path, verifier, name, first + i,
                                                           acks[name] if measured else [],
                                                           sent_at if measured else [], "" if measured else "W",
                                                           people)))
                await asyncio.gather(*tasks)
                if measured:
                    busy[name] += time.perf_counter() - started
                steal[name].stop(measured)
                await asyncio.sleep(0.3)  # the coach's background turns of this round finish before the next
            await asyncio.sleep(2)  # let the last replies land
            async with http.get(api_url.replace("/api/", "/bench/replies")) as r:
                arrived = await r.json()
            async with http.get(f"http://127.0.0.1:{port}/bench/timings") as r:
                server_times = await r.json()
    finally:
        server.terminate()
        await server.wait()
        api.terminate()
        await api.wait()
    reply_ms = _reply_times(sent_at, arrived)
    missing = len(sent_at) - len(reply_ms)
    who = f"{people} people writing again and again" if people else "every event from a new person"
    print(f"rate {rate:g} events/s for {seconds:g} s each in {rounds} alternating rounds after {warmup:g} s of "
          f"warm-up each, database {database.split(':')[0]}, {who}")
    for name, times in acks.items():
        print(f"{name:5} ack   p50 {pct(times, 50):6.1f} ms  p99 {pct(times, 99):6.1f} ms"
              f"  max {pct(times, 100):6.1f} ms  {len(times) / busy[name]:6.1f} events/s"
              f"  (host steal {steal[name].percent():4.1f}% of CPU time)")
    unmeasured = int(rate * warmup)  # the server timed every request; the first ones of each app were warm-up
    for name, label in (("bare", "bare dispatch"), ("coach", "coach dispatch"), ("record", "coach inbox row")):
        times = server_times[name][unmeasured:]
        print(f"  in the server: {label:15}  p50 {pct(times, 50):5.2f} ms  p99 {pct(times, 99):5.2f} ms"
              f"  max {pct(times, 100):6.1f} ms")
    print(f"coach event -> reply at the Web API  p50 {pct(reply_ms, 50):6.1f} ms  p99 {pct(reply_ms, 99):6.1f} ms"
          f"  max {pct(reply_ms, 100):6.1f} ms  ({len(reply_ms)} replies, {missing} missing)")
    ratio = pct(acks["coach"], 99) / pct(acks["bare"], 99)
    print(f"coach p99 ack / bare p99 ack = {ratio:.2f} (goal <= 1.5); reply p99 goal < 100 ms")
    if max(s.percent() for s in steal.values()) > NOISY_STEAL:
        print(f"note: the host took more than {NOISY_STEAL:g}% of this machine's CPU during the run; the p99 figures "
              "say as much about the host as about the coach (bench/slack_cpu.py measures the server's own part)")


class _Steal:
    """The share of this machine's CPU time its host took away (/proc/stat's steal), over measured phases."""

    def __init__(self) -> None:
        self.steal = 0
        self.total = 0
        self._at: tuple[int, int] | None = None

    @staticmethod
    def _read() -> tuple[int, int]:
        try:
            with open("/proc/stat") as f:
                fields = [int(v) for v in f.readline().split()[1:]]
        except OSError:  # not Linux: nothing to tell
            return 0, 0
        return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])

    def start(self, measured: bool) -> None:
        self._at = self._read() if measured else None

    def stop(self, measured: bool) -> None:
        if measured and self._at is not None:
            steal, total = self._read()
            self.steal += steal - self._at[0]
            self.total += total - self._at[1]

    def percent(self) -> float:
        return 100 * self.steal / self.total if self.total else 0.0


def _reply_times(sent_at: list[tuple[str, float]], arrived: dict[str, list[float]]) -> list[float]:
    """Each measured event's reply is the first reply in its channel after it was sent (a person writes
    again only seconds later, long after the reply)."""
    times = []
    for channel, sent in sent_at:
        later = [t for t in arrived.get(channel, []) if t >= sent]
        if later:
            times.append(min(later) - sent)
    return times


async def _send(http: aiohttp.ClientSession, port: int, path: str, verifier: object, name: str, i: int,
                acks: list[float], sent_at: list[tuple[str, float]], tag: str, people: int = 0) -> None:
    if people:  # a steady workspace: the same people (and their DMs) write again, warm-up included
        person = i % people
        channel = f"D{name.upper()}P{person:06d}"
    else:  # the worst case: every event from a person the coach has never seen (identity created each time)
        person = i
        channel = f"D{name.upper()}{tag}{i:06d}{int(time.time() * 1000) % 100000}"
    message_id = f"{channel}-{tag}{i}"
    now = int(time.time())
    event = {"type": "message", "channel": channel, "channel_type": "im", "user": f"U{person:07d}", "text": "help",
             "ts": f"{now}.{i:06d}", "client_msg_id": message_id}
    body = json.dumps({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "event": event,
                       "type": "event_callback", "event_id": f"Ev{message_id}", "event_time": now})
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(now),
               "X-Slack-Signature": verifier.generate_signature(timestamp=str(now), body=body)}  # type: ignore[attr-defined]
    start = time.monotonic()  # the fake Web API process stamps replies on the same clock
    if name == "coach":
        sent_at.append((channel, start))
    async with http.post(f"http://127.0.0.1:{port}{path}", data=body.encode(), headers=headers) as response:
        await response.read()
        if response.status == 200:
            acks.append(time.monotonic() - start)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
        return
    if sys.argv[1:] == ["--fake-api"]:
        fake_api()
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30,
                        help="measured seconds per app (a p99 of 3,000 acks moves less from run to run than of 1,000)")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of unmeasured load on each app first")
    parser.add_argument("--database", default=None,
                        help="a SQLite file, or a PostgreSQL server: the bench runs in a database of its own there, "
                             "dropped afterwards (default: a fresh SQLite file in a temporary folder)")
    parser.add_argument("--rounds", type=int, default=10,
                        help="measured rounds per app, alternating bare and coach (seconds are split over them)")
    parser.add_argument("--people", type=int, default=0,
                        help="0 (default): every event from a new person; N: N people writing again and again")
    args = parser.parse_args()
    from storage.scratch import bench_database

    with bench_database(args.database) as database:
        asyncio.run(run(args.rate, args.seconds, database, args.warmup, args.people, args.rounds))


if __name__ == "__main__":
    main()
