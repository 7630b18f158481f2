"""What is due, as a pure function of the moment and the team's state."""

from datetime import UTC, date, datetime, timedelta

from scheduler.due import AwayView, KpiView, ScheduleView, TeamState, ValueView, due_posts, period_times

SCHEDULE = ScheduleView(day_of_month=4, hour=9, timezone="Europe/Amsterdam")  # Monday 4 January 2027
KPIS = (KpiView(1, "Conversie", "anna"), KpiView(2, "Leads", "bram"), KpiView(3, "Kosten", "bram"))
REMINDER = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # asks for December 2026
MEASURED = "2026-12"


def state(reminded: bool = True, **changes) -> TeamState:  # type: ignore[no-untyped-def]
    """The team on its reminder day; `reminded`: the reminder for December is in the outbox."""
    base = {"team_id": 1, "schedule": SCHEDULE, "kpis": KPIS, "managers": ("pia",),
            "posted": {("reminder", MEASURED): REMINDER} if reminded else {}}
    base.update(changes)
    return TeamState(**base)


def keys(now: datetime, team: TeamState, kind: str) -> set[str]:
    return {p.recipient for p in due_posts(now, team) if p.kind == kind}


def test_a_person_owning_two_kpis_gets_one_reminder():
    reminders = [p for p in due_posts(REMINDER, state(reminded=False)) if p.kind == "reminder"]
    assert sorted(p.recipient for p in reminders) == ["user:anna", "user:bram"]
    assert next(p for p in reminders if p.recipient == "user:bram").kpi_ids == (2, 3)


def test_the_reminder_in_january_asks_for_december():
    reminders = {p.period for p in due_posts(REMINDER, state(reminded=False)) if p.kind == "reminder"}
    assert reminders == {MEASURED}


def test_nothing_is_due_a_minute_before_the_reminder():
    assert not [p for p in due_posts(REMINDER - timedelta(minutes=1), state(reminded=False))
                if p.period == MEASURED]


def test_an_owner_who_entered_the_value_is_not_nudged():
    values = {(1, MEASURED): ValueView("entered", REMINDER + timedelta(hours=1))}
    nudge_at = period_times(MEASURED, state()).nudges[0]
    assert keys(nudge_at, state(values=values), "nudge1") == {"user:bram"}


def test_after_two_nudges_the_project_manager_is_told_instead():
    times = period_times(MEASURED, state())
    assert len(times.nudges) == 2
    assert keys(times.deadline, state(), "escalation") == {"user:pia"}
    assert not keys(times.deadline, state(), "nudge2")


def test_an_owner_who_is_away_gets_no_reminder():
    away = (AwayView("bram", date(2027, 1, 1), date(2027, 1, 20)),)
    assert keys(REMINDER, state(reminded=False, away=away), "reminder") == {"user:anna"}


def test_the_report_comes_as_soon_as_the_last_value_is_in():
    last = REMINDER + timedelta(days=1, hours=2)
    values = {(k.id, MEASURED): ValueView("entered", last) for k in KPIS}
    assert period_times(MEASURED, state(values=values)).report == last
    assert period_times(MEASURED, state()).report == period_times(MEASURED, state()).deadline


def test_a_team_that_moves_its_day_mid_month_gets_this_months_reminder_once_it_is_due():
    moved = state(reminded=False, schedule=ScheduleView(day_of_month=20, hour=9))
    on_the_tenth = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    assert not keys(on_the_tenth, moved, "reminder")
    assert keys(datetime(2027, 1, 20, 8, 0, tzinfo=UTC), moved, "reminder") == {"user:anna", "user:bram"}


def test_a_team_set_up_long_after_its_day_gets_no_stale_reminder():
    assert not keys(datetime(2027, 1, 20, 8, 0, tzinfo=UTC), state(reminded=False), "reminder")


def test_a_paused_team_gets_nothing():
    assert due_posts(REMINDER, state(schedule=ScheduleView(day_of_month=4, paused=True))) == []


def test_a_weekend_never_piles_both_nudges_onto_one_day():
    thursday = state(schedule=ScheduleView(day_of_month=3, hour=9, timezone="Europe/Amsterdam"))  # 3 Dec 2026
    first, second = period_times("2026-11", thursday).nudges
    assert first.date() < second.date()


def test_a_team_set_up_after_its_reminder_went_stale_gets_no_report_or_evaluation_of_that_month():
    late = state(reminded=False)
    times = period_times(MEASURED, late)
    for moment in (times.report, times.evaluation):
        assert not [p for p in due_posts(moment, late) if p.period == MEASURED and p.kind in ("report", "evaluation")]


def test_a_value_entered_without_a_reminder_still_gets_its_month_reported():
    values = {(1, MEASURED): ValueView("entered", REMINDER - timedelta(days=1))}
    unreminded = state(reminded=False, values=values)
    assert keys(period_times(MEASURED, unreminded).report, unreminded, "report") == {"channel"}
