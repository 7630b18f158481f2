"""SQLite's WAL is copied back by a thread of its own, never by a commit on the event loop."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from storage.sqlite_inline import Checkpointer, inline_creator


async def test_commits_leave_the_wal_alone_and_the_checkpointer_copies_it_back(tmp_path: Path) -> None:
    path = str(tmp_path / "coach.db")
    connection = await inline_creator(path)()
    raw = connection._conn
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE t (x TEXT)")
    for _ in range(2000):  # well past SQLite's automatic checkpoint at 1,000 pages
        raw.execute("INSERT INTO t VALUES (?)", ("x" * 1000,))
        raw.commit()
    before = os.path.getsize(path)
    checkpointer = Checkpointer(path, every=0.01).start()
    try:
        for _ in range(500):  # wait for the thread, not for a fixed time
            if os.path.getsize(path) > before + 1_000_000:
                break
            await asyncio.sleep(0.01)
    finally:
        checkpointer.stop()
        await connection.close()
    assert before < 1_000_000
    assert os.path.getsize(path) > before + 1_000_000
