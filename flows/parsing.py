"""Reading what people type: numbers, money, percentages, dates, periods, lists, choices, axes.

Pure functions, no I/O. Each raises `ParseError` with a short reason code when the text cannot
be read; the engine turns that into a friendly re-prompt with an example.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def parse_number(text: str, language: str = "nl") -> Decimal:
    raise NotImplementedError


def parse_percent(text: str, language: str = "nl") -> Decimal:
    raise NotImplementedError


def parse_money(text: str, language: str = "nl") -> Money:
    raise NotImplementedError


def parse_date(text: str, language: str = "nl", today: date | None = None) -> date:
    raise NotImplementedError


def parse_period(text: str, language: str = "nl", today: date | None = None) -> Period:
    raise NotImplementedError


def parse_list(text: str) -> list[str]:
    raise NotImplementedError


def parse_choice(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> str:
    raise NotImplementedError


def parse_axis(text: str, left: Sequence[str], right: Sequence[str]) -> int:
    raise NotImplementedError
