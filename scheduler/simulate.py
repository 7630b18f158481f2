"""`python -m bot simulate`: fast-forward the monthly cycle for a demo team and print what is posted.

The real scan and send jobs (the functions APScheduler calls) run against a clock that jumps from
one due instant to the next; the demo team's people answer the way people do (the project
manager at once, a colleague after the first nudge, the evaluation when asked), through the same
command handlers chat uses. Everything happens in a temporary SQLite database.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from flows.types import Inbound, Reply
from scheduler import jobs
from scheduler.commands import CycleCommands
from scheduler.delivery import DeliveryResult, Destination
from scheduler.demo import seed_demo_team
from scheduler.due import next_due
from scheduler.state import load_bundles
from scheduler.timing import describe_local
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Member, Team

KEY = "simulate"


class SimClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class PrintingDeliverer:
    """Prints "when → to whom: what", in the team's time zone, as a post would appear."""

    out: TextIO
    clock: SimClock
    timezone: str
    platform: str = "console"
    log: list[tuple[datetime, str, str]] = field(default_factory=list)

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        who = f"@{destination.address}" if destination.kind == "user" else f"#{destination.address}"
        first = replies[0]
        headline = first.title or first.text.splitlines()[0]
        self.log.append((self.clock(), who, str(first.meta.get("outbox_key", ""))))
        self.out.write(f"{describe_local(self.clock(), self.timezone)} → {who}: {headline}\n")
        if first.meta.get("outbox_key", "").split("/")[1:2] == ["report"]:
            for line in first.text.splitlines()[1:]:
                self.out.write(f"      {line}\n")
        for reply in replies:
            if reply.image is not None:
                self.out.write(f"      [{reply.image_alt} — PNG, {len(reply.image) // 1024} kB]\n")
        return DeliveryResult(ok=True, message_id=f"sim-{len(self.log)}")


class DemoPeople:
    """How the demo team answers: values, evaluations, one experiment and its result."""

    def __init__(self, sessions, clock: SimClock, team_id: int) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.clock, self.team_id = sessions, clock, team_id
        self.commands = CycleCommands(clock)
        self.month = 0

    async def _as(self, who: str, handler, arg: str = "", **inbound: object) -> None:  # type: ignore[no-untyped-def]
        async with self.sessions() as session, session.begin():
            team = await session.get(Team, self.team_id)
            member = await session.scalar(select(Member).where(Member.team_id == self.team_id,
                                                               Member.external_id == who))
            event = Inbound(platform="console", workspace="local", team=team.external_id, user=who, **inbound)
            await handler(session, team, member, event, arg, team.language)

    async def react(self, posted: Sequence[str]) -> None:
        for key in posted:
            _, kind, period, recipient = key.split("/", 3)
            if kind == "reminder" and recipient == "user:anna":
                self.month += 1
                await self._as("anna", self.commands.value, f"conversieratio {2.0 + 0.12 * self.month:.2f}")
            elif kind == "nudge1" and recipient == "user:bram":
                await self._as("bram", self.commands.value, f"nieuwsbrief {400 + 30 * self.month}")
                await self._as("bram", self.commands.value, f"kosten per lead {40 - 0.8 * self.month:.1f}")
            elif kind == "evaluation":
                await self._as("anna", self.commands.form, question_id=f"cycle:evaluation:{period}", form={
                    "went_well": "Conversie stijgt", "went_badly": "Nieuwsbrief blijft achter",
                    "priorities": "Welkomstmail verbeteren"})
                if self.month == 1:
                    await self._as("anna", self.commands.experiment, "Persoonlijke welkomstmail | nieuwsbrief | 2")
            elif kind == "experiment":
                await self._as("anna", self.commands.form, question_id=f"cycle:experiment:{recipient[4:]}",
                               choice="succeeded")


async def simulate(months: int, team_name: str, out: TextIO, url: str, start: datetime | None = None) -> list:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            team = await seed_demo_team(session, team_name)
            team_id, timezone = team.id, team.timezone
        now = (start or datetime.now(UTC)).replace(second=0, microsecond=0)
        clock = SimClock(now)
        printer = PrintingDeliverer(out, clock, timezone)
        jobs.register(KEY, jobs.CycleRuntime(sessions, {"console": printer}, clock, pace_seconds=0))
        people = DemoPeople(sessions, clock, team_id)
        end = now + timedelta(days=round(30.44 * months))
        out.write(f"Simulating {months} months for team {team_name!r} from {describe_local(now, timezone)}\n")
        while True:
            async with sessions() as session:
                bundles = await load_bundles(session, clock.now, [team_id])
            upcoming = next_due(clock.now, bundles[0].state)
            if upcoming is None or upcoming > end:
                break
            clock.now = upcoming
            for _ in range(3):  # answers can make more due at once (the report when the last value is in)
                before = len(printer.log)
                await jobs.scan_due(KEY)
                await jobs.send_outbox(KEY)
                await people.react([k for _, _, k in printer.log[before:]])
                if len(printer.log) == before:
                    break
        out.write(f"{len(printer.log)} posts in {months} months.\n")
        return printer.log
    finally:
        jobs.unregister(KEY)
        await engine.dispose()


def temporary_database() -> str:
    folder = Path(tempfile.mkdtemp(prefix="coach-sim-"))
    url = f"sqlite:///{folder / 'simulation.db'}"
    upgrade(url)
    return url
