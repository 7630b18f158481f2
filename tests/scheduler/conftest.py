"""Fixtures for the cycle: a database session factory, a controlled clock, a fake platform over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from scheduler.fake_platform import FakePlatform, HttpDeliverer
from scheduler.scan import scan
from scheduler.sender import Sender
from storage.db import make_engine, make_sessionmaker


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator:
    engine = make_engine(db_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def platform() -> AsyncIterator[FakePlatform]:
    fake = FakePlatform()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def deliverer(platform: FakePlatform) -> AsyncIterator[HttpDeliverer]:
    http = HttpDeliverer(platform.url, platform="console")
    yield http
    await http.close()


class Cycle:
    """Runs the real scan and sender at the clock's time."""

    def __init__(self, sessions, deliverer: HttpDeliverer, clock: Clock) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.clock = sessions, clock
        self.sender = Sender(sessions, {"console": deliverer}, clock, pace_seconds=0)

    async def run_at(self, now: datetime) -> int:
        self.clock.now = now
        result = await scan(self.sessions, now)
        await self.sender.send_ready()
        return result.enqueued


@pytest.fixture
def cycle(sessions, deliverer: HttpDeliverer) -> Cycle:  # type: ignore[no-untyped-def]
    return Cycle(sessions, deliverer, Clock(datetime(2027, 1, 1)))
