"""Check-ins and leadership summaries are built from what the batch's read loaded: no transaction while building."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.demo import seed_demo_team
from scheduler.scan import scan
from storage.cycle_models import CycleSchedule, OutboxMessage
from storage.db import make_engine, make_sessionmaker
from storage.slack_models import SlackInbox

# Friday 15 January 2027, 09:00 in Amsterdam: December's leadership summary falls due (the demo schedule).
SUMMARY_DAY = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
FRIDAY = 4


@pytest.fixture
async def sessions(any_db_url: str) -> AsyncIterator:
    """On SQLite and on PostgreSQL: the scan's reads and the inbox's timestamps behave alike on both."""
    engine = make_engine(any_db_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def _team(sessions, name: str, checkin_weekday: int = FRIDAY, **kwargs) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session, session.begin():
        team = await seed_demo_team(session, name, workspace=kwargs.pop("workspace", f"ws-{name}"), **kwargs)
        schedule = await session.get(CycleSchedule, team.id)
        schedule.checkin_weekday = checkin_weekday  # the project manager's check-in on the summary's day
        return team.id


async def _posted(sessions, kind: str) -> dict[int, OutboxMessage]:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return {r.team_id: r for r in await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))}


async def _undelivered(sessions, workspace: str, channel: str, received_at: datetime, status: str = "undelivered",
                       reason: str = "ratelimited") -> None:  # type: ignore[no-untyped-def]
    """An inbox row as the Slack side leaves it when Slack never took its reply (bot/slack/inbox.py)."""
    async with sessions() as session, session.begin():
        count = len(list(await session.scalars(select(SlackInbox.id))))
        session.add(SlackInbox(
            delivery_key=f"ev-{count}", workspace=workspace, channel=channel, client_msg_id=f"m-{count}",
            kind="message", payload={}, status=status, received_at=received_at.replace(tzinfo=None),
            outgoing=[{"text": "Wat is jullie why?"}], sent=0, error=f"undelivered: {reason}"))


async def test_a_batch_with_checkins_and_summaries_holds_no_transaction_while_its_payloads_are_built(sessions):
    teams = [await _team(sessions, f"t{n}") for n in range(3)]
    result = await scan(sessions, SUMMARY_DAY, batch=2)
    assert set(await _posted(sessions, "checkin")) == set(teams)
    assert set(await _posted(sessions, "leadership")) == set(teams)
    # Per batch: the teams' read, the read of what is posted and what the posts show, the insert. Building
    # the payloads in between opens none: a check-in or summary reading the database would add one.
    assert result.batches == 2
    assert len(result.transactions) == 3 * result.batches


async def test_the_summary_built_in_the_scan_has_the_strategy_evaluations_and_experiments(sessions):
    from storage.cycle_models import Evaluation, Experiment

    team_id = await _team(sessions, "t")
    async with sessions() as session, session.begin():
        session.add(Evaluation(team_id=team_id, period="2026-12", person="anna", person_name="Anna",
                               went_well="Conversie stijgt"))
        session.add(Experiment(team_id=team_id, hypothesis="Kortere formulieren", start_period="2026-11",
                               end_period="2027-02"))
    await scan(sessions, SUMMARY_DAY)
    text = (await _posted(sessions, "leadership"))[team_id].payload[0]["text"]
    assert "• Starters: Binnen een week online verkopen, zonder technische kennis." in text
    assert "• Goed: Conversie stijgt (Anna)" in text
    assert "• Kortere formulieren — " in text
    assert "*Strategiedocument:* de actuele versie als PDF" in text


async def test_the_checkin_counts_the_messages_slack_did_not_deliver_in_the_past_week(sessions):
    team_id = await _team(sessions, "C0MARKETING", platform="slack", workspace="T0ACME")
    await _team(sessions, "C0SALES", platform="slack", workspace="T0ACME")
    await _undelivered(sessions, "T0ACME", "C0MARKETING", SUMMARY_DAY - timedelta(days=2))
    await _undelivered(sessions, "T0ACME", "C0MARKETING", SUMMARY_DAY - timedelta(days=5), status="done",
                       reason="service_unavailable")
    await _undelivered(sessions, "T0ACME", "C0MARKETING", SUMMARY_DAY - timedelta(days=9))  # before last week's
    await _undelivered(sessions, "T0ACME", "C0SALES", SUMMARY_DAY - timedelta(days=1))  # another team's channel
    await scan(sessions, SUMMARY_DAY)
    lines = (await _posted(sessions, "checkin"))[team_id].payload[0]["text"].splitlines()
    assert lines[-1] == ("Niet aangekomen in het kanaal de afgelopen week (Slack was overbelast of onbereikbaar): "
                         "2 berichten van de coach — 1 daarna opnieuw verstuurd, 1 nog niet (volgt zodra iemand in "
                         "het kanaal iets schrijft).")


async def test_the_checkin_says_in_english_that_an_undelivered_message_waits_for_the_team(sessions):
    team_id = await _team(sessions, "C0GROWTH", platform="slack", workspace="T0ACME", language="en")
    await _undelivered(sessions, "T0ACME", "C0GROWTH", SUMMARY_DAY - timedelta(hours=3))
    await scan(sessions, SUMMARY_DAY)
    lines = (await _posted(sessions, "checkin"))[team_id].payload[0]["text"].splitlines()
    assert lines[-1] == ("Did not reach the channel in the past week (Slack was overloaded or unreachable): "
                         "1 message from the coach — not sent again yet: that happens as soon as someone writes in "
                         "the channel.")


async def test_a_checkin_without_delivery_failures_says_nothing_about_them(sessions):
    team_id = await _team(sessions, "C0QUIET", platform="slack", workspace="T0ACME")
    await _undelivered(sessions, "T0ACME", "C0QUIET", SUMMARY_DAY - timedelta(days=8))
    await scan(sessions, SUMMARY_DAY)
    text = (await _posted(sessions, "checkin"))[team_id].payload[0]["text"]
    assert "Niet aangekomen" not in text
