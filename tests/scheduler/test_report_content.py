"""The report's judgement, its trend and the chart."""

import struct
from datetime import date

from scheduler.chart import PNG_SIGNATURE, kpi_chart, render_png
from scheduler.judgement import (
    MISSING,
    OFF_TRACK,
    ON_TRACK,
    SKIPPED,
    KpiFacts,
    judge,
    overall,
    overall_of_known,
    trend,
)

CONVERSION = KpiFacts("Conversie", "percent", baseline=2.0, target=3.0, deadline=date(2027, 10, 31),
                      history=(("2027-01", 2.0), ("2027-02", 2.2), ("2027-03", 2.25)))
COST = KpiFacts("Kosten per lead", "money", baseline=40.0, target=30.0, deadline=None,
                history=(("2027-01", 41.0), ("2027-02", 29.0)))


def test_a_kpi_ahead_of_the_straight_path_to_its_target_is_on_track():
    assert judge(CONVERSION, "2027-02", 2.2) == ON_TRACK  # path: 2.0 → 3.0 over Jan–Oct, Feb expects 2.11


def test_a_kpi_behind_the_straight_path_is_off_track():
    assert judge(CONVERSION, "2027-03", 2.2) == OFF_TRACK  # March expects 2.22


def test_a_kpi_whose_target_is_lower_is_on_track_when_at_or_below_it():
    assert judge(COST, "2027-02", 29.0) == ON_TRACK
    assert judge(COST, "2027-02", 31.0) == OFF_TRACK


def test_a_missing_value_is_missing_not_off_track():
    assert judge(CONVERSION, "2027-03", None) == MISSING


def test_trend_compares_the_last_two_known_values():
    assert trend([2.0, 2.2]) == "up"
    assert trend([41.0, None, 29.0]) == "down"
    assert trend([100.0, 100.5]) == "flat"
    assert trend([3.0]) == "flat"


def test_the_teams_status_is_its_weakest_kpi():
    assert overall([ON_TRACK, OFF_TRACK, ON_TRACK]) == OFF_TRACK
    assert overall([ON_TRACK, ON_TRACK]) == ON_TRACK


def test_the_total_is_judged_on_the_kpis_that_have_values():
    assert overall_of_known([ON_TRACK, SKIPPED, MISSING]) == (ON_TRACK, 1)
    assert overall_of_known([SKIPPED, MISSING]) == (MISSING, 0)


def test_the_chart_shows_months_in_words_and_the_measured_values_against_the_path_to_target():
    chart = kpi_chart(CONVERSION, "nl")
    assert chart.title == "Conversie (%)"
    assert chart.labels == ("jan 2027", "feb 2027", "mrt 2027")
    measured, target = chart.series
    assert (measured.name, measured.role, measured.values) == ("gemeten", "actual", (2.0, 2.2, 2.25))
    assert (target.name, target.role) == ("doel", "target")
    assert target.values[0] == 2.0
    assert round(target.values[2], 3) == round(2.0 + 2 / 9, 3)


def test_the_chart_speaks_english_for_an_english_team_and_shows_money_as_euro():
    chart = kpi_chart(COST, "en")
    assert chart.title == "Kosten per lead (€)"
    assert chart.labels == ("Jan 2027", "Feb 2027")
    assert [s.name for s in chart.series] == ["measured", "target"]


def test_the_chart_is_a_small_valid_png_with_one_panel_per_kpi():
    png = render_png([kpi_chart(CONVERSION, "nl"), kpi_chart(COST, "nl")])
    assert png.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (480, 304)
    assert len(png) < 200_000
