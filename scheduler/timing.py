"""Calendar arithmetic for the cycle, all pure: periods, the team's day, working days, local → UTC.

Due times are computed in the team's own time zone (a `ZoneInfo` name) and returned in UTC, so
09:00 stays 09:00 for the team across daylight-saving changes. A day of the month past the
month's end (the 31st in February) means the month's last day. Weekends and the public holidays
of the team's country (any country the `holidays` package knows; by default the country of the
team's time zone) move a date to the next working day.
"""

from __future__ import annotations

import calendar
import difflib
import importlib.resources
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays
from holidays import registry

DEFAULT_COUNTRY = "NL"
WORKDAY_ENDS = 17  # a catch-up post waits for the next working hour: the team's hour up to 17:00


@dataclass(frozen=True)
class Calendar:
    """What timing needs to know about a team: its zone, its hour, its country's holidays."""

    timezone: str = "Europe/Amsterdam"
    hour: int = 9
    country: str = "NL"

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def valid_timezone(name: str) -> bool:
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def _timezones() -> dict[str, str]:
    """Every zone name the tz database knows, by its lower-case spelling."""
    return {name.casefold(): name for name in available_timezones()}


def canonical_timezone(name: str) -> str | None:
    """The zone as the tz database spells it (`europe/amsterdam` → `Europe/Amsterdam`); None if unknown."""
    return _timezones().get(name.strip().casefold())


def closest_timezone(name: str) -> str | None:
    """The known zone name nearest to a misspelt one (`Europe/Amsterdm` → `Europe/Amsterdam`)."""
    found = difflib.get_close_matches(name.strip().casefold(), list(_timezones()), n=1, cutoff=0.6)
    return _timezones()[found[0]] if found else None


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    # The registry's table of country codes: cheap, where list_supported_countries() imports every country.
    return frozenset(entry[1] for entry in registry.COUNTRIES.values())


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    # tzdata's zone.tab: one country code per zone (Europe/Amsterdam NL, Europe/Brussels BE, America/New_York US).
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def country_of_timezone(name: str) -> str:
    """The country whose public holidays a team in this zone keeps (NL when the zone names none we know)."""
    country = _zone_countries().get(name)
    return country if country in supported_countries() else DEFAULT_COUNTRY


@lru_cache(maxsize=512)
def _holidays(country: str, year: int) -> frozenset[date]:
    # The library knows moving feasts (Easter, Ascension, King's Day on a Sunday, Thanksgiving) per year.
    if country not in supported_countries():
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


def warm_up(year: int) -> None:
    """Load the holidays package's tables (a third of a second the first time) outside any hot path."""
    _holidays(DEFAULT_COUNTRY, year)


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def next_working_day(day: date, country: str) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, days: int, country: str) -> date:
    """A date `days` calendar days later, moved to a working day (a nudge never lands on a Sunday)."""
    return next_working_day(day + timedelta(days=days), country)


# --- periods -------------------------------------------------------------------------------------


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@lru_cache(maxsize=4096)  # a scan of 10,000 teams reads the same few month labels hundreds of thousands of times
def parse_period(label: str) -> tuple[int, int]:
    year, _, month = label.partition("-")
    result = int(year), int(month)
    if not 1 <= result[1] <= 12:
        raise ValueError(label)
    return result


@lru_cache(maxsize=4096)
def shift_period(label: str, months: int) -> str:
    year, month = parse_period(label)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def week_of(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def nominal_day(period: str, day_of_month: int) -> date:
    """The team's day in a month; the 31st in a 30-day month is the 30th."""
    year, month = parse_period(period)
    return date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))


# --- local time ----------------------------------------------------------------------------------


def at_local(day: date, cal: Calendar) -> datetime:
    """The team's hour on `day`, as a UTC instant (a non-existent local hour moves forward with DST)."""
    local = datetime.combine(day, time(cal.hour), tzinfo=cal.zone)
    # Round-trip through UTC so a time in the spring-forward gap becomes the real instant after it.
    return local.astimezone(UTC)


def local_date(instant: datetime, cal: Calendar) -> date:
    return instant.astimezone(cal.zone).date()


def next_working_hour(instant: datetime, cal: Calendar) -> datetime:
    """`instant` itself inside working time (a working day, from the team's hour to 17:00), else the next
    working day's hour: when a post that was missed goes out."""
    local = instant.astimezone(cal.zone)
    day = local.date()
    if is_working_day(day, cal.country) and cal.hour <= local.hour < max(WORKDAY_ENDS, cal.hour + 1):
        return instant
    if is_working_day(day, cal.country) and local.hour < cal.hour:
        return at_local(day, cal)
    return at_local(next_working_day(day + timedelta(days=1), cal.country), cal)


def describe_local(instant: datetime, timezone: str) -> str:
    return instant.astimezone(zone(timezone)).strftime("%Y-%m-%d %H:%M ") + timezone
