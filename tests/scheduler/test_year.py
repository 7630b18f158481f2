"""A year of cycles for a team in Europe/Amsterdam, driven by a controlled clock, over real HTTP."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.demo import seed_demo_team

AMS = ZoneInfo("Europe/Amsterdam")


async def test_a_year_posts_every_message_once_at_nine_local_across_both_dst_changes(sessions, cycle, platform):
    async with sessions() as session, session.begin():
        await seed_demo_team(session, "year", day_of_month=3, hour=9)
    sent_at: list[datetime] = []
    day = date(2027, 1, 1)
    while day < date(2028, 1, 1):
        # From June on every step scans twice (as two overlapping schedulers would): still once.
        for moment in (time(8, 59), time(9, 0)) * (2 if day.month >= 6 else 1):
            before = len(platform.posts)
            await cycle.run_at(datetime.combine(day, moment, tzinfo=AMS))
            sent_at += [cycle.clock.now] * (len(platform.posts) - before)
        day += timedelta(days=1)

    kinds = Counter(p["key"].split("/")[1] for p in platform.posts)
    assert platform.duplicates() == 0
    assert kinds["reminder"] == 24  # two owners (Anna; Bram with two KPIs gets one message)
    assert kinds["nudge1"] == kinds["nudge2"] == 24
    assert kinds["escalation"] == 12  # to the project manager only
    assert kinds["report"] == kinds["evaluation"] == kinds["leadership"] == 12
    assert kinds["checkin"] == 52  # the Mondays of 2027 (or the next working day after a holiday)
    assert {t.astimezone(AMS).time() for t in sent_at} == {time(9, 0)}
    assert {t.astimezone(AMS).utcoffset() for t in sent_at} == {timedelta(hours=1), timedelta(hours=2)}
