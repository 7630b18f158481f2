"""The simulator as a user runs it, and the cycle's commands reached through the coach service."""

import io
from datetime import UTC, datetime

from flows.types import Inbound
from scheduler.simulate import simulate


async def test_simulating_three_months_prints_each_post_once_in_local_time(db_url):
    out = io.StringIO()
    log = await simulate(3, "demo", out, db_url, start=datetime(2027, 1, 1, 12, 0, tzinfo=UTC))
    keys = [key for _, _, key in log]
    assert len(keys) == len(set(keys))
    text = out.getvalue()
    assert "2027-01-04 09:00 Europe/Amsterdam → @anna: KPI-waarden van december 2026 — demo" in text
    assert "→ #demo: KPI-rapport januari 2027 — demo" in text
    assert "→ #directie: Maandoverzicht demo — januari 2027" in text
    assert "→ #demo: Resultaat experiment" in text


async def test_the_schedule_command_is_reached_through_the_coach_service(app_context):
    replies = await app_context.service.handle(
        Inbound(platform="console", workspace="local", team="svc", user="anna", text="/schedule", language="en"))
    assert "of every month at 09:00 Europe/Amsterdam" in replies[0].text
