"""One active scheduler per database: a PostgreSQL advisory lock held on a dedicated connection.

The lock lives as long as that connection: if the leader's process dies, PostgreSQL releases it
and another process takes over at its next try. SQLite databases are single-process by nature
(one file, one host), so there the one process is always the leader. Leadership may still overlap
for a moment (a stalled leader); the outbox's unique key makes that harmless.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# A fixed 64-bit key for "the coach's monthly-cycle scheduler" (any constant works; it must not change).
LOCK_KEY = 0x5C0AC4_C1C1E


class Leadership:
    def __init__(self, engine: AsyncEngine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._conn: AsyncConnection | None = None
        self._sqlite = engine.dialect.name == "sqlite"
        self._sqlite_leader = False

    @property
    def is_leader(self) -> bool:
        return self._sqlite_leader or self._conn is not None

    async def try_acquire(self) -> bool:
        if self._sqlite:
            self._sqlite_leader = True
            return True
        if self._conn is not None:
            return True
        conn = await self.engine.connect()
        try:
            got = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}))
            await conn.commit()  # a session-level lock outlives the transaction; don't hold one open
        except Exception:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        log.info("this process is the scheduler leader")
        return True

    async def check(self) -> bool:
        """Still leader? A lost connection means the lock is gone too."""
        if self._sqlite:
            return self._sqlite_leader
        if self._conn is None:
            return False
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except Exception:
            log.warning("lost the scheduler leader connection; stepping down")
            await self._drop()
            return False
        return True

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.invalidate()
            except Exception:  # already broken: nothing more to release
                log.debug("leader connection was already closed")

    async def release(self) -> None:
        self._sqlite_leader = False
        if self._conn is None:
            return
        try:
            await self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            await self._conn.commit()
            await self._conn.close()
        finally:
            self._conn = None
