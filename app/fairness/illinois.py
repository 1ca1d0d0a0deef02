"""The Illinois AI Video Interview Act's yearly demographic report (820 ILCS 42/20).

An employer relying solely on AI analysis of video interviews to decide who gets
an in-person interview must report, each year by December 31 for the 12 months
ending November 30, the race and ethnicity of applicants who are and are not
afforded an in-person interview after that analysis, and of those hired.

In Candor: the applicants are those who completed the role's recorded interview
(except those who chose human-only review: no AI analysis was used on them);
"afforded an in-person interview" is a current decision of advance, "not
afforded" a decline, and anyone else is pending. Hires are not recorded in
Candor, so the report leaves that column to the employer (it says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.fairness.demographics import RACE_ETHNICITY_CATEGORIES
from app.fairness.model import IllinoisRow
from app.fairness.population import Person, sorted_categories

STATUTE = "820 ILCS 42/20 (Artificial Intelligence Video Interview Act, section 20)"
UNKNOWN = "Unknown (not answered)"
FILING_NOTE = (
    "File with the Illinois Department of Commerce and Economic Opportunity by December 31, "
    "covering the 12 months ending on November 30 before filing (820 ILCS 42/20(b))."
)
HIRES_NOTE = (
    "Hires are not recorded in Candor: add the race and ethnicity of the applicants "
    "hired from your applicant tracking system before filing."
)


def illinois_rows(people: Sequence[Person]) -> tuple[IllinoisRow, ...]:
    """One row per race/ethnicity among people who completed the AI-analysed interview."""
    tallies: dict[str, list[int]] = {}
    for person in people:
        if not person.interviewed or person.human_only:
            continue
        tally = tallies.setdefault(person.race_ethnicity or UNKNOWN, [0, 0, 0, 0])
        tally[0] += 1
        if person.decision == "advance":
            tally[1] += 1
        elif person.decision == "decline":
            tally[2] += 1
        else:
            tally[3] += 1
    order = [*RACE_ETHNICITY_CATEGORIES[:-1], UNKNOWN]
    return tuple(IllinoisRow(c, *tallies[c]) for c in sorted_categories(tallies, order))


def reporting_period(today: date) -> tuple[date, date]:
    """The 12 months ending on the last November 30 on or before `today`."""
    end_year = today.year if (today.month, today.day) >= (11, 30) else today.year - 1
    return date(end_year - 1, 12, 1), date(end_year, 11, 30)
