"""What people type in chat, read the way a Dutch or Flemish marketer means it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from flows.formatting import format_kpi_value, format_money
from flows.parsing import (
    Money,
    ParseError,
    Period,
    dont_know,
    parse_axis,
    parse_choice,
    parse_date,
    parse_list,
    parse_money,
    parse_number,
    parse_percent,
    parse_period,
    split_trailing_number,
)

TODAY = date(2026, 11, 23)  # a Monday in Q4


def _reason(call: Callable[[], Any]) -> str:
    with pytest.raises(ParseError) as caught:
        call()
    return caught.value.reason


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.000,50", "1000.50"),
        ("1,000.50", "1000.50"),
        ("1.000", "1000"),
        ("1,000", "1000"),
        ("1.000.000", "1000000"),
        ("1,000,000", "1000000"),
    ],
)
def test_dutch_and_english_thousand_separators_read_the_same(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)
    assert parse_number(text, "en") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2,5", "2.5"), ("2.5", "2.5"), ("0,125", "0.125"), ("0.125", "0.125"), ("12,3456", "12.3456")],
)
def test_a_single_separator_not_followed_by_three_digits_is_a_decimal_mark(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), [("-3", "-3"), ("−3", "-3"), ("-2,5", "-2.5")])
def test_negative_numbers_keep_their_sign(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1 000", "1\u00a0000", "1\u202f000"])
def test_spaces_between_digit_groups_are_thousands_separators(text: str) -> None:
    assert parse_number(text) == 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5k", 5_000),
        ("5K", 5_000),
        ("5 duizend", 5_000),
        ("2,5 mln", 2_500_000),
        ("2.5m", 2_500_000),
        ("2,5 miljoen", 2_500_000),
        ("2.5 million", 2_500_000),
        ("1,2 mld", 1_200_000_000),
    ],
)
def test_scale_words_multiply(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ongeveer 1.200", 1200), ("~1200", 1200), ("1200 bezoekers", 1200), ("Ongeveer 1.200.", 1200)],
)
def test_words_around_the_one_number_are_ignored(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["10 of 20", "tussen 10 en 20", "1.000 - 2.000", "70-30"])
def test_two_numbers_in_one_answer_are_ambiguous(text: str) -> None:
    assert _reason(lambda: parse_number(text)) == "ambiguous"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t", "empty"),
        ("weet ik niet", "not_a_number"),
        ("1.000.50", "not_a_number"),
        ("1,000,5", "not_a_number"),
        ("1.000,000.5", "not_a_number"),
    ],
)
def test_unreadable_numbers_say_why(text: str, reason: str) -> None:
    assert _reason(lambda: parse_number(text)) == reason


# --- percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25%", "25"),
        ("25 %", "25"),
        ("25", "25"),
        ("12,5 procent", "12.5"),
        ("12.5 percent", "12.5"),
        ("0,25", "0.25"),
        ("-5%", "-5"),
        ("1000%", "1000"),
    ],
)
def test_percentages_are_percentage_points(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("1001%", "out_of_range"), ("-2000%", "out_of_range"), ("", "empty"), ("veel", "not_a_number")],
)
def test_impossible_percentages_are_refused(text: str, reason: str) -> None:
    assert _reason(lambda: parse_percent(text)) == reason


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€ 5.000", Money(Decimal(5000))),
        ("€5.000,-", Money(Decimal(5000))),
        ("5000 euro", Money(Decimal(5000))),
        ("5000euro", Money(Decimal(5000))),
        ("EUR 5.000,50", Money(Decimal("5000.50"))),
        ("5k", Money(Decimal(5000))),
        ("€ 1,5 mln", Money(Decimal(1_500_000))),
        ("$ 200", Money(Decimal(200), "USD")),
        ("200 dollar", Money(Decimal(200), "USD")),
        ("£ 50", Money(Decimal(50), "GBP")),
    ],
)
def test_money_reads_amount_and_currency(text: str, expected: Money) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("€ -5", "out_of_range"), ("-€5", "out_of_range"), ("€ 5 of $ 5", "ambiguous"), ("€", "not_a_number")],
)
def test_bad_amounts_are_refused(text: str, reason: str) -> None:
    assert _reason(lambda: parse_money(text)) == reason


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2027-06-01",
        "1-6-2027",
        "01/06/2027",
        "1.6.2027",
        "1-6-27",
        "1 juni 2027",
        "1 jun. 2027",
        "1 Jun 2027",
        "1e juni 2027",
        "June 1, 2027",
        "june 1st 2027",
        "1 June 2027",
        "deadline: 1 juni 2027.",
    ],
)
def test_explicit_dates_are_day_first_in_both_languages(text: str) -> None:
    assert parse_date(text, "nl", TODAY) == date(2027, 6, 1)
    assert parse_date(text, "en", TODAY) == date(2027, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 juni", date(2027, 6, 1)),
        ("June 1", date(2027, 6, 1)),
        ("23 november", TODAY),
        ("22 november", date(2027, 11, 22)),
        ("24-11", date(2026, 11, 24)),
        ("29 feb", date(2028, 2, 29)),
    ],
)
def test_a_date_without_year_is_the_next_one_on_or_after_today(text: str, expected: date) -> None:
    assert parse_date(text, "nl", TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q2 2027", date(2027, 6, 30)),
        ("q2-2027", date(2027, 6, 30)),
        ("2027 Q2", date(2027, 6, 30)),
        ("juni 2027", date(2027, 6, 30)),
        ("feb 2028", date(2028, 2, 29)),
        ("H1 2027", date(2027, 6, 30)),
        ("H2 2027", date(2027, 12, 31)),
        ("2027", date(2027, 12, 31)),
        ("eind 2027", date(2027, 12, 31)),
        ("juni", date(2027, 6, 30)),
        ("november", date(2026, 11, 30)),
        ("Q4", date(2026, 12, 31)),
    ],
)
def test_a_period_as_deadline_means_its_last_day(text: str, expected: date) -> None:
    assert parse_date(text, "nl", TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eind dit jaar", date(2026, 12, 31)),
        ("einde van dit jaar", date(2026, 12, 31)),
        ("end of this year", date(2026, 12, 31)),
        ("eind van het jaar", date(2026, 12, 31)),
        ("eind volgend jaar", date(2027, 12, 31)),
        ("eind deze maand", date(2026, 11, 30)),
        ("end of this month", date(2026, 11, 30)),
        ("volgend kwartaal", date(2027, 3, 31)),
        ("next quarter", date(2027, 3, 31)),
        ("vandaag", TODAY),
        ("today", TODAY),
        ("morgen", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
    ],
)
def test_relative_deadlines_resolve_against_today(text: str, expected: date) -> None:
    assert parse_date(text, "nl", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "over 6 maanden",
        "in 6 months",
        "komende 6 maanden",
        "de komende zes maanden",
        "next 6 months",
        "next six months",
        "over een half jaar",
        "binnen 2 kwartalen",
    ],
)
def test_counted_months_from_today(text: str) -> None:
    assert parse_date(text, "nl", TODAY) == date(2027, 5, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over 3 weken", date(2026, 12, 14)),
        ("over drie weken", date(2026, 12, 14)),
        ("in twelve months", date(2027, 11, 23)),
        ("over twaalf maanden", date(2027, 11, 23)),
        ("over één maand", date(2026, 12, 23)),
        ("over een jaar", date(2027, 11, 23)),
        ("over 10 dagen", date(2026, 12, 3)),
    ],
)
def test_dutch_and_english_number_words_count_too(text: str, expected: date) -> None:
    assert parse_date(text, "nl", TODAY) == expected


@pytest.mark.parametrize(("text", "start"), [("over 3 maanden", date(2027, 2, 23)),
                                             ("in three months", date(2027, 2, 23)),
                                             ("binnen 3 maanden", TODAY), ("de komende 3 maanden", TODAY)])
def test_over_three_months_as_a_start_is_three_months_from_now_not_today(text: str, start: date) -> None:
    assert parse_date(text, "nl", TODAY, role="start") == start


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("over 3 maanden", date(2026, 11, 30), date(2027, 2, 28)),
        ("in 1 month", date(2027, 1, 31), date(2027, 2, 28)),
        ("over 1 maand", date(2028, 1, 31), date(2028, 2, 29)),
    ],
)
def test_adding_months_clamps_to_the_end_of_a_short_month(text: str, today: date, expected: date) -> None:
    assert parse_date(text, "nl", today) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("31-02-2027", "not_a_date"),
        ("2027-02-30", "not_a_date"),
        ("32 juni 2027", "not_a_date"),
        ("Q5 2027", "not_a_date"),
        ("Q0 2027", "not_a_date"),
        ("H3 2027", "not_a_date"),
        ("zo snel mogelijk", "not_a_date"),
        ("1200 bezoekers", "not_a_date"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused(text: str, reason: str) -> None:
    assert _reason(lambda: parse_date(text, "nl", TODAY)) == reason


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Q2 2027", "nl", Period(date(2027, 4, 1), date(2027, 6, 30), "Q2 2027")),
        ("q2 2027", "en", Period(date(2027, 4, 1), date(2027, 6, 30), "Q2 2027")),
        ("H1 2027", "nl", Period(date(2027, 1, 1), date(2027, 6, 30), "H1 2027")),
        ("juni 2027", "nl", Period(date(2027, 6, 1), date(2027, 6, 30), "juni 2027")),
        ("June 2027", "en", Period(date(2027, 6, 1), date(2027, 6, 30), "June 2027")),
        ("2027", "nl", Period(date(2027, 1, 1), date(2027, 12, 31), "2027")),
    ],
)
def test_calendar_periods_cover_the_whole_period(text: str, language: str, expected: Period) -> None:
    assert parse_period(text, language, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1 jan - 31 mrt 2027",
        "1 januari tot 31 maart 2027",
        "van 1 jan t/m 31 mrt 2027",
        "2027-01-01 tot 2027-03-31",
        "2027-01-01 – 2027-03-31",
        "from 2027-01-01 to 2027-03-31",
        "from January 1 to March 31, 2027",
        "jan - mrt 2027",
        "Q1 2027",
    ],
)
def test_explicit_ranges_run_from_start_to_end(text: str) -> None:
    period = parse_period(text, "nl", TODAY)
    assert (period.start, period.end) == (date(2027, 1, 1), date(2027, 3, 31))


def test_a_range_is_labelled_with_both_iso_dates() -> None:
    assert parse_period("1 jan - 31 mrt 2027", "nl", TODAY).label == "2027-01-01 – 2027-03-31"


@pytest.mark.parametrize("text", ["2027-03-31 tot 2027-01-01", "1 juni 2027 - 1 mei 2027", "Q3 - Q1 2027"])
def test_a_range_that_ends_before_it_starts_is_out_of_range(text: str) -> None:
    assert _reason(lambda: parse_period(text, "nl", TODAY)) == "out_of_range"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dit jaar", Period(date(2026, 1, 1), date(2026, 12, 31), "2026")),
        ("this year", Period(date(2026, 1, 1), date(2026, 12, 31), "2026")),
        ("volgend jaar", Period(date(2027, 1, 1), date(2027, 12, 31), "2027")),
        ("next year", Period(date(2027, 1, 1), date(2027, 12, 31), "2027")),
        ("dit kwartaal", Period(date(2026, 10, 1), date(2026, 12, 31), "Q4 2026")),
        ("this quarter", Period(date(2026, 10, 1), date(2026, 12, 31), "Q4 2026")),
        ("volgend kwartaal", Period(date(2027, 1, 1), date(2027, 3, 31), "Q1 2027")),
        ("volgende maand", Period(date(2026, 12, 1), date(2026, 12, 31), "december 2026")),
        ("volgende week", Period(date(2026, 11, 30), date(2026, 12, 6), "week 49 2026")),
    ],
)
def test_this_and_next_name_a_calendar_period(text: str, expected: Period) -> None:
    assert parse_period(text, "nl", TODAY) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("komende 6 maanden", "komende 6 maanden"),
        ("Next 6 months", "next 6 months"),
        ("de komende zes maanden", "de komende zes maanden"),
    ],
)
def test_rolling_periods_start_today_and_keep_the_wording(text: str, label: str) -> None:
    assert parse_period(text, "nl", TODAY) == Period(TODAY, date(2027, 5, 23), label)


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), ("ooit", "not_a_date"), ("Q2 2027 - 31-02-2027", "not_a_date")]
)
def test_unreadable_periods_are_refused(text: str, reason: str) -> None:
    assert _reason(lambda: parse_period(text, "nl", TODAY)) == reason


def test_today_defaults_to_the_real_date() -> None:
    assert parse_date("vandaag") == date.today()


# --- lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEO\nSEA\nSocial", ["SEO", "SEA", "Social"]),
        ("- SEO\n- SEA\n\n- Social", ["SEO", "SEA", "Social"]),
        ("* SEO\r\n* SEA", ["SEO", "SEA"]),
        ("• SEO\n• SEA", ["SEO", "SEA"]),
        ("1. SEO\n2. SEA\n3) Social", ["SEO", "SEA", "Social"]),
        ("SEO; SEA; Social", ["SEO", "SEA", "Social"]),
        ("SEO, SEA, Social", ["SEO", "SEA", "Social"]),
        ("nieuwsbrief", ["nieuwsbrief"]),
    ],
)
def test_list_items_come_from_lines_bullets_semicolons_or_commas(text: str, expected: list[str]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEO, SEA en social", ["SEO", "SEA", "social"]),
        ("SEO, SEA and social", ["SEO", "SEA", "social"]),
        ("SEO, SEA, en social", ["SEO", "SEA", "social"]),
        ("zoeken en vinden", ["zoeken en vinden"]),
        ("merk en bereik; conversie", ["merk en bereik", "conversie"]),
    ],
)
def test_en_and_and_only_split_the_last_pair_of_a_comma_list(text: str, expected: list[str]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("omzet 1,5 miljoen, 2 nieuwe markten", ["omzet 1,5 miljoen", "2 nieuwe markten"]),
        ("- groei van 2,5%\n- 1.5 miljoen omzet", ["groei van 2,5%", "1.5 miljoen omzet"]),
    ],
)
def test_a_comma_inside_a_number_is_kept(text: str, expected: list[str]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEO.\nSEA.\n", ["SEO", "SEA"]),
        ("SEO, seo, SEA, Seo", ["SEO", "SEA"]),
        ("  SEO  ;;  ; SEA ", ["SEO", "SEA"]),
    ],
)
def test_list_items_are_trimmed_and_deduplicated_keeping_order(text: str, expected: list[str]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "-\n*\n", " ; , "])
def test_an_empty_list_is_refused(text: str) -> None:
    assert _reason(lambda: parse_list(text)) == "empty"


# --- choices ----------------------------------------------------------------------------------

OPTIONS = [
    ("new", ["Nieuwe klanten", "New customers"]),
    ("existing", ["Bestaande klanten", "Existing customers"]),
    ("both", ["Beide", "Both"]),
    ("brand_awareness", ["Naamsbekendheid", "Brand awareness"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", "existing"),
        ("optie 3", "both"),
        ("4.", "brand_awareness"),
        ("new", "new"),
        ("brand_awareness", "brand_awareness"),
        ("brand awareness", "brand_awareness"),
        ("beide", "both"),
        ("BEIDE!", "both"),
        ("béíde", "both"),
        ("Existing Customers", "existing"),
        ("bes", "existing"),
        ("nieuw", "new"),
        ("naams", "brand_awareness"),
    ],
)
def test_a_choice_matches_number_value_label_or_unique_prefix(text: str, expected: str) -> None:
    assert parse_choice(text, OPTIONS) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("geen idee", "no_match"),
        ("ne", "no_match"),
        ("b", "no_match"),
        ("5", "out_of_range"),
        ("0", "out_of_range"),
    ],
)
def test_a_choice_that_matches_nothing_says_why(text: str, reason: str) -> None:
    assert _reason(lambda: parse_choice(text, OPTIONS)) == reason


def test_a_prefix_shared_by_two_options_is_ambiguous() -> None:
    options = [("a", ["Bereik", "Reach"]), ("b", ["Bereikbaarheid", "Availability"])]
    assert _reason(lambda: parse_choice("berei", options)) == "ambiguous"
    assert parse_choice("bereik", options) == "a"  # an exact label beats a longer one it starts


# --- axes -------------------------------------------------------------------------------------

LEFT = ["bestaande klanten", "current customers"]
RIGHT = ["nieuwe klanten", "new customers"]


@pytest.mark.parametrize(
    ("text", "expected"), [("1", 1), ("3", 3), ("5", 5), ("positie 4", 4), ("4/5", 4), ("2 van 5", 2)]
)
def test_a_digit_is_the_axis_position(text: str, expected: int) -> None:
    assert parse_axis(text, LEFT, RIGHT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100/0", 1),
        ("90/10", 1),
        ("89/11", 2),
        ("70/30", 2),
        ("65-35", 2),
        ("64/36", 3),
        ("50/50", 3),
        ("36/64", 3),
        ("35/65", 4),
        ("70% / 30%", 2),
        ("11/89", 4),
        ("10/90", 5),
        ("0/100", 5),
    ],
)
def test_a_split_is_read_as_the_left_share(text: str, expected: int) -> None:
    assert parse_axis(text, LEFT, RIGHT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("links", 1),
        ("helemaal links", 1),
        ("left", 1),
        ("bestaande klanten", 1),
        ("Bestaande", 1),
        ("current customers", 1),
        ("rechts", 5),
        ("right", 5),
        ("nieuwe klanten", 5),
        ("new customers", 5),
        ("midden", 3),
        ("balans", 3),
        ("balance", 3),
        ("beide", 3),
        ("both", 3),
        ("meer bestaande klanten", 2),
        ("more current customers", 2),
        ("vooral links", 2),
        ("meer bestaande klanten dan nieuwe klanten", 2),
        ("vooral nieuwe klanten", 4),
        ("more new customers", 4),
        ("meer rechts", 4),
    ],
)
def test_axis_words_pick_a_side_or_the_middle(text: str, expected: int) -> None:
    assert parse_axis(text, LEFT, RIGHT) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("7", "out_of_range"),
        ("0", "out_of_range"),
        ("6/5", "out_of_range"),
        ("60/30", "out_of_range"),
        ("3 of 4", "ambiguous"),
        ("links en rechts", "ambiguous"),
        ("geen idee", "no_match"),
        ("klanten", "no_match"),
        ("", "empty"),
    ],
)
def test_axis_answers_out_of_range_or_unknown_are_refused(text: str, reason: str) -> None:
    assert _reason(lambda: parse_axis(text, LEFT, RIGHT)) == reason


# --- hostile input ----------------------------------------------------------------------------

HUGE_TEXTS = [
    "1" * 100_000,
    "1," * 50_000,
    "1." * 50_000,
    "1 " * 50_000,
    "1 000" * 20_000,
    " " * 100_000,
    "a" * 100_000,
    "- " * 50_000,
    "juni " * 20_000,
    "1-" * 50_000,
    "over " * 20_000,
    "van tot " * 12_500,
]
PARSERS: list[Callable[[str], object]] = [
    parse_number,
    parse_percent,
    parse_money,
    lambda text: parse_date(text, "nl", TODAY),
    lambda text: parse_period(text, "nl", TODAY),
    parse_list,
    lambda text: parse_choice(text, OPTIONS),
    lambda text: parse_axis(text, LEFT, RIGHT),
]


@pytest.mark.timeout(30)  # a regex that backtracks catastrophically would hang here, not merely be slow
@pytest.mark.parametrize("text", HUGE_TEXTS, ids=lambda text: f"{text[:6]!r}x{len(text)}")
def test_huge_input_never_hangs_a_parser(text: str) -> None:
    for parse in PARSERS:
        with contextlib.suppress(ParseError):
            parse(text)


@pytest.mark.parametrize(("language", "amount", "shown"), [
    ("nl", 1000.5, "€ 1.000,50"), ("en", 1000.5, "€ 1,000.50"), ("nl", 30.4, "€ 30,40"), ("nl", 5000, "€ 5.000"),
])
def test_money_keeps_both_decimals_of_its_cents(language: str, amount: float, shown: str) -> None:
    assert format_money(amount, language) == shown


@pytest.mark.parametrize(("unit", "language", "shown"), [
    ("percent", "nl", "3,4 %"), ("percent", "en", "3.4%"), ("money", "nl", "€ 3,40"), ("count", "nl", "3,4"),
    (None, "en", "3.4"),
])
def test_kpi_values_show_their_unit_the_way_each_language_writes_it(unit: str | None, language: str,
                                                                     shown: str) -> None:
    assert format_kpi_value(3.4, unit, language) == shown


# --- the seams: which end of a period, vague dates, Belgian thousands, how people answer ---------


@pytest.mark.parametrize(("text", "start", "end"), [
    ("januari", date(2027, 1, 1), date(2027, 1, 31)),
    ("Q2 2027", date(2027, 4, 1), date(2027, 6, 30)),
    ("2027", date(2027, 1, 1), date(2027, 12, 31)),
    ("June 2027", date(2027, 6, 1), date(2027, 6, 30)),
    ("volgend kwartaal", date(2027, 1, 1), date(2027, 3, 31)),
])
def test_the_dates_role_decides_which_end_of_a_period_it_means(text: str, start: date, end: date) -> None:
    assert parse_date(text, "nl", TODAY, role="start") == start
    assert parse_date(text, "nl", TODAY, role="end") == end


@pytest.mark.parametrize(("text", "start", "end"), [
    ("zomer 2027", date(2027, 6, 1), date(2027, 8, 31)),
    ("in de zomer van 2028", date(2028, 6, 1), date(2028, 8, 31)),
    ("najaar 2027", date(2027, 9, 1), date(2027, 11, 30)),
    ("spring 2027", date(2027, 3, 1), date(2027, 5, 31)),
])
def test_a_season_is_its_three_months_not_the_whole_year(text: str, start: date, end: date) -> None:
    # "zomer 2027" as a deadline was read as 31 December 2027.
    assert parse_date(text, "nl", TODAY, role="start") == start
    assert parse_date(text, "nl", TODAY, role="end") == end


@pytest.mark.parametrize("text", ["voor de zomer", "na de zomer 2027", "winter 2027"])
def test_before_or_after_a_season_and_winter_are_not_guessed(text: str) -> None:
    with pytest.raises(ParseError):
        parse_date(text, "nl", TODAY, role="end")


def test_begin_is_a_precise_start_and_eind_a_precise_deadline() -> None:
    assert parse_date("begin 2027", "nl", TODAY, role="start") == date(2027, 1, 1)
    assert parse_date("eind 2027", "nl", TODAY, role="end") == date(2027, 12, 31)
    assert parse_date("begin maart", "nl", TODAY, role="start") == date(2027, 3, 1)


def _suggested(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ParseError) as caught:
        call()
    return caught.value.reason, caught.value.detail


@pytest.mark.parametrize(("text", "language", "role", "suggestion"), [
    ("medio volgend jaar", "nl", "end", "juni 2027"),
    ("medio volgend jaar", "nl", "start", "juni 2027"),
    ("mid next year", "en", "end", "June 2027"),
    ("medio juni", "nl", "end", "15 juni 2027"),
    ("begin 2027", "nl", "end", "januari 2027"),
    ("eind Q2 2027", "nl", "start", "juni 2027"),
    ("medio Q2 2027", "nl", "end", "mei 2027"),
])
def test_a_vague_date_gets_a_precise_suggestion(text: str, language: str, role: str, suggestion: str) -> None:
    assert _suggested(lambda: parse_date(text, language, TODAY, role=role)) == ("too_vague", suggestion)


def test_a_vague_period_gets_a_precise_suggestion() -> None:
    assert _suggested(lambda: parse_period("medio volgend jaar", "nl", TODAY)) == ("too_vague", "juni 2027")


def test_eind_dit_jaar_as_a_period_runs_from_today_to_the_end_of_the_year() -> None:
    assert parse_period("eind dit jaar", "nl", TODAY) == Period(TODAY, date(2026, 12, 31),
                                                               "2026-11-23 – 2026-12-31")


@pytest.mark.parametrize("text", ["eind dit jaar", "end of this year", "tot eind van het jaar"])
def test_eind_dit_jaar_in_december_asks_which_year_for_a_period(text: str) -> None:
    assert _suggested(lambda: parse_period(text, "nl", date(2026, 12, 7))) == ("which_year", "2026|2027")


def test_an_explicit_year_in_december_is_not_asked_about() -> None:
    december = date(2026, 12, 7)
    assert parse_period("tot eind 2027", "nl", december) == Period(december, date(2027, 12, 31),
                                                                   "2026-12-07 – 2027-12-31")
    assert parse_period("tot eind 2026", "nl", december).end == date(2026, 12, 31)


@pytest.mark.parametrize(("text", "expected"), [
    ("bezoekers 1 250", ("bezoekers", "1 250")),
    ("conversieratio webshop 2,4", ("conversieratio webshop", "2,4")),
    ("omzet € 12 500,50", ("omzet", "€ 12 500,50")),
    ("nps 5k", ("nps", "5k")),
    ("visitors 1,250", ("visitors", "1,250")),
])
def test_a_trailing_number_keeps_its_space_separated_thousands(text: str, expected: tuple[str, str]) -> None:
    assert split_trailing_number(text) == expected
    assert parse_number(expected[1]) in (Decimal(1250), Decimal("2.4"), Decimal("12500.50"), Decimal(5000))


TIME_KNOWLEDGE = [
    ("ourselves", ["Zelf doen", "Do it ourselves", "zelf", "ourselves", "intern", "in-house"]),
    ("hire", ["Inhuren", "Hire someone", "hire", "uitbesteden", "bureau", "extern"]),
    ("mix", ["Een mix", "A mix", "mix", "combinatie", "combination"]),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("een combinatie", "mix"), ("a combination", "mix"), ("Een combinatie.", "mix"), ("we doen het zelf", "ourselves"),
    ("een bureau", "hire"), ("we do it in-house", "ourselves"),
])
def test_choices_match_the_way_people_answer(text: str, expected: str) -> None:
    assert parse_choice(text, TIME_KNOWLEDGE) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("niet zelf, we huren in", "no_match"), ("deels zelf, deels een bureau", "ambiguous"),
])
def test_a_negated_or_double_choice_is_not_guessed(text: str, reason: str) -> None:
    assert _reason(lambda: parse_choice(text, TIME_KNOWLEDGE)) == reason


@pytest.mark.parametrize("text", ["weet ik nog niet", "Weet ik niet.", "geen idee", "nog onbekend", "n.v.t.",
                                  "don't know yet", "I don't know", "not sure", "no idea", "n/a"])
def test_not_knowing_is_recognised_in_dutch_and_english(text: str) -> None:
    assert dont_know(text)


@pytest.mark.parametrize("text", ["4.500", "we weten niet hoeveel precies, ongeveer 4.500", "geen", "Niet veel"])
def test_an_answer_is_not_mistaken_for_not_knowing(text: str) -> None:
    assert not dont_know(text)
