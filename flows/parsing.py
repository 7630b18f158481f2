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

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from flows.dates import parse_date, parse_period
from flows.parse_common import Money, ParseError, Period
from flows.parse_common import any_word as _any_word
from flows.parse_common import fold as _fold

__all__ = [
    "Money",
    "ParseError",
    "Period",
    "dont_know",
    "listed_numbers",
    "parse_axis",
    "parse_choice",
    "parse_date",
    "parse_list",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_period",
    "split_trailing_number",
]


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


# A number at the end of a text, its digit groups perhaps split by spaces ("bezoekers 1 250"), with a
# currency or unit around it.
_TRAILING_NUMBER = re.compile(
    r"(?:^|\s)(?P<number>(?:[€$£] ?)?[-−]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)*)(?:[.,]\d+)?"
    r"(?: ?(?:%|k|m|mln|euro|eur|procent|percent))?)\s*$",
    re.IGNORECASE,
)


def split_trailing_number(text: str) -> tuple[str, str]:
    """"conversieratio 2,4" -> ("conversieratio", "2,4"); "bezoekers 1 250" -> ("bezoekers", "1 250").

    Without a number at the end, the last word is taken as the value (`("naam", "")` for one word).
    """
    text = text.strip()
    match = _TRAILING_NUMBER.search(text)
    if match and text[: match.start("number")].strip():
        return text[: match.start("number")].strip(), match["number"]
    head, _, last = text.rpartition(" ")
    return head.strip(), last.strip()


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


_NUMBERS_ONLY = re.compile(r"\s*\d{1,2}(?:\s*(?:[,;&]|\s|\ben\b|\band\b)\s*\d{1,2})*\s*\.?", re.IGNORECASE)


def listed_numbers(texts: Iterable[str]) -> list[str] | None:
    """`1,3,4`, `1 2 3` or `1,2 en 5` when picking from a numbered list: the numbers, though a bare list
    reads `1,3` as one number; None when the text is more than numbers."""
    joined = ", ".join(str(t) for t in texts)
    return re.findall(r"\d+", joined) if _NUMBERS_ONLY.fullmatch(joined) else None


def _only(values: Iterable[str], detail: str) -> str | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        raise ParseError("ambiguous", detail)
    return distinct[0] if distinct else None


# "Weet ik nog niet" and its friends: on an optional question, a way of skipping it.
_DONT_KNOW = re.compile(
    r"(?:(?:dat |het )?weet ik (?:nog |echt |eigenlijk )?niet(?: precies| zeker)?"
    r"|(?:ik |we |wij )?(?:weet|weten) (?:het |dat )?(?:nog |echt )?niet(?: precies| zeker)?"
    r"|geen idee|(?:nog )?onbekend|nog niet bekend|nog onduidelijk|n\.?v\.?t"
    r"|(?:i |we )?(?:don'?t|do not) know(?: yet)?|not sure(?: yet)?|no idea|unknown|not known yet|n/a|idk|tbd)"
)


def dont_know(text: str) -> bool:
    """Whether the whole answer says the team does not know (yet), in Dutch or English."""
    return _DONT_KNOW.fullmatch(_fold(text).replace("’", "'")) is not None


_ARTICLE = re.compile(r"^(?:een|de|het|a|an|the) ")
_NEGATION = _any_word("niet geen nooit not no never none")
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
    # The way people answer: "een combinatie" for "combinatie", "we doen het zelf" for "zelf".
    bare = _ARTICLE.sub("", answer)
    names = [(value, {_ARTICLE.sub("", key) for key in keys} | keys) for value, keys in names]
    exact = _only((value for value, keys in names if bare in keys), answer)
    if exact:
        return exact
    if len(bare) >= 3:
        prefixed = _only((value for value, keys in names if any(k.startswith(bare) for k in keys)), answer)
        if prefixed:
            return prefixed
    if not _NEGATION.search(answer):  # "niet zelf" must not read as "zelf"
        named = _only((value for value, keys in names
                       if any(len(k) >= 3 and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", answer) for k in keys)),
                      answer)
        if named:
            return named
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
