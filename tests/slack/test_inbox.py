"""The inbox on both databases: its ack-path INSERT runs on the driver's own connection."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import zlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete

from bot.slack.inbox import KEEP_DONE, Inbox
from bot.slack.translate import Delivery, message_delivery
from storage.db import make_engine
from storage.slack_models import SlackInbox
from storage.sqlite_inline import BUSY_TIMEOUT_MS
from tests.conftest import FIXED_NOW


def dm(event_id: str, text: str = "Om mensen te helpen", client_msg_id: str = "msg-1") -> Delivery:
    """A direct message; one `client_msg_id` is one message, so one ts (the inbox's identity of a message)."""
    ts = f"1800000000.{zlib.crc32(client_msg_id.encode()) % 1_000_000:06d}"
    event = {"type": "message", "channel": "D0ANNA", "channel_type": "im", "user": "U0ANNA", "text": text,
             "ts": ts, "client_msg_id": client_msg_id}
    return message_delivery({"team_id": "T0001", "event": event, "type": "event_callback", "event_id": event_id})


@pytest.fixture
async def inbox(any_db_url: str) -> AsyncIterator[Inbox]:
    engine = make_engine(any_db_url)
    inbox = Inbox(engine, lambda: FIXED_NOW)
    yield inbox
    await inbox.close()
    await engine.dispose()


async def test_a_recorded_delivery_reads_back_as_it_was_written(inbox: Inbox) -> None:
    delivery = dm("EvONE", text="€ 1.000,50 — \"quotes\" and ünïcode")
    recorded = await inbox.record(delivery)
    assert recorded.reason == "new"
    assert [(p.row_id, p.status, p.delivery) for p in await inbox.pending(startup=True)] == [
        (recorded.row_id, "received", delivery)]


async def test_the_same_event_twice_is_one_row(inbox: Inbox) -> None:
    first = await inbox.record(dm("EvTWICE"))
    again = await inbox.record(dm("EvTWICE"))
    assert first.row_id is not None
    assert (again.row_id, again.reason) == (None, "in_progress")


async def test_the_same_message_under_another_event_id_is_one_row(inbox: Inbox) -> None:
    await inbox.record(dm("EvFIRST", client_msg_id="same-message"))
    again = await inbox.record(dm("EvSECOND", client_msg_id="same-message"))
    assert again.row_id is None


async def test_a_delivery_is_recorded_on_a_fresh_connection_when_the_kept_one_is_gone(inbox: Inbox) -> None:
    await inbox.record(dm("EvBEFORE", client_msg_id="before"))
    [(_connection, driver)] = inbox._kept
    await driver.close()  # as when the database server drops the connection
    recorded = await inbox.record(dm("EvAFTER", client_msg_id="after"))
    assert recorded.reason == "new"
    assert {p.delivery.key for p in await inbox.pending(startup=True)} == {"EvBEFORE", "EvAFTER"}


async def test_deliveries_arriving_together_are_each_recorded(inbox: Inbox) -> None:
    recorded = await asyncio.gather(*(inbox.record(dm(f"Ev{n}", client_msg_id=f"m{n}")) for n in range(10)))
    assert len({r.row_id for r in recorded}) == 10
    assert {r.reason for r in recorded} == {"new"}


async def test_connections_the_ack_path_gives_back_roll_back_like_all_others(inbox: Inbox) -> None:
    await asyncio.gather(*(inbox.record(dm(f"Ev{n}", client_msg_id=f"m{n}")) for n in range(5)))  # more than kept
    await inbox.close()
    async with contextlib.AsyncExitStack() as held:
        for _ in range(5):  # held together: every connection in the pool, the ones the ack path used among them
            conn = await held.enter_async_context(inbox.engine.connect())
            await conn.execute(delete(SlackInbox.__table__))
            await conn.rollback()
    assert len(await inbox.pending(startup=True)) == 5


@pytest.fixture
async def clocked_inbox(any_db_url: str) -> AsyncIterator[tuple[Inbox, list[datetime]]]:
    engine = make_engine(any_db_url)
    now = [FIXED_NOW]
    inbox = Inbox(engine, lambda: now[0])
    yield inbox, now
    await inbox.close()
    await engine.dispose()


async def test_a_finished_delivery_is_pruned_once_it_is_older_than_a_week(
        clocked_inbox: tuple[Inbox, list[datetime]]) -> None:
    inbox, now = clocked_inbox
    now[0] = FIXED_NOW - KEEP_DONE - timedelta(hours=1)
    old = await inbox.record(dm("EvOLD", client_msg_id="old"))
    now[0] = FIXED_NOW
    recent = await inbox.record(dm("EvRECENT", client_msg_id="recent"))
    for recorded in (old, recent):
        assert recorded.row_id is not None
        await inbox.mark_done(recorded.row_id)
    assert await inbox.prune() == 1
    assert (await inbox.record(dm("EvOLD", client_msg_id="old"))).reason == "new"  # its row is gone
    assert (await inbox.record(dm("EvRECENT", client_msg_id="recent"))).reason == "duplicate"


async def test_an_unfinished_delivery_is_never_pruned(clocked_inbox: tuple[Inbox, list[datetime]]) -> None:
    inbox, now = clocked_inbox
    now[0] = FIXED_NOW - KEEP_DONE * 2
    await inbox.record(dm("EvSTUCK", client_msg_id="stuck"))
    now[0] = FIXED_NOW
    assert await inbox.prune() == 0
    assert [p.delivery.key for p in await inbox.pending(startup=True)] == ["EvSTUCK"]


@pytest.fixture
async def sqlite_inbox(db_url: str) -> AsyncIterator[tuple[Inbox, str]]:
    engine = make_engine(db_url)
    inbox = Inbox(engine, lambda: FIXED_NOW)
    yield inbox, db_url.removeprefix("sqlite:///")
    await inbox.close()
    await engine.dispose()


async def test_an_ack_waits_out_another_process_writing_and_keeps_its_row(sqlite_inbox: tuple[Inbox, str]) -> None:
    inbox, path = sqlite_inbox
    await inbox.record(dm("EvWARM", client_msg_id="warm"))  # the ack path's connection is open
    # Another writer, as the turn worker's transaction: it holds the lock 20 ms, then commits (from a thread).
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    threading.Timer(0.02, writer.commit).start()
    recorded = await inbox.record(dm("EvWAITED", client_msg_id="waited"))
    writer.close()
    assert recorded.reason == "new"
    assert "EvWAITED" in {p.delivery.key for p in await inbox.pending(startup=True)}


async def test_connections_the_ack_path_gives_back_wait_for_locks_like_all_others(
        sqlite_inbox: tuple[Inbox, str]) -> None:
    inbox, _path = sqlite_inbox
    await asyncio.gather(*(inbox.record(dm(f"Ev{n}", client_msg_id=f"m{n}")) for n in range(5)))  # more than kept
    await inbox.close()
    for _ in range(5):  # every connection in the pool, the ones the ack path used among them
        async with inbox.engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            cursor = await driver.execute("PRAGMA busy_timeout")
            assert (await cursor.fetchone())[0] == BUSY_TIMEOUT_MS
