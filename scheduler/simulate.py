"""`python -m bot simulate`: fast-forward the monthly cycle for a demo team and print what is posted.

The real scan and send jobs (the functions APScheduler calls) run against a clock that jumps from
one due instant to the next; the demo team's people answer the way people do, through the same
command handlers chat uses: Anna (the project manager) enters her value at once, except in the
fourth month, when she is late; Bram answers after the first nudge, stays silent in the second
month (so the project manager is escalated to) and is away in the third. The output is a
timeline per day in the team's time zone; `full` prints every post's whole text, and `out_dir`
receives each chart the cycle would post, as a PNG. Everything happens in a temporary SQLite
database.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from bot.render_text import render_reply
from flows.types import Inbound, Reply
from scheduler import jobs
from scheduler import messages as m
from scheduler.chart import png_for
from scheduler.commands import CycleCommands
from scheduler.delivery import DeliveryResult, Destination
from scheduler.demo import seed_demo_team
from scheduler.due import next_due, reminder_day
from scheduler.state import load_bundles
from scheduler.timing import period_of, shift_period, zone
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
    """Prints each post under its day, "09:00 → to whom: what", as it would appear; writes its charts."""

    out: TextIO
    clock: SimClock
    timezone: str
    language: str = "nl"
    full: bool = False
    out_dir: Path | None = None
    platform: str = "console"
    log: list[tuple[datetime, str, str]] = field(default_factory=list)
    charts: list[Path] = field(default_factory=list)
    _day: date | None = None

    async def deliver(self, destination: Destination, replies: Sequence[Reply]) -> DeliveryResult:
        local = self.clock().astimezone(zone(self.timezone))
        who = f"@{destination.address}" if destination.kind == "user" else f"#{destination.address}"
        first = replies[0]
        key = str(first.meta.get("outbox_key", ""))
        lines = [f"{local:%H:%M} → {who}: {first.title or first.text.splitlines()[0]}"]
        body = [render_reply(r) for r in replies] if self.full else (
            first.text.splitlines()[1:] if key.split("/")[1:2] == ["report"] else [])
        for text in body:
            lines.extend(f"      {line}" for line in text.splitlines())
        for n, reply in enumerate(r for r in replies if r.chart is not None):
            line = f"      [{reply.image_alt or reply.chart.title}]"  # type: ignore[union-attr]
            if self.out_dir is not None:
                path = self.out_dir / f"{local:%Y-%m-%d}-{'-'.join(key.split('/')[1:3])}-{n + 1}.png"
                path.write_bytes(await png_for([reply.chart]))  # type: ignore[list-item]
                self.charts.append(path)
                line += f" → {path}"
            lines.append(line)
        # Written in one go: deliveries to different people run side by side.
        if local.date() != self._day:
            self._day = local.date()
            lines.insert(0, f"\n── {m.day_words(local.date(), self.language)} {local.year} ──")
        self.out.write("\n".join(lines) + "\n")
        self.log.append((self.clock(), who, key))
        return DeliveryResult(ok=True, message_id=f"sim-{len(self.log)}")


class DemoPeople:
    """How the demo team answers: values (on time, late, not at all), away, evaluations, one experiment."""

    def __init__(self, sessions, clock: SimClock, team_id: int, timezone: str) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.clock, self.team_id = sessions, clock, team_id
        self.commands = CycleCommands(clock)
        # The month before the start is the first one measured: month 1.
        self.first = shift_period(period_of(clock.now.astimezone(zone(timezone)).date()), -1)
        self.away_said: set[str] = set()

    async def _as(self, who: str, handler, arg: str = "", **inbound: object) -> None:  # type: ignore[no-untyped-def]
        async with self.sessions() as session, session.begin():
            team = await session.get(Team, self.team_id)
            member = await session.scalar(select(Member).where(Member.team_id == self.team_id,
                                                               Member.external_id == who))
            event = Inbound(platform="console", workspace="local", team=team.external_id, user=who, **inbound)
            await handler(session, team, member, event, arg, team.language)

    def _month(self, period: str) -> int:
        year, month = (int(p) for p in period.split("-"))
        first_year, first_month = (int(p) for p in self.first.split("-"))
        return (year - first_year) * 12 + month - first_month + 1

    async def _anna(self, period: str) -> None:
        n = self._month(period)
        await self._as("anna", self.commands.form, question_id=f"cycle:value:{period}",
                       form={"conversieratio-webshop": f"{2.0 + 0.12 * n:.2f}".replace(".", ",")})

    async def _bram(self, period: str) -> None:
        n = self._month(period)
        await self._as("bram", self.commands.form, question_id=f"cycle:value:{period}",
                       form={"nieuwsbriefinschrijvingen": str(400 + 30 * n),
                             "kosten-per-lead": f"{40 - 0.8 * n:.1f}".replace(".", ",")})

    async def before(self, upcoming: datetime, state) -> None:  # type: ignore[no-untyped-def]
        """Bram says he is away before the third month's reminder."""
        for back in (1, 2):
            period = shift_period(period_of(upcoming.date()), -back)
            if self._month(period) % 4 == 3 and period not in self.away_said:
                day = reminder_day(period, state.schedule)
                self.away_said.add(period)
                await self._as("bram", self.commands.away,
                               f"{(day - timedelta(days=1)).isoformat()} {(day + timedelta(days=14)).isoformat()}")

    async def react(self, posted: Sequence[str]) -> None:
        for key in posted:
            _, kind, period, recipient = key.split("/", 3)
            n = self._month(period) if kind in ("reminder", "nudge1", "nudge2", "escalation") else 0
            on_time = kind == "reminder" and recipient == "user:anna" and n % 4 != 0
            if on_time or (kind == "escalation" and n % 4 == 0):  # in month 4 Anna is late, after the escalation
                await self._anna(period)
            elif (kind == "nudge1" and recipient == "user:bram" and n % 4 in (1, 0)) or (
                    kind == "escalation" and n % 4 == 2):  # month 2: Bram is silent until Anna asks him
                await self._bram(period)
            elif kind == "evaluation":
                await self._as("anna", self.commands.form, question_id=f"cycle:evaluation:{period}", form={
                    "went_well": "Conversie stijgt", "went_badly": "Nieuwsbrief blijft achter",
                    "priorities": "Welkomstmail verbeteren"})
                await self._as("bram", self.commands.form, question_id=f"cycle:evaluation:{period}", form={
                    "went_well": "Kosten per lead dalen", "went_badly": "Weinig tijd voor content",
                    "priorities": "Welkomstmail verbeteren"})
                if self._month(period) == 1:
                    await self._as("anna", self.commands.experiment, "Persoonlijke welkomstmail | nieuwsbrief | 2")
            elif kind == "experiment":
                await self._as("anna", self.commands.form, question_id=f"cycle:experiment:{recipient[4:]}",
                               choice="succeeded")


async def simulate(months: int, team_name: str, out: TextIO, url: str, start: datetime | None = None,
                   language: str = "nl", out_dir: Path | None = None, full: bool = False) -> list:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            team = await seed_demo_team(session, team_name, language=language)
            team_id, timezone = team.id, team.timezone
        now = (start or datetime.now(UTC)).replace(second=0, microsecond=0)
        clock = SimClock(now)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        printer = PrintingDeliverer(out, clock, timezone, language, full, out_dir)
        jobs.register(KEY, jobs.CycleRuntime(sessions, {"console": printer}, clock, pace_seconds=0))
        people = DemoPeople(sessions, clock, team_id, timezone)
        end = now + timedelta(days=round(30.44 * months))
        out.write(f"Simulating {months} months for team {team_name!r} from {now.astimezone(zone(timezone)):%Y-%m-%d}"
                  f" ({timezone}, {language})\n")
        while True:
            async with sessions() as session:
                bundles = await load_bundles(session, clock.now, [team_id])
            upcoming = next_due(clock.now, bundles[0].state)
            if upcoming is None or upcoming > end:
                break
            await people.before(upcoming, bundles[0].state)
            clock.now = upcoming
            for _ in range(3):  # answers can make more due at once (the report when the last value is in)
                before = len(printer.log)
                await jobs.scan_due(KEY)
                await jobs.send_outbox(KEY)
                await people.react([k for _, _, k in printer.log[before:]])
                if len(printer.log) == before:
                    break
        out.write(f"\n{len(printer.log)} posts in {months} months"
                  + (f"; {len(printer.charts)} charts in {out_dir}" if out_dir is not None else "") + ".\n")
        return printer.log
    finally:
        jobs.unregister(KEY)
        await engine.dispose()


def temporary_database() -> str:
    folder = Path(tempfile.mkdtemp(prefix="coach-sim-"))
    url = f"sqlite:///{folder / 'simulation.db'}"
    upgrade(url)
    return url
