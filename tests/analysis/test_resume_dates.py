"""Date ranges as resumes write them, and years of experience with overlaps merged."""

from __future__ import annotations

import pytest

from analysis.resume.dates import (
    find_date_ranges,
    lone_dates_ending_lines,
    merge_intervals,
    merged_years,
)
from analysis.resume.model import ExperienceEntry, Span


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("Jan 2019 – Present", "2019-01", "present"),
        ("January 2019 - Current", "2019-01", "present"),
        ("2017-2020", "2017", "2020"),
        ("2017 – 2020", "2017", "2020"),
        ("03/2015 to 11/2018", "2015-03", "2018-11"),
        ("2015.03 - 2016.07", "2015-03", "2016-07"),
        ("Summer 2018 - Fall 2019", "2018-06", "2019-09"),
        ("Sep '19 - Mar '21", "2019-09", "2021-03"),
        ("November 2016 to December 2017", "2016-11", "2017-12"),
        ("2011-12", "2011", "2012"),
        ("Aug. 2010 — till date", "2010-08", "present"),
        ("2002-present", "2002", "present"),
        ("since 2016", "2016", "present"),
        ("01/03/2014 - 30/06/2016", "2014-03", "2016-06"),
        ("12/1/2009 - Current", "2009-12", "present"),  # the 1st of the month: m/d/y
        ("7th Feb 2008 - 30th Aug 2009", "2008-02", "2009-08"),
        ("24 May 2017 to date", "2017-05", "present"),
        ("Oct 2005, till date", "2005-10", "present"),
        ("June 2017 onwards", "2017-06", "present"),
        ("from: January 25, 2017", "2017-01", "present"),
    ],
)
def test_date_range_formats(written: str, start: str, end: str) -> None:
    text = f"Staff Nurse, Example Hospital  {written}  Cared for patients."
    (found,) = find_date_ranges(text)
    assert (found.start.iso(), found.end_text) == (start, end)
    assert text[found.span.start : found.span.end] in written  # the span points at the dates


def test_a_lone_year_is_not_a_range() -> None:
    assert find_date_ranges("Graduated in 2012 with honours") == []


def test_date_of_birth_is_never_a_range() -> None:
    assert find_date_ranges("Date of birth: 03/1990 - 1990") == []
    assert find_date_ranges("DOB 12 May 1985\nWorked 2010 - 2012") != []


def test_end_before_start_is_rejected() -> None:
    assert find_date_ranges("2019 - 2015") == []


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("20082010", "2008", "2010"),
        ("2010Present", "2010", "present"),
        ("Jan 2010Present", "2010-01", "present"),
        ("Feb 2008  Aug 2009", "2008-02", "2009-08"),
    ],
)
def test_ranges_whose_dash_was_lost_in_extraction(written: str, start: str, end: str) -> None:
    (found,) = find_date_ranges(f"Clerk, Acme Stores  {written}  Served customers.")
    assert (found.start.iso(), found.end_text) == (start, end)


def test_glued_digits_that_are_not_two_years_are_no_range() -> None:
    assert find_date_ranges("Order no. 19502049 shipped") == []


def test_birth_date_in_text_without_line_breaks_spares_the_jobs() -> None:
    # a flattened resume is one long line: only the date right after the birth word goes
    text = "Date of Birth : 10.05.1975  Nationality: Examplish  Clerk  June 2008 - Present  Sales"
    assert [(r.start.iso(), r.end_text) for r in find_date_ranges(text)] == [("2008-06", "present")]
    assert find_date_ranges("Cook 2001 - 2004  DOB: 12/09/1985 - ") != []


def _entry(start: str, end: str) -> ExperienceEntry:
    return ExperienceEntry("Clerk", "Acme", start, end, Span(0, 1))


def test_written_end_month_counts_in_full() -> None:
    # recruiters read "Jan 2015 - Dec 2019" as five years, not 4.9
    assert merged_years([_entry("2015-01", "2019-12")], "2024-06") == 5.0
    assert merged_years([_entry("2020-03", "2020-03")], "2024-06") == 0.1  # one month


def test_years_without_months_count_from_january_to_january() -> None:
    assert merged_years([_entry("2017", "2020")], "2024-06") == 3.0
    assert merged_years([_entry("2015", "2018-06")], "2024-06") == 3.5


def test_overlapping_periods_are_counted_once() -> None:
    entries = [
        _entry("2015", "2018"),
        _entry("2017", "2019"),
        _entry("2020", "2021"),
    ]
    assert merged_years(entries, "2024-06") == 5.0


def test_present_counts_up_to_today() -> None:
    assert merged_years([_entry("2023-06", "present")], "2024-06") == 1.0


def test_an_end_after_today_counts_only_to_today() -> None:
    assert merged_years([_entry("2023-06", "2026-12")], "2024-06") == 1.0


def test_merge_intervals_joins_touching_and_nested() -> None:
    assert merge_intervals([(5, 10), (0, 5), (6, 7), (20, 25)]) == [(0, 10), (20, 25)]


def test_a_month_or_season_ending_a_short_line_is_a_lone_date_but_a_year_is_not() -> None:
    text = (
        "Intern, Acme Corp, June 2020\nSoftware Engineer Intern Summer 2022\n"
        "Analyst, Acme Corp, 2019\nAnalyst, Acme Corp, Jan 2019 - Dec 2020\n"
        "Launched the app in June 2020 with the team\n"
    )
    lone = lone_dates_ending_lines(text, ranges=find_date_ranges(text))
    assert [(d.start.iso(), d.end_text) for d in lone] == [
        ("2020-06", "2020-06"),
        ("2022-06", "2022-06"),
    ]
