"""The turns in a worker process: the server acks and hands over the row; the worker answers."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.slack import TURN_WORKER_KEY
from bot.slack.turn_worker import TurnWorker
from tests.slack.conftest import serve, slack_settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness


@pytest.fixture
async def served(any_db_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[tuple[SlackHarness, web.AppRunner]]:
    harness, runner = await serve(slack_settings(any_db_url, fake_slack, slack_turn_worker=True), fake_slack)
    yield harness, runner
    await harness.http.close()
    await runner.cleanup()


def worker_of(runner: web.AppRunner) -> TurnWorker:
    return runner.app[TURN_WORKER_KEY]


def running_worker(runner: web.AppRunner) -> tuple[TurnWorker, asyncio.subprocess.Process]:
    """The server's worker and the process it runs now."""
    worker = worker_of(runner)
    assert worker.process is not None
    return worker, worker.process


async def test_a_message_is_answered_by_the_worker_process(served: tuple[SlackHarness, web.AppRunner]) -> None:
    slack, _runner = served
    status, _body = await slack.send_event(slack.message("help", channel="D0ANNA"))
    assert status == 200
    [reply] = await slack.api.wait_for("chat.postMessage")
    assert reply.params["channel"] == "D0ANNA"
    await slack.settled()
    assert not slack.coach.names._people  # the person was looked up (users.info) by the worker's turn, not here


async def test_a_worker_that_dies_is_started_again_and_answers_what_came_in_meanwhile(
        served: tuple[SlackHarness, web.AppRunner]) -> None:
    slack, runner = served
    worker, dead = running_worker(runner)
    dead.kill()
    await dead.wait()
    status, _body = await slack.send_event(slack.message("help", channel="D0ANNA"))  # no worker to hand it to
    assert status == 200
    [reply] = await slack.api.wait_for("chat.postMessage")  # the new worker's recovery pass took it
    assert reply.params["channel"] == "D0ANNA"
    assert worker.process is not dead


async def test_stopping_the_server_stops_its_worker_after_its_turns(
        served: tuple[SlackHarness, web.AppRunner]) -> None:
    slack, runner = served
    await slack.send_event(slack.message("help", channel="D0ANNA"))
    await runner.cleanup()
    process = worker_of(runner).process
    assert process is not None and process.returncode == 0
    await slack.settled()  # its turn finished before it exited


async def test_ctrl_c_in_the_terminal_leaves_the_worker_to_the_server(
        served: tuple[SlackHarness, web.AppRunner]) -> None:
    slack, runner = served
    worker, before = running_worker(runner)
    await slack.send_event(slack.message("help", channel="D0ANNA"))
    await slack.api.wait_for("chat.postMessage")  # the worker is up and working
    before.send_signal(signal.SIGINT)  # a terminal's Ctrl+C reaches the server's whole process group
    await slack.send_event(slack.message("status", channel="D0ANNA"))
    await slack.api.wait_for("chat.postMessage", 2)
    assert worker.process is before and before.returncode is None  # it stops when the server closes its stdin
