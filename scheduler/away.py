"""`afwezig` / `away`: the dates someone is away, typed as people type them.

`afwezig 1 juli tot 21 juli 2027`, `afwezig 1 tot 21 juli`, `afwezig 1-7-2027 21-7-2027`,
`away 2027-07-01 2027-07-21`, `afwezig juli 2027` (the whole month), `afwezig 3 juli` (one day).
"""

from __future__ import annotations

import re
from datetime import date

from flows.dates import parse_date, parse_period
from flows.parsing import ParseError

# '1 tot 21 juli': the start is a bare day number that shares the end's month (and year).
_DAY_TO_DATE = re.compile(r"(?:(?:van|vanaf|from) )?(?P<day>\d{1,2}) ?(?:-|–|tot en met|t/m|tot|to|until|till) ?"
                          r"(?P<end>\d{1,2} (?P<rest>\D.*))", re.IGNORECASE)


_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def _two_dates(arg: str, language: str, today: date) -> tuple[date, date] | None:
    """'1-7-2027 21-7-2027': two written-out dates side by side, without a word between them."""
    words = arg.split()
    if len(words) != 2 or not all(_NUMERIC_DATE.fullmatch(w) for w in words):
        return None
    try:
        return parse_date(words[0], language, today, "start"), parse_date(words[1], language, today, "end")
    except ParseError:
        return None


def read_away(arg: str, language: str, today: date) -> tuple[date, date] | None:
    """(first, last) day away, in order; None when the text names no dates."""
    text = " ".join(arg.split())
    if not text:
        return None
    found = _two_dates(text, language, today)
    if found is None:
        bare = _DAY_TO_DATE.fullmatch(text)
        if bare:
            text = f"{bare['day']} {bare['rest']} - {bare['end']}"
        try:
            period = parse_period(text, language, today)
        except ParseError:
            return None
        found = (period.start, period.end)
    first, last = found
    return (first, last) if first <= last else (last, first)
