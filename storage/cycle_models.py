"""Tables of the monthly cycle (measure, evaluate, optimise) and its outbox.

Kept apart from storage/models.py so the cycle can grow without touching the core tables; the
models share `Base`, so one metadata holds everything. Migrations: 0004_cycle, 0007_cycle_month.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class CycleSchedule(Base):
    """When a team's cycle runs. A team with KPIs but no row uses the defaults below."""

    __tablename__ = "cycle_schedules"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    day_of_month: Mapped[int] = mapped_column(Integer, default=3)  # 29-31 mean "or the month's last day"
    hour: Mapped[int] = mapped_column(Integer, default=9)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    # Public holidays: any country the `holidays` package knows; None means the time zone's country.
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    open_days: Mapped[int] = mapped_column(Integer, default=3)  # value entry opens this many days before
    nudge_days: Mapped[int] = mapped_column(Integer, default=2)
    nudges: Mapped[int] = mapped_column(Integer, default=2, server_default="2")  # 0, 1 or 2 before escalating
    deadline_days: Mapped[int] = mapped_column(Integer, default=7)  # report at the latest this long after
    evaluation_days: Mapped[int] = mapped_column(Integer, default=2)
    checkin_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday
    leadership_channel: Mapped[str | None] = mapped_column(String(100))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class KpiValue(Base):
    """A KPI's value for one period ("2027-01"); or that its owner skipped it or was away."""

    __tablename__ = "kpi_values"
    __table_args__ = (UniqueConstraint("kpi_id", "period"), Index("ix_kpi_values_team_period", "team_id", "period"))

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default="entered")  # entered | skipped
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str | None] = mapped_column(String(200))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)  # first entry: when "all values are in"
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AwayPeriod(Base):
    """A person is away: no reminders, and "away" (not "missing") in reports."""

    __tablename__ = "away_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    person: Mapped[str] = mapped_column(String(100))  # the member's external id
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evaluation(Base):
    """What went well, what did not, what to improve: one row per person per period."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("team_id", "period", "person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    person: Mapped[str] = mapped_column(String(100))
    person_name: Mapped[str | None] = mapped_column(String(200))
    went_well: Mapped[str | None] = mapped_column(Text)
    went_badly: Mapped[str | None] = mapped_column(Text)
    priorities: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Experiment(Base):
    """An improvement to try: a hypothesis, the KPI it should move, the periods it runs."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    hypothesis: Mapped[str] = mapped_column(Text)
    kpi_id: Mapped[int | None] = mapped_column(ForeignKey("kpis.id", ondelete="SET NULL"))
    start_period: Mapped[str] = mapped_column(String(10))
    end_period: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="running")  # running | failed | rolled_out
    result: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()


class OutboxMessage(Base):
    """One scheduled post, written once (the unique key) and sent until the platform says ok."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "period", "recipient"),
        Index("ix_outbox_ready", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(120))  # "channel", "user:<id>", "leadership", "exp:<id>"
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    team_external: Mapped[str] = mapped_column(String(100))
    dest_kind: Mapped[str] = mapped_column(String(10))  # channel | user
    address: Mapped[str] = mapped_column(String(100))
    payload: Mapped[list[Any]] = mapped_column()  # the replies, as JSON
    due_at: Mapped[datetime] = mapped_column()
    # pending | sent | failed | merged (carried by another team's message to the same person)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column()
    claimed_until: Mapped[datetime | None] = mapped_column()
    claimed_by: Mapped[str | None] = mapped_column(String(60))
    message_id: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class UnreachableRecipient(Base):
    """Someone the bot could not reach (not installed, removed from the channel): shown to the PM."""

    __tablename__ = "unreachable_recipients"
    __table_args__ = (UniqueConstraint("outbox_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
