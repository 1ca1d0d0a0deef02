"""Date ranges as resumes write them, and years of experience with overlaps merged."""

from __future__ import annotations

import pytest

from analysis.resume.dates import find_date_ranges, merge_intervals, merged_years
from analysis.resume.model import ExperienceEntry, Span


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("Jan 2019 – Present", "2019-01", "present"),
        ("January 2019 - Current", "2019-01", "present"),
        ("2017-2020", "2017-01", "2020-01"),
        ("2017 – 2020", "2017-01", "2020-01"),
        ("03/2015 to 11/2018", "2015-03", "2018-11"),
        ("2015.03 - 2016.07", "2015-03", "2016-07"),
        ("Summer 2018 - Fall 2019", "2018-06", "2019-09"),
        ("Sep '19 - Mar '21", "2019-09", "2021-03"),
        ("November 2016 to December 2017", "2016-11", "2017-12"),
        ("2011-12", "2011-01", "2012-01"),
        ("Aug. 2010 — till date", "2010-08", "present"),
        ("2002-present", "2002-01", "present"),
        ("since 2016", "2016-01", "present"),
        ("01/03/2014 - 30/06/2016", "2014-03", "2016-06"),
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


def _entry(start: str, end: str) -> ExperienceEntry:
    return ExperienceEntry("Clerk", "Acme", start, end, Span(0, 1))


def test_overlapping_periods_are_counted_once() -> None:
    entries = [
        _entry("2015-01", "2018-01"),
        _entry("2017-01", "2019-01"),
        _entry("2020-01", "2021-01"),
    ]
    assert merged_years(entries, "2024-06") == 5.0


def test_present_counts_up_to_today() -> None:
    assert merged_years([_entry("2023-06", "present")], "2024-06") == 1.0


def test_merge_intervals_joins_touching_and_nested() -> None:
    assert merge_intervals([(5, 10), (0, 5), (6, 7), (20, 25)]) == [(0, 10), (20, 25)]
