"""A clock that moves only when someone sleeps on it: retries and pacing are tested without waiting."""

from __future__ import annotations


class FakeTime:
    def __init__(self, start: float = 1_000.0) -> None:
        self.current = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += max(0.0, seconds)
