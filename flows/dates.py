"""Reading dates and periods as Dutch and Flemish users type them (see `flows.parsing` for the rules)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from flows.parse_common import ParseError, Period
from flows.parse_common import alternatives as _alt
from flows.parse_common import any_word as _any_word
from flows.parse_common import fold as _fold

_MONTH_NAMES = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}  # fmt: skip
_MONTH_ABBREVIATIONS = ("jan", "feb", "mrt mar", "apr", "", "jun", "jul", "aug", "sep sept", "okt oct", "nov",
                        "dec")  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(zip(*_MONTH_NAMES.values(), _MONTH_ABBREVIATIONS, strict=True), start=1)
    for name in " ".join(names).lower().split()
}
_NUMBER_WORD_GROUPS = ("een one a an", "twee two", "drie three", "vier four", "vijf five", "zes six",
                       "zeven seven", "acht eight", "negen nine", "tien ten", "elf eleven",
                       "twaalf twelve")  # fmt: skip
_NUMBER_WORDS = {word: n for n, words in enumerate(_NUMBER_WORD_GROUPS, start=1) for word in words.split()}
_UNITS = {  # (months, days) per unit
    **dict.fromkeys(("dag", "dagen", "day", "days"), (0, 1)),
    **dict.fromkeys(("week", "weken", "weeks"), (0, 7)),
    **dict.fromkeys(("maand", "maanden", "month", "months"), (1, 0)),
    **dict.fromkeys(("kwartaal", "kwartalen", "quarter", "quarters"), (3, 0)),
    **dict.fromkeys(("jaar", "jaren", "year", "years"), (12, 0)),
}
_NEXT_WORDS = {"volgend", "volgende", "komend", "komende", "next", "coming"}
_DAY_OFFSETS = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}

_MON = rf"(?<![a-z])(?P<mon>{_alt(_MONTHS)})(?![a-z])\.?"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_RANGE = re.compile(
    r"(?:(?:van|vanaf|from|tussen|between) )?(?P<a>.+?)"
    r"(?: (?:-|tot en met|t/m|tot|to|until|till|through|en|and) | ?[–—] ?)(?P<b>.+)"
)
_HALF_YEAR = re.compile(r"(?:(?:een|a) )?half (?:a )?(?:jaar|year)|halfjaar")
_VAGUE = _any_word("begin start medio midden mid early halverwege winter")  # winter spans two years
# Meteorological seasons, as the KNMI counts them: "zomer 2027" is June to August, not the whole of 2027.
_SEASONS = {"lente": 3, "voorjaar": 3, "spring": 3, "zomer": 6, "summer": 6, "herfst": 9, "najaar": 9,
            "autumn": 9, "fall": 9}


def _add_months(day: date, months: int) -> date:
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month_index + 1, min(day.day, calendar.monthrange(year, month_index + 1)[1]))


def _span(year: int, first_month: int, months: int, label: str) -> Period:
    start = date(year, first_month, 1)
    return Period(start, _add_months(start, months) - timedelta(days=1), label)


def _month(year: int, month: int, language: str) -> Period:
    names = _MONTH_NAMES["en" if language.startswith("en") else "nl"]
    return _span(year, month, 1, f"{names[month - 1]} {year}")


def _day(day: date) -> Period:
    return Period(day, day, day.isoformat())


def _upcoming(make: Callable[[int], Period], year: str | None, today: date) -> Period:
    """An explicit year wins; without one, the first such period that has not ended yet."""
    if year:
        return make(int(year) + (2000 if len(year) == 2 else 0))
    for candidate in range(today.year, today.year + 9):  # nine years always reach a 29 February
        try:
            period = make(candidate)
        except ValueError:
            continue
        if period.end >= today:
            return period
    raise ValueError("no such date")


def _numeric_day(match: re.Match[str], language: str, today: date) -> Period | None:
    if match["y"] is None and match["sep"] == ".":
        return None  # '1.6' alone is more likely a decimal than a date
    day, month = int(match["d"]), int(match["m"])
    return _upcoming(lambda year: _day(date(year, month, day)), match["y"], today)


def _named_day(match: re.Match[str], language: str, today: date) -> Period:
    day, month = int(match["d"]), _MONTHS[match["mon"]]
    return _upcoming(lambda year: _day(date(year, month, day)), match["y"], today)


def _named_month(match: re.Match[str], language: str, today: date) -> Period:
    return _upcoming(lambda year: _month(year, _MONTHS[match["mon"]], language), match["y"], today)


def _day_word(match: re.Match[str], language: str, today: date) -> Period:
    return _day(today + timedelta(days=_DAY_OFFSETS[match["w"]]))


def _quarter_or_half(match: re.Match[str], language: str, today: date) -> Period:
    n, kind = int(match["n"]), match["k"].upper()
    size = 3 if kind == "Q" else 6
    if not 1 <= n <= 12 // size:  # Q5 or H3 is a typo, not a year
        raise ValueError(f"{kind}{n}")
    first_month = size * (n - 1) + 1
    return _upcoming(lambda year: _span(year, first_month, size, f"{kind}{n} {year}"), match["y"], today)


def _season(match: re.Match[str], language: str, today: date) -> Period:
    if re.search(r"(?:voor|na|before|after|ná)(?: de| het| the)? $", match.string[:match.start()]):
        raise ValueError("before or after a season")  # "voor de zomer" is May, not August: say so, don't guess
    first_month = _SEASONS[match["s"]]
    year = match["y"] or next(iter(re.findall(r"(?<!\d)(?:19|20|21)\d\d(?!\d)", match.string)), None)  # "2028 zomer"
    return _upcoming(lambda y: _span(y, first_month, 3, f"{match['s']} {y}"), year, today)


def _count(match: re.Match[str], language: str, today: date) -> Period:
    n = int(match["n"]) if match["n"].isdigit() else _NUMBER_WORDS[match["n"]]
    months, days = _UNITS[match["unit"]]
    return Period(today, _add_months(today, n * months) + timedelta(days=n * days), match[0])


def _this_or_next(match: re.Match[str], language: str, today: date) -> Period:
    step = 1 if match["which"] in _NEXT_WORDS else 0
    months, days = _UNITS[match["unit"]]
    if days:  # a week runs Monday to Sunday
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        iso = monday.isocalendar()
        return Period(monday, monday + timedelta(days=6), f"week {iso.week} {iso.year}")
    if months == 12:
        return _span(today.year + step, 1, 12, str(today.year + step))
    first = _add_months(today.replace(day=1), step * months)
    if months == 1:
        return _month(first.year, first.month, language)
    quarter = (first.month - 1) // 3 + 1
    return _span(first.year, 3 * quarter - 2, 3, f"Q{quarter} {first.year}")


_Build = Callable[[re.Match[str], str, date], Period | None]
_D, _M = r"(?P<d>\d{1,2})", r"(?P<m>\d{1,2})"
# Order matters: explicit dates first, bare years after the forms that contain a year, relative
# phrases last. The first rule whose pattern occurs decides; it never falls through on a bad date.
_RULES: list[tuple[re.Pattern[str], _Build]] = [
    (re.compile(pattern), build)
    for pattern, build in (
        (rf"(?<!\d)(?P<y>\d{{4}})(?P<sep>[-/]){_M}(?P=sep){_D}(?!\d)", _numeric_day),
        (rf"(?<![\d.,]){_D}(?P<sep>[-/.]){_M}(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?(?!\d)", _numeric_day),
        (rf"(?<![\d.,]){_D}(?:e|ste|de|st|nd|rd|th)?\.? ?{_MON}(?:,? ?{_YEAR})?", _named_day),
        (rf"{_MON} ?{_D}(?:st|nd|rd|th)?(?!\d)(?:,? ?{_YEAR})?", _named_day),
        (rf"(?<![a-z\d])(?P<k>[qh])(?P<n>\d)(?!\d)(?: ?[-/']? ?{_YEAR})?", _quarter_or_half),
        (r"(?<!\d)(?P<y>\d{4}) ?-? ?(?P<k>[qh])(?P<n>\d)(?!\d)", _quarter_or_half),
        (rf"{_MON}(?: ?{_YEAR})?", _named_month),
        (rf"(?<![a-z])(?P<s>{_alt(_SEASONS)})(?![a-z])(?: (?:van |of )?{_YEAR})?", _season),
        (r"(?<!\d)(?P<y>(?:19|20|21)\d\d)(?!\d)", lambda m, lang, today: _span(int(m["y"]), 1, 12, m["y"])),
        (rf"(?<![a-z])(?P<w>{_alt(_DAY_OFFSETS)})(?![a-z])", _day_word),
        (
            r"(?:(?:de |the )?(?:over|in|binnen|within|komende|coming|next) )?"
            rf"(?<![a-z\d])(?P<n>\d{{1,3}}|{_alt(_NUMBER_WORDS)}) (?P<unit>{_alt(_UNITS)})(?![a-z])",
            _count,
        ),
        (
            r"(?<![a-z])(?P<which>dit|deze|het|huidige|this|the|current|volgend|volgende|komend|komende|next"
            r"|coming) (?P<unit>jaar|year|kwartaal|quarter|maand|month|week)(?![a-z])",
            _this_or_next,
        ),
    )
]


def _single(text: str, language: str, today: date) -> Period | None:
    for pattern, build in _RULES:
        match = pattern.search(text)
        if match:
            try:
                period = build(match, language, today)
            except ValueError:  # recognised but impossible, like 31-02-2027: say so, don't guess
                raise ParseError("not_a_date", match[0]) from None
            if period:
                return period
    return None


def _range(text: str, language: str, today: date) -> Period | None:
    match = _RANGE.fullmatch(text)
    if not match:
        return None
    first, last = match["a"], match["b"]
    year = re.search(r"(?<!\d)\d{4}(?!\d)", last)
    if year and not re.search(r"(?<!\d)\d{4}(?!\d)", first):
        first = f"{first} {year[0]}"  # '1 jan - 31 mrt 2027': the start shares the end's year
    start, end = _single(first, language, today), _single(last, language, today)
    if not (start and end):
        return None  # e.g. 'uiterlijk tot 1 juni': not a range after all
    if start.start > end.end:
        raise ParseError("out_of_range", "start after end")
    return Period(start.start, end.end, f"{start.start.isoformat()} – {end.end.isoformat()}")


def _resolve(text: str, language: str, today: date) -> Period:
    folded = _HALF_YEAR.sub("6 maanden", _fold(text))
    if not folded:
        raise ParseError("empty")
    period = _range(folded, language, today) or _single(folded, language, today)
    if period is None:
        raise ParseError("not_a_date", text[:40])
    return period


# "eind dit jaar", "medio volgend jaar", "begin maart", "end of Q2", "mid-2027": which end of a period.
_VAGUE_LEAD = re.compile(
    r"(?:(?:tot|until|by|uiterlijk|vanaf|from|in|tegen|rond|around|per) )?(?:(?:het|de|the) )?"
    r"(?P<word>begin|start|early|medio|midden|mid|halverwege|eind|einde|end|late) ?-? ?"
    r"(?:(?:van|of|in) )?(?P<rest>.+)"
)
_WHICH_END = {"begin": "start", "start": "start", "early": "start", "eind": "end", "einde": "end", "end": "end",
              "late": "end"}  # the rest is the middle


def _vague(text: str, language: str, today: date) -> tuple[str, Period, bool] | None:
    """('start' | 'middle' | 'end', the period named, whether it was named relative to today) for
    "medio volgend jaar"; None for a plain date."""
    match = _VAGUE_LEAD.fullmatch(_fold(text))
    if not match:
        return None
    try:
        period = _resolve(match["rest"], language, today)
    except ParseError:
        return None
    relative = not re.search(r"(?<!\d)\d{4}(?!\d)", match["rest"])
    return _WHICH_END.get(match["word"], "middle"), period, relative


def _suggestion(which: str, period: Period, language: str) -> str:
    """A precise answer for a vague one: "medio 2027" -> "juni 2027", "eind juni 2027" -> "30 juni 2027"."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months <= 1:
        day = {"start": period.start, "middle": period.start.replace(day=15), "end": period.end}[which]
        names = _MONTH_NAMES["en" if language.startswith("en") else "nl"]
        return f"{day.day} {names[day.month - 1]} {day.year}"
    offset = {"start": 0, "middle": (months - 1) // 2, "end": months - 1}[which]
    first = _add_months(period.start.replace(day=1), offset)
    return _month(first.year, first.month, language).label


def parse_date(text: str, language: str = "nl", today: date | None = None, role: str = "end") -> date:
    """A date whose `role` in the question decides which end of a period it means.

    As a deadline (`end`) 'Q2 2027' is 2027-06-30; as a start (`start`) it is 2027-04-01. 'eind 2027' is a
    precise deadline and 'begin 2027' a precise start; the other way round, or 'medio 2027' either way, is
    too vague and answered with a suggestion (ParseError 'too_vague', the suggestion as its detail).
    """
    today = today or date.today()
    vague = _vague(text, language, today)
    if vague is not None:
        which, period, _relative = vague
        if period.start == period.end or which == role:
            return period.start if role == "start" else period.end
        raise ParseError("too_vague", _suggestion(which, period, language))
    if _VAGUE.search(_fold(text)):
        raise ParseError("not_a_date", "too vague for a date")
    period = _resolve(text, language, today)
    if role == "start" and re.match(r"(?:over|in) \S+ \S", period.label):
        return period.end  # "over 3 maanden" starts three months from now; "binnen 3 maanden" is from today
    return period.start if role == "start" else period.end


def parse_period(text: str, language: str = "nl", today: date | None = None) -> Period:
    """Calendar periods get a canonical label ('Q1 2027'); rolling spans keep the user's wording.

    'eind dit jaar' runs from today to the end of the year; said in December, when that is a few weeks,
    it is asked whether this year or the next is meant (ParseError 'which_year', both periods in its detail).
    """
    today = today or date.today()
    vague = _vague(text, language, today)
    if vague is None:
        return _resolve(text, language, today)
    which, period, relative = vague
    if which != "end":
        raise ParseError("too_vague", _suggestion(which, period, language))
    if period.end < today:
        raise ParseError("out_of_range", "ends before today")
    whole_year = (period.start, period.end) == (date(period.end.year, 1, 1), date(period.end.year, 12, 31))
    if today.month == 12 and whole_year and relative and period.end.year == today.year:
        raise ParseError("which_year", f"{today.year}|{today.year + 1}")
    return Period(today, period.end, f"{today.isoformat()} – {period.end.isoformat()}")
