"""`schema` / `schedule`: reading a team's cycle settings from chat and saying them back in plain words."""

from __future__ import annotations

from scheduler import messages as m
from scheduler.due import ScheduleView
from scheduler.timing import COUNTRIES, valid_timezone
from storage.cycle_models import CycleSchedule

# word (nl or en) -> (field, kind)
KEYS = {
    "dag": ("day_of_month", "day"), "day": ("day_of_month", "day"),
    "uur": ("hour", "hour"), "hour": ("hour", "hour"), "tijd": ("hour", "hour"), "time": ("hour", "hour"),
    "tijdzone": ("timezone", "tz"), "timezone": ("timezone", "tz"), "tz": ("timezone", "tz"),
    "land": ("country", "country"), "country": ("country", "country"),
    "herinnering": ("nudge_days", "days"), "nudge": ("nudge_days", "days"),
    "deadline": ("deadline_days", "days"), "rapport": ("deadline_days", "days"), "report": ("deadline_days", "days"),
    "evaluatie": ("evaluation_days", "days"), "evaluation": ("evaluation_days", "days"),
    "leiding": ("leadership_channel", "channel"), "leadership": ("leadership_channel", "channel"),
    "checkin": ("checkin_weekday", "weekday"), "check-in": ("checkin_weekday", "weekday"),
}


class ScheduleError(ValueError):
    pass


def _weekday(word: str) -> int:
    word = word.lower()
    for names in m.WEEKDAYS.values():
        for index, name in enumerate(names):
            if name.lower().startswith(word[:2]) and len(word) >= 2:
                return index
    raise ScheduleError(word)


def parse_changes(arg: str) -> dict[str, object]:
    """"dag 31 uur 8 tijdzone Europe/Brussels" → {"day_of_month": 31, "hour": 8, "timezone": ...}."""
    words = arg.replace("=", " ").replace(":00", "").split()
    if len(words) % 2:
        raise ScheduleError(arg)
    changes: dict[str, object] = {}
    for key, raw in zip(words[::2], words[1::2], strict=True):
        if key.lower() not in KEYS:
            raise ScheduleError(key)
        field_name, kind = KEYS[key.lower()]
        if kind in ("day", "hour", "days"):
            try:
                number = int(raw.rstrip("e").rstrip("stndrh"))
            except ValueError as exc:
                raise ScheduleError(f"{key} {raw}") from exc
            low, high = {"day": (1, 31), "hour": (0, 23), "days": (1, 14)}[kind]
            if not low <= number <= high:
                raise ScheduleError(f"{key} {raw} ({low}-{high})")
            changes[field_name] = number
        elif kind == "tz":
            if not valid_timezone(raw):
                raise ScheduleError(f"{key} {raw}")
            changes[field_name] = raw
        elif kind == "country":
            if raw.upper() not in COUNTRIES:
                raise ScheduleError(f"{key} {raw} ({'/'.join(COUNTRIES)})")
            changes[field_name] = raw.upper()
        elif kind == "weekday":
            changes[field_name] = _weekday(raw)
        else:
            changes[field_name] = None if raw.lower() in ("geen", "none", "-") else raw.lstrip("#")
    return changes


def is_changes_argument(arg: str) -> bool:
    """Whether `schema <arg>` sets the schedule ("dag 32" too, which then gets a clear refusal), not an
    answer that merely starts with the word ("schema tijd is krap")."""
    words = arg.replace("=", " ").split()
    return bool(words) and all(key.lower() in KEYS for key in words[::2])


def apply(row: CycleSchedule, changes: dict[str, object]) -> None:
    for name, value in changes.items():
        setattr(row, name, value)


def describe(view: ScheduleView, language: str) -> str:
    day = m.ordinal(view.day_of_month, language) + (m.SCHEDULE_LAST_DAY(language) if view.day_of_month > 28 else "")
    return m.SCHEDULE_DESCRIBED(language).format(
        day=day, hour=view.hour, tz=view.timezone, country=view.country, nudge=view.nudge_days,
        deadline=view.deadline_days, evaluation=view.evaluation_days,
        weekday=m.WEEKDAYS["en" if language == "en" else "nl"][view.checkin_weekday],
        leadership=("#" + view.leadership_channel) if view.leadership_channel else m.LEADERSHIP_DMS(language),
    )


