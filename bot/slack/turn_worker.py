"""Slack turns in a process of their own: the server writes the inbox row and acks, the worker runs the turn.

Why: a turn costs about 4 ms of CPU (users.info, two transactions, chat.postMessage, the posting
record). On the event loop that answers Slack's requests, every ack that arrives meanwhile waits for
the stretch of a turn that is running, and the turns compete with the acks for the CPU. In a process of
its own, at a lower CPU priority (nice 10), a turn mostly takes CPU the server does not need.

The inbox stays the truth, so nothing about exactly-once changes: the server writes the row before the
ack, as before, and hands the worker only the row's id, a line on the worker's stdin. The worker runs
the same `SlackCoach.process` (the row is marked processed inside the turn's transaction) and the
inbox's recovery pass. A hand-off lost with a worker that died is taken by the recovery pass of the
worker started after it (at start-up it takes every row not yet processed).

The first line on the worker's stdin is the server's settings (JSON): the worker uses exactly the
server's database, tokens and Web API URL, however those were given.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import sys
from typing import Any

from bot.config import Settings

log = logging.getLogger(__name__)

RESTART_AFTER_S = 1.0  # a worker that exits is started again after this pause (no crash loop at full speed)
STOP_WITHIN_S = 10.0  # at shutdown the worker finishes its turns in flight; after this it is killed
NICE = 10


class TurnWorker:
    """The server's side: starts the worker process, hands it rows, starts it again when it exits."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.process: asyncio.subprocess.Process | None = None
        self._watch: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        await self._spawn()
        self._watch = asyncio.create_task(self._restart_when_gone())

    def hand_off(self, row_id: int) -> None:
        """Give the worker an inbox row to process; never waits (this loop answers the next requests)."""
        process = self.process
        if process is None or process.returncode is not None or process.stdin is None \
                or process.stdin.is_closing():
            log.warning("slack turn worker not running; inbox row %s waits for its recovery pass", row_id)
            return
        process.stdin.write(b"%d\n" % row_id)  # buffered by asyncio when the pipe is full, never blocking

    async def stop(self) -> None:
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        process = self.process
        if process is None or process.returncode is not None:
            return
        assert process.stdin is not None
        process.stdin.close()  # end of input: the worker finishes its turns in flight and exits
        try:
            await asyncio.wait_for(process.wait(), STOP_WITHIN_S)
        except TimeoutError:
            log.warning("slack turn worker did not stop within %ss; killing it", STOP_WITHIN_S)
            process.kill()
            await process.wait()

    async def _spawn(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.slack", stdin=asyncio.subprocess.PIPE)
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(dataclasses.asdict(self.settings)).encode() + b"\n")

    async def _restart_when_gone(self) -> None:
        while True:
            if self.process is not None:
                code = await self.process.wait()
                if self._stopping:
                    return
                log.warning("slack turn worker exited (%s); starting it again in %ss", code, RESTART_AFTER_S)
            await asyncio.sleep(RESTART_AFTER_S)
            try:
                await self._spawn()
            except OSError:  # no process to be had right now (limits, memory): the next round tries again
                log.exception("could not start the slack turn worker")
                self.process = None


def settings_from_json(line: bytes) -> Settings:
    values: dict[str, Any] = json.loads(line)
    values["slack_scopes"] = tuple(values.get("slack_scopes") or ())
    return Settings(**values)


def lower_priority() -> None:
    """Nice 10: under contention about a tenth of the CPU share of the server's acks, never starved (Linux's
    idle class, tried first, left turns waiting seconds behind PostgreSQL's backends on a busy machine)."""
    try:
        os.nice(NICE)
    except OSError:  # a sandbox that forbids it: the worker still works, at the server's priority
        log.warning("could not lower this process's CPU priority; it competes with the server's acks")


async def run_turns(settings: Settings, lines: asyncio.StreamReader) -> None:
    """The worker: each line is an inbox row id to process; at end of input, finish and return."""
    from aiohttp import ClientSession

    from bot.context import AppContext
    from bot.slack.app import SlackCoach
    from bot.slack.recovery import recover_forever

    ctx = AppContext.create(settings)
    coach = SlackCoach(ctx)
    coach.client.session = ClientSession()
    stop_recovering = asyncio.Event()
    turns: set[asyncio.Task[None]] = {asyncio.create_task(recover_forever(coach, stop_recovering))}
    try:
        while line := await lines.readline():
            turn = asyncio.create_task(coach.process_row(int(line)))
            turns.add(turn)
            turn.add_done_callback(turns.discard)
        stop_recovering.set()
        await asyncio.wait(turns)  # the recovery pass under way and the turns in flight finish
    finally:
        await coach.client.session.close()
        await coach.inbox.close()
        await ctx.close()


async def serve_stdin() -> None:
    """The worker process's main: its settings, then row ids, from stdin (see the module's docstring)."""
    loop = asyncio.get_running_loop()
    lines = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(lines), sys.stdin)
    settings = settings_from_json(await lines.readline())
    await run_turns(settings, lines)
