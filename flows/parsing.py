"""Reading what people type: numbers, money, percentages, dates, periods, lists, choices, axes.

Pure functions, no I/O. Each raises `ParseError` with a short reason code when the text cannot
be read; the engine turns that into a friendly re-prompt with an example.

Rules for the ambiguous cases (users are Dutch and Flemish, typing in Dutch or English):

* Numbers: `1.000,50` and `1,000.50` are both accepted whatever the language; with two kinds of
  separator the last one is the decimal mark. A single separator followed by exactly three digits
  after a non-zero group of one to three digits is a thousands separator (`1.000`, `1,000`), any
  other single separator is a decimal mark (`2,5`, `0,125`). Two different numbers are ambiguous.
* Numeric dates are day-first in both languages (`1-6-2027` is 1 June), as European users write.
* A period given as a deadline (`Q2 2027`, `juni 2027`, `2027`) means its last day. A date or
  month without a year is the first one that has not passed yet. Vague deadlines such as
  `begin 2027` or `medio juni` are refused rather than guessed.
* Axis splits (`70/30`) are read as the left share: >=90 -> 1, >=65 -> 2, >35 -> 3, >10 -> 4,
  else 5; the two shares must add up to 100.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal


class ParseError(ValueError):
    """`reason` is a short code: empty, not_a_number, ambiguous, out_of_range, not_a_date, ..."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "EUR"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def _fold(text: str) -> str:
    """Casefold, drop accents ('één' -> 'een') and squeeze whitespace, so patterns stay simple."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split()).strip(" .!?,;:")


def _alt(words: Iterable[str]) -> str:
    # Longest first, so 'december' is tried before 'dec'.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _any_word(words: str) -> re.Pattern[str]:
    """Whole words only, so 'mei' never matches inside 'meisje'."""
    return re.compile(rf"(?<![a-z])(?:{_alt(words.split())})(?![a-z])")


# --- numbers, percentages, money -------------------------------------------------------------

# Spaces (also no-break and narrow no-break) between digit groups of three are thousands marks.
_SPACE_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
# Separators sit between digit runs, so the grouping is unambiguous and the match stays linear.
_NUMBER = re.compile(r"(?<![\w.,])(?P<sign>[-−])?(?P<digits>\d+(?:[.,]\d+)*)(?:\s*(?P<word>[^\W\d_]+))?")
_SCALES = {
    **dict.fromkeys(("k", "duizend", "thousand"), Decimal(10**3)),
    **dict.fromkeys(("m", "mln", "mio", "miljoen", "million"), Decimal(10**6)),
    **dict.fromkeys(("mld", "mrd", "miljard", "bn", "billion"), Decimal(10**9)),
}


def _ungroup(digits: str, separator: str) -> str:
    groups = digits.split(separator)
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        raise ParseError("not_a_number", digits)
    return "".join(groups)


def _token_value(digits: str) -> Decimal:
    separators = [c for c in digits if c in ".,"]
    if not separators:
        return Decimal(digits)
    if len(set(separators)) == 2:
        decimal_mark = separators[-1]
        if separators.count(decimal_mark) != 1:
            raise ParseError("not_a_number", digits)
        whole, fraction = digits.split(decimal_mark)
        return Decimal(f"{_ungroup(whole, '.' if decimal_mark == ',' else ',')}.{fraction}")
    whole, fraction = digits.split(separators[0], 1)
    is_thousands = len(fraction) == 3 and 1 <= len(whole) <= 3 and int(whole) != 0
    if len(separators) == 1 and not is_thousands:
        return Decimal(f"{whole}.{fraction}")
    return Decimal(_ungroup(digits, separators[0]))


def parse_number(text: str, language: str = "nl") -> Decimal:
    """Both Dutch and English notation are read regardless of `language`: people switch freely."""
    if not text.strip():
        raise ParseError("empty")
    values = []
    for match in _NUMBER.finditer(_SPACE_GROUP.sub("", text)):
        value = _token_value(match["digits"]) * _SCALES.get((match["word"] or "").lower(), 1)
        values.append(-value if match["sign"] else value)
    if not values:
        raise ParseError("not_a_number", text[:40])
    if len(set(values)) > 1:
        raise ParseError("ambiguous", text[:40])
    return values[0]


def parse_percent(text: str, language: str = "nl") -> Decimal:
    """Percentage points; '0,25' stays 0.25 because guessing a fraction would silently be wrong."""
    value = parse_number(text, language)  # '%', 'procent' and 'percent' are just ignored words
    if abs(value) > 1000:
        raise ParseError("out_of_range", text[:40])
    return value


_CURRENCIES = (
    ("EUR", re.compile(r"€|(?<![a-z])eur(?:os?)?(?![a-z])", re.IGNORECASE)),
    ("USD", re.compile(r"\$|(?<![a-z])(?:usd|dollars?)(?![a-z])", re.IGNORECASE)),
    ("GBP", re.compile(r"£|(?<![a-z])(?:gbp|pounds?|ponden|pond)(?![a-z])", re.IGNORECASE)),
)


def parse_money(text: str, language: str = "nl") -> Money:
    found = [code for code, pattern in _CURRENCIES if pattern.search(text)]
    if len(found) > 1:
        raise ParseError("ambiguous", "two currencies")
    amount_text = text
    for _, pattern in _CURRENCIES:
        amount_text = pattern.sub("", amount_text)  # removed, not blanked: '-€5' still reads as negative
    if text.strip() and not amount_text.strip():
        raise ParseError("not_a_number", "only a currency")
    amount = parse_number(amount_text, language)  # the trailing ',-' of '€5.000,-' is never a number
    if amount < 0:
        raise ParseError("out_of_range", "negative amount")
    return Money(amount, found[0] if found else "EUR")


# --- dates and periods ------------------------------------------------------------------------

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
_VAGUE = _any_word("begin start medio midden mid early halverwege")


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


def parse_date(text: str, language: str = "nl", today: date | None = None) -> date:
    """A deadline: a period means its last day ('Q2 2027' -> 2027-06-30)."""
    if _VAGUE.search(_fold(text)):
        raise ParseError("not_a_date", "too vague for a deadline")
    return _resolve(text, language, today or date.today()).end


def parse_period(text: str, language: str = "nl", today: date | None = None) -> Period:
    """Calendar periods get a canonical label ('Q1 2027'); rolling spans keep the user's wording."""
    return _resolve(text, language, today or date.today())


# --- lists, choices, axes ---------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[*•·▪]|[-–](?!\d)|\d{1,3}[.)](?=\s|$))\s*")
_COMMA = re.compile(r",(?!\d)|(?<!\d),")  # '1,5' is a number, not two items
_LAST_AND = re.compile(r"(?:^|\s+)(?:en|and)\s+", re.IGNORECASE)


def parse_list(text: str) -> list[str]:
    text = text.strip()
    if "\n" in text:
        parts = text.splitlines()
    elif ";" in text:
        parts = text.split(";")
    else:
        parts = _COMMA.split(text)
        if len(parts) > 1:  # 'a, b en c': only the last pair is joined by a word
            parts[-1:] = _LAST_AND.split(parts[-1].strip(), maxsplit=1)
    items: list[str] = []
    seen: set[str] = set()
    for part in parts:
        item = _BULLET.sub("", part.strip()).rstrip(" .,;").strip()
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    if not items:
        raise ParseError("empty")
    return items


def _only(values: Iterable[str], detail: str) -> str | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise ParseError("ambiguous", detail)
    return distinct[0] if distinct else None


_CHOICE_NUMBER = re.compile(r"(?:optie|option|nr|nummer|number|#)? ?(?P<n>\d{1,4})[.)]?")


def parse_choice(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> str:
    answer = _fold(text)
    if not answer:
        raise ParseError("empty")
    names: list[tuple[str, set[str]]] = []
    for value, labels in options:
        spoken = [labels] if isinstance(labels, str) else labels  # tolerate a lone label
        names.append((value, {_fold(value), _fold(value.replace("_", " ")), *map(_fold, spoken)}))
    exact = _only((value for value, keys in names if answer in keys), answer)
    if exact:
        return exact
    number = _CHOICE_NUMBER.fullmatch(answer)
    if number:
        if 1 <= int(number["n"]) <= len(names):
            return names[int(number["n"]) - 1][0]
        raise ParseError("out_of_range", answer)
    if len(answer) >= 3:
        prefixed = _only((value for value, keys in names if any(k.startswith(answer) for k in keys)), answer)
        if prefixed:
            return prefixed
    raise ParseError("no_match", answer[:40])


_OUT_OF_FIVE = re.compile(r"(?<![\w.,])(?P<n>\d) ?(?:/|van|uit|op|out of) ?5(?![\d.,])")
_SPLIT = re.compile(r"(?<![\w.,])(?P<a>\d{1,3}) ?%? ?[/:-] ?(?P<b>\d{1,3}) ?%?(?![\d.,])")
_AXIS_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?!\d)")
_LEANING = _any_word("meer more vooral mostly mainly voornamelijk eerder rather leaning")
_MIDDLE = _any_word("midden balans balance beide both allebei neutraal neutral middle gelijk evenveel equal")
_SIDE_WORDS = (("links", "left", "linkerkant", "linker"), ("rechts", "right", "rechterkant", "rechter"))


def _axis_position(number: str) -> int:
    if not number.isdigit():
        raise ParseError("no_match", number)
    if len(number) > 3 or not 1 <= int(number) <= 5:
        raise ParseError("out_of_range", number)
    return int(number)


def _axis_from_split(left_share: int, right_share: int) -> int:
    if left_share + right_share != 100:
        raise ParseError("out_of_range", f"{left_share}/{right_share} does not add up to 100")
    thresholds = ((90, 1), (65, 2), (36, 3), (11, 4))  # >35 and >10 on whole percentages
    return next((position for share, position in thresholds if left_share >= share), 5)


def _sides_mentioned(text: str, sides: Sequence[tuple[int, Sequence[str]]]) -> list[int]:
    """Sides named in `text`, earliest mention first; a bare start like 'bestaande' also counts."""
    text = text.strip()
    first_seen: dict[int, int] = {}
    for side, words in sides:
        for word in filter(None, map(_fold, words)):
            found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
            position = found.start() if found else (0 if len(text) >= 3 and word.startswith(text) else None)
            if position is not None:
                first_seen[side] = min(position, first_seen.get(side, position))
    return sorted(first_seen, key=lambda side: first_seen[side])


def parse_axis(text: str, left: Sequence[str], right: Sequence[str]) -> int:
    answer = _fold(text)
    if not answer:
        raise ParseError("empty")
    if out_of_five := _OUT_OF_FIVE.search(answer):
        return _axis_position(out_of_five["n"])
    if split := _SPLIT.search(answer):
        return _axis_from_split(int(split["a"]), int(split["b"]))
    numbers = _AXIS_NUMBER.findall(answer)
    if len(numbers) > 1:
        raise ParseError("ambiguous", answer[:40])
    if numbers:
        return _axis_position(numbers[0])
    sides = ((1, [*_SIDE_WORDS[0], *left]), (5, [*_SIDE_WORDS[1], *right]))
    leaning = _LEANING.search(answer)
    if leaning and (mentioned := _sides_mentioned(answer[leaning.end() :], sides)):
        return 2 if mentioned[0] == 1 else 4  # 'meer X dan Y': the side named first wins
    if _MIDDLE.search(answer):
        return 3
    mentioned = _sides_mentioned(answer, sides)
    if len(mentioned) > 1:
        raise ParseError("ambiguous", answer[:40])
    if mentioned:
        return mentioned[0]
    raise ParseError("no_match", answer[:40])
