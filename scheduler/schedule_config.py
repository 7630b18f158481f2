"""`schema` / `schedule`: reading a team's cycle settings from chat and saying them back in plain words."""

from __future__ import annotations

from scheduler import messages as m
from scheduler.due import ScheduleView
from scheduler.timing import canonical_timezone, closest_timezone, supported_countries
from storage.cycle_models import CycleSchedule

# word (nl or en) -> (field, kind)
KEYS = {
    "dag": ("day_of_month", "day"), "day": ("day_of_month", "day"),
    "uur": ("hour", "hour"), "hour": ("hour", "hour"), "tijd": ("hour", "hour"), "time": ("hour", "hour"),
    "tijdzone": ("timezone", "tz"), "timezone": ("timezone", "tz"), "tz": ("timezone", "tz"),
    "land": ("country", "country"), "country": ("country", "country"),
    "herinnering": ("nudge_days", "days"), "nudge": ("nudge_days", "days"),
    "herinneringen": ("nudges", "count"), "nudges": ("nudges", "count"),
    "deadline": ("deadline_days", "days"), "rapport": ("deadline_days", "days"), "report": ("deadline_days", "days"),
    "evaluatie": ("evaluation_days", "days"), "evaluation": ("evaluation_days", "days"),
    "leiding": ("leadership_channel", "channel"), "leadership": ("leadership_channel", "channel"),
    "checkin": ("checkin_weekday", "weekday"), "check-in": ("checkin_weekday", "weekday"),
}


class ScheduleError(ValueError):
    """What could not be read; `nl`/`en` say it in the team's language when there is more to say."""

    def __init__(self, problem: str, nl: str | None = None, en: str | None = None) -> None:
        super().__init__(problem)
        self.texts = {"nl": nl or problem, "en": en or problem}

    def say(self, language: str) -> str:
        return self.texts["en" if language == "en" else "nl"]


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
        if kind in ("day", "hour", "days", "count"):
            try:
                number = int(raw.rstrip("e").rstrip("stndrh"))
            except ValueError as exc:
                raise ScheduleError(f"{key} {raw}") from exc
            low, high = {"day": (1, 31), "hour": (0, 23), "days": (1, 14), "count": (0, 2)}[kind]
            if not low <= number <= high:
                raise ScheduleError(f"{key} {raw} ({low}-{high})")
            changes[field_name] = number
        elif kind == "tz":
            changes[field_name] = _timezone(raw)
        elif kind == "country":
            if raw.upper() not in supported_countries():
                raise ScheduleError(f"{key} {raw}", nl=f"onbekend land \"{raw}\" (gebruik een landcode als NL, BE, "
                                    "DE of US)", en=f"unknown country \"{raw}\" (use a country code like NL, BE, DE "
                                    "or US)")
            changes[field_name] = raw.upper()
        elif kind == "weekday":
            changes[field_name] = _weekday(raw)
        else:
            changes[field_name] = None if raw.lower() in ("geen", "none", "-") else raw.lstrip("#")
    return changes


def _timezone(raw: str) -> str:
    found = canonical_timezone(raw)
    if found is not None:
        return found
    closest = closest_timezone(raw)
    nl, en = f"onbekende tijdzone \"{raw}\"", f"unknown time zone \"{raw}\""
    if closest:
        # In brackets: the refusal ends the problem with a full stop ("... (bedoel je X?)."), never "X?.".
        nl, en = nl + f" (bedoel je {closest}?)", en + f" (did you mean {closest}?)"
    else:
        nl, en = nl + " (bv. Europe/Amsterdam)", en + " (e.g. Europe/Amsterdam)"
    raise ScheduleError(f"tijdzone {raw}", nl=nl, en=en)


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
        day=day, hour=view.hour, tz=view.timezone, country=view.country,
        follow_ups=m.FOLLOW_UPS["none" if not view.nudges else "one" if view.nudges == 1 else "more"](language).format(
            nudges=view.nudges, nudge=view.nudge_days),
        deadline=view.deadline_days, evaluation=view.evaluation_days,
        weekday=m.WEEKDAYS["en" if language == "en" else "nl"][view.checkin_weekday],
        leadership=("#" + view.leadership_channel) if view.leadership_channel else m.LEADERSHIP_DMS(language),
    )


