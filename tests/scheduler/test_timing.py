"""Calendar rules: the team's day and hour in its own zone, month ends, weekends and holidays."""

from datetime import UTC, date, datetime

from scheduler.due import ScheduleView, reminder_day
from scheduler.timing import Calendar, at_local, next_working_day, nominal_day, shift_period

AMSTERDAM = Calendar("Europe/Amsterdam", 9, "NL")


def test_day_31_means_the_last_day_of_shorter_months():
    assert nominal_day("2027-02", 31) == date(2027, 2, 28)
    assert nominal_day("2028-02", 31) == date(2028, 2, 29)
    assert nominal_day("2027-04", 31) == date(2027, 4, 30)
    assert nominal_day("2027-05", 31) == date(2027, 5, 31)


def test_a_sunday_moves_the_reminder_to_monday():
    assert reminder_day("2026-12", ScheduleView(day_of_month=3)) == date(2027, 1, 4)


def test_the_reminder_for_a_month_comes_in_the_month_after_it():
    assert reminder_day("2026-11", ScheduleView(day_of_month=3)) == date(2026, 12, 3)


def test_dutch_kings_day_moves_the_reminder_to_the_next_working_day():
    assert reminder_day("2027-03", ScheduleView(day_of_month=27, country="NL")) == date(2027, 4, 28)


def test_belgian_national_day_counts_for_belgian_teams_only():
    assert next_working_day(date(2027, 7, 21), "BE") == date(2027, 7, 22)
    assert next_working_day(date(2027, 7, 21), "NL") == date(2027, 7, 21)


def test_nine_oclock_stays_nine_oclock_across_daylight_saving():
    assert at_local(date(2027, 1, 4), AMSTERDAM) == datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    assert at_local(date(2027, 7, 5), AMSTERDAM) == datetime(2027, 7, 5, 7, 0, tzinfo=UTC)


def test_an_hour_that_does_not_exist_on_spring_forward_day_happens_just_after_the_change():
    two_am = Calendar("Europe/Amsterdam", 2, "NL")
    assert at_local(date(2027, 3, 28), two_am) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00 CEST


def test_an_hour_that_happens_twice_on_fall_back_day_is_the_first_one():
    two_am = Calendar("Europe/Amsterdam", 2, "NL")
    assert at_local(date(2027, 10, 31), two_am) == datetime(2027, 10, 31, 0, 0, tzinfo=UTC)  # 02:00 CEST


def test_periods_roll_over_the_year():
    assert shift_period("2027-12", 1) == "2028-01"
    assert shift_period("2027-01", -1) == "2026-12"


def test_a_new_york_team_keeps_us_holidays_by_default():
    from scheduler.state import schedule_view

    assert schedule_view(None, "America/New_York").country == "US"
    assert schedule_view(None, "Europe/Brussels").country == "BE"
    assert schedule_view(None, "Europe/Amsterdam").country == "NL"


def test_us_independence_day_observed_moves_a_us_reminder_but_not_a_dutch_one():
    # 4 July 2027 is a Sunday: Americans have Monday the 5th off, the Dutch work.
    assert reminder_day("2027-06", ScheduleView(day_of_month=4, timezone="America/New_York", country="US")) == \
        date(2027, 7, 6)
    assert reminder_day("2027-06", ScheduleView(day_of_month=4, country="NL")) == date(2027, 7, 5)


def test_thanksgiving_is_a_us_holiday_and_german_unity_day_a_german_one():
    assert next_working_day(date(2027, 11, 25), "US") == date(2027, 11, 26)
    assert next_working_day(date(2027, 10, 4), "DE") == date(2027, 10, 4)
    assert next_working_day(date(2028, 10, 3), "DE") == date(2028, 10, 4)


def test_a_missed_post_goes_out_at_the_next_working_hour():
    from scheduler.timing import next_working_hour

    wednesday_afternoon = datetime(2027, 2, 10, 13, 23, tzinfo=UTC)  # 14:23 in Amsterdam
    assert next_working_hour(wednesday_afternoon, AMSTERDAM) == wednesday_afternoon
    friday_evening = datetime(2027, 2, 12, 19, 0, tzinfo=UTC)
    assert next_working_hour(friday_evening, AMSTERDAM) == datetime(2027, 2, 15, 8, 0, tzinfo=UTC)  # Monday 09:00
