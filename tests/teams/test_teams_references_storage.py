"""The Teams tables on both databases: upserted references, and a claim per (tenant, activity id)."""

from __future__ import annotations

from bot.teams import references
from storage.db import make_engine, make_sessionmaker


async def test_references_and_activity_claims_behave_the_same_on_sqlite_and_postgresql(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions.begin() as session:
            await references.save_reference(session, "t1", "19:c", {"serviceUrl": "https://a/"}, "channel", "29:u")
            await references.save_reference(session, "t1", "19:c", {"serviceUrl": "https://b/"}, "channel", "29:u")
            first = await references.claim_activity(session, "t1", "act-1", "19:c")
            again = await references.claim_activity(session, "t1", "act-1", "19:c")
            other_tenant = await references.claim_activity(session, "t2", "act-1", "19:c")
        async with sessions() as session:
            found = await references.find_reference(session, "t1", "19:c")
            elsewhere = await references.find_reference(session, "t2", "19:c")
        assert (first is not None, again is not None, other_tenant is not None) == (True, False, True)
        assert found == {"serviceUrl": "https://b/"} and elsewhere is None
    finally:
        await engine.dispose()


async def test_owed_replies_are_leased_to_one_sender_and_released_when_delivered_on_both_databases(
        any_db_url: str) -> None:
    from datetime import timedelta

    from storage.models import utcnow

    engine = make_engine(any_db_url)
    sessions = make_sessionmaker(engine)
    now = utcnow()
    try:
        async with sessions.begin() as session:
            row = await references.claim_activity(session, "t1", "act-1", "19:c", [{"type": "message"}], now=now)
        async with sessions.begin() as session:
            while_leased = await references.claim_owed_replies(session, "t1", "act-1", now=now)
            stale_too_early = await references.claim_stale_replies(session, now)
        later = now + references.REPLY_LEASE + timedelta(seconds=1)
        async with sessions.begin() as session:
            [stale] = await references.claim_stale_replies(session, later)
            again = await references.claim_stale_replies(session, later)  # leased just now, by the line above
        async with sessions.begin() as session:
            await references.replies_delivered(session, [stale.row_id])
        async with sessions.begin() as session:
            after = await references.claim_stale_replies(session, later + references.REPLY_LEASE * 2)
    finally:
        await engine.dispose()
    assert row is not None and while_leased is None and stale_too_early == []
    assert (stale.row_id, stale.replies, stale.sent) == (row, [{"type": "message"}], 0)
    assert again == [] and after == []
