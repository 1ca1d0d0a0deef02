"""Career breaks written like jobs are neither jobs nor years of experience."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser
from analysis.resume.career_breaks import is_career_break

_RESUME = """Marta Quintela
marta.quintela@example.org | +351 912 345 678 | Lisbon, Portugal

Experience
Senior Backend Engineer
Orbital Widgets
Jan 2018 - Present
Built microservices with Python, SQL, Docker.

{gap}
Software Engineer
Tidewater Labs
Mar 2010 - Dec 2014
Built microservices with Python, SQL, Docker.

Education
M.Sc. in Computer Science, University of Lisbon, 2009

Skills
Python, SQL, Docker
"""

BREAKS = [
    "Career break, family caregiving\nJan 2015 - Dec 2017\n",
    "Maternity leave\nJan 2015 - Dec 2017\n",
    "Career Break (family caregiving), Jan 2015 - Dec 2017\n",
    "Jan 2015 - Dec 2017: Maternity leave\n",
    "Parental leave, 2015 - 2017\n",
    "Career break\n2015 – 2017\nCaring for a family member.\n",
    "Sabbatical - travelling\nJan 2015 - Dec 2017\n",
    "Stay-at-home parent\n2015 - 2017\n",
    "Career break\nRaising my children.\n",
]


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


@pytest.mark.parametrize("gap", BREAKS)
def test_a_career_break_adds_no_entry_and_no_years(parser: ResumeParser, gap: str) -> None:
    without = parser.parse(_RESUME.format(gap=""))
    with_break = parser.parse(_RESUME.format(gap=gap))
    assert with_break.total_experience_years == without.total_experience_years
    assert [(e.title, e.start, e.end) for e in with_break.experience] == [
        (e.title, e.start, e.end) for e in without.experience
    ]


def test_a_job_that_mentions_parental_leave_in_its_description_stays_a_job(
    parser: ResumeParser,
) -> None:
    gap = (
        "Staff Engineer\nBrightline Systems\nJan 2015 - Dec 2017\n"
        "Covered a colleague's maternity leave as team lead for six months.\n"
    )
    profile = parser.parse(_RESUME.format(gap=gap))
    assert ("Staff Engineer", "2015-01", "2017-12") in [
        (e.title, e.start, e.end) for e in profile.experience
    ]
    assert (
        profile.total_experience_years > parser.parse(_RESUME.format(gap="")).total_experience_years
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Maternity leave", True),
        ("Career break, family caregiving", True),
        ("Sabbatical", True),
        ("Maternity Ward Nurse", False),
        ("Family Medicine Physician", False),
        ("Caregiver, Home Instead", False),
    ],
)
def test_breaks_are_told_from_jobs_by_their_header(header: str, expected: bool) -> None:
    assert is_career_break(header) is expected
