"""What the parsers share: the error they raise, the values they return, and text folding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
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


def fold(text: str) -> str:
    """Casefold, drop accents ('één' -> 'een') and squeeze whitespace, so patterns stay simple."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split()).strip(" .!?,;:")


def alternatives(words: Iterable[str]) -> str:
    # Longest first, so 'december' is tried before 'dec'.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def any_word(words: str) -> re.Pattern[str]:
    """Whole words only, so 'mei' never matches inside 'meisje'."""
    return re.compile(rf"(?<![a-z])(?:{alternatives(words.split())})(?![a-z])")
