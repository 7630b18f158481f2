"""Background work that lets waiting requests go first on the one event loop.

A turn runs after its request was acknowledged, on the loop that answers the next requests; a long
stretch of it delays their acks (Slack allows 3 s, but every millisecond shows in the p99). Between
stretches it calls `requests_first()`.
"""

from __future__ import annotations

import asyncio


async def requests_first() -> None:
    """Let callbacks already waiting run before this coroutine goes on.

    One `sleep(0)` queues us behind what is ready now; but the handler of a request whose bytes were
    read in that same round of the loop is only queued then, behind us. The second puts us behind it.
    """
    await asyncio.sleep(0)
    await asyncio.sleep(0)
