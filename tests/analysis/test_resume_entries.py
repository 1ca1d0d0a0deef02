"""Entry headers: how a header line is cut into pieces, and how experience entries
are found when dates are missing, headers run together on one line, or the parts
of a header are spread above and below the dates. Resumes of fictional people."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser
from analysis.resume.education import find_education, mentions_degree
from analysis.resume.entries import (
    Piece,
    best_pieces,
    is_place,
    looks_like_prose,
    names_a_part,
    pieces_of,
)
from analysis.resume.experience import experience_regions, find_experience
from analysis.resume.model import ExperienceEntry, Span
from analysis.resume.sections import find_sections, soft_lines


def _pieces(line: str) -> list[str]:
    return [p.text for p in pieces_of(line, Span(0, len(line)))]


def _experience(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    lines = soft_lines(text)
    regions = experience_regions(text, find_sections(text, lines))
    entries: list[ExperienceEntry] = find_experience(text, lines, regions)
    return [(e.title, e.employer, e.start, e.end) for e in entries]


def test_legal_suffix_stays_with_the_name_and_a_city_before_a_state_is_a_place() -> None:
    line = "Internet Widgets, Inc., Austin, TX"
    pieces = pieces_of(line, Span(0, len(line)))
    assert [p.text for p in pieces] == ["Internet Widgets, Inc.", "Austin", "TX"]
    assert [is_place(p) for p in pieces] == [False, True, True]


def test_header_written_as_a_sentence_gives_title_and_employer() -> None:
    assert _pieces("Worked as Field Engineer for Corvid Telecom from") == [
        "Field Engineer",
        "Corvid Telecom",
    ]
    assert _pieces("Currently working with Corvid Telecom as a Field Engineer") == [
        "Corvid Telecom",
        "Field Engineer",
    ]


def test_labelled_values_win_and_labels_are_never_values() -> None:
    line = "Company: Brightmart Retail | Designation: Store Manager | Key Responsibilities:"
    pieces = pieces_of(line, Span(0, len(line)))
    title, employer = best_pieces(pieces)
    assert (title and title.text, employer and employer.text) == (
        "Store Manager",
        "Brightmart Retail",
    )
    assert [p.text for p in pieces if names_a_part(p)] == [
        "Company",
        "Designation",
        "Key Responsibilities",
    ]


@pytest.mark.parametrize(
    "run",
    [
        "Senior Developer, Kestrel Labs — Jan 2019 – Present Built APIs for clients. "
        "Data Analyst, Northwind Traders — Mar 2016 – Dec 2018 Wrote SQL reports.",
        "Kestrel Labs | Senior Developer | Jan 2019 - Present Built APIs for clients. "
        "Northwind Traders | Data Analyst | Mar 2016 - Dec 2018 Wrote SQL reports.",
        "Senior Developer at Kestrel Labs (01/2019 to present) Built APIs for clients. "
        "Data Analyst at Northwind Traders (03/2016 to 12/2018) Wrote SQL reports.",
    ],
)
def test_entries_run_together_on_one_line_are_split_at_their_dates(run: str) -> None:
    text = f"Ada Example\nada@example.org\n\nEXPERIENCE\n{run}\n\nEDUCATION\nBSc Physics\n"
    assert _experience(text) == [
        ("Senior Developer", "Kestrel Labs", "2019-01", "present"),
        ("Data Analyst", "Northwind Traders", "2016-03", "2018-12"),
    ]


def test_employer_above_the_dates_and_title_below_them() -> None:
    text = (
        "EXPERIENCE\nBirchwood Dental, Austin, TX\n2010 - Present\nOffice Manager\n"
        "Ran the front desk and the billing for four dentists.\n"
        "Elm Street Clinic, Dallas, TX\n2006 - 2010\nReceptionist\n"
        "Booked patients and kept the records.\n"
    )
    assert _experience(text) == [
        ("Office Manager", "Birchwood Dental", "2010", "present"),
        ("Receptionist", "Elm Street Clinic", "2006", "2010"),
    ]


def test_description_below_the_dates_does_not_replace_the_header_above() -> None:
    text = (
        "WORK EXPERIENCE\nSupport Engineer\nCorvid Telecom - Leeds, United Kingdom\n"
        "March 2015 to June 2018\nLead Engineer Handover\nFixed customer incidents.\n"
    )
    assert _experience(text) == [("Support Engineer", "Corvid Telecom", "2015-03", "2018-06")]


def test_headers_without_dates_make_undated_entries() -> None:
    text = (
        "WORK EXPERIENCE\nSoftware Engineer\nGreymeter Analytics\n"
        "Built reporting services for retail customers.\n\n"
        "Brightmart Retail Ltd\nStore Manager\nRan a team of twelve.\n\n"
        "Night Porter at Harbour View Hotel\n"
    )
    assert _experience(text) == [
        ("Software Engineer", "Greymeter Analytics", None, None),
        ("Store Manager", "Brightmart Retail Ltd", None, None),
        ("Night Porter", "Harbour View Hotel", None, None),
    ]


def test_without_an_experience_heading_dated_education_is_not_a_job() -> None:
    text = (
        "Ada Example\nSkills Summary\nPython, SQL\n"
        "Northwind Traders (Leeds), Data Analyst, 2016 to 2018\n"
        "BSc Physics, University of Leeds, 2012 - 2015\n"
    )
    assert _experience(text) == [("Data Analyst", "Northwind Traders", "2016", "2018")]


def test_two_letter_degrees_need_a_field_after_them() -> None:
    assert mentions_degree("BE in Computer Science")
    assert mentions_degree("MS (Physics)")
    assert mentions_degree("BA Communications and English")
    assert not mentions_degree("MS Office and Excel")
    assert not mentions_degree("Be on time")


def test_a_school_without_a_degree_in_an_education_section_is_an_entry() -> None:
    text = (
        "EDUCATION\nB.Tech in Mechanical Engineering\nRiverside Institute of Technology\n"
        "2010 to 2014\nGreenfield Public School\n2008\n\nSKILLS\nAutoCAD\n"
    )
    lines = soft_lines(text)
    regions = [s.body_span for s in find_sections(text, lines) if s.name == "education"]
    found = [(e.degree, e.institution) for e in find_education(text, lines, regions)]
    assert found == [
        ("B.Tech in Mechanical Engineering", "Riverside Institute of Technology"),
        (None, "Greenfield Public School"),
    ]


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("Customer Care Officer in ZENTRIX", ["Customer Care Officer", "ZENTRIX"]),
        ("Process Associate@ Lumora", ["Process Associate", "Lumora"]),
        ("Claims Analyst with Orbis Systems", ["Claims Analyst", "Orbis Systems"]),
        ("Delta Freight as Logistics Coordinator", ["Delta Freight", "Logistics Coordinator"]),
        ("Test Engineer (Quillon Ltd", ["Test Engineer", "Quillon Ltd"]),
        ("Head of Sales", ["Head of Sales"]),
        ("Lecturer in Physics", ["Lecturer in Physics"]),
    ],
)
def test_a_title_and_an_organisation_joined_by_a_word_are_two_pieces(
    line: str, pieces: list[str]
) -> None:
    assert _pieces(line) == pieces


@pytest.mark.parametrize(
    "line",
    ["Employer Brightmart Retail Ltd", "ORGANISATION Brightmart Retail Ltd",
     "Job Profile with Brightmart Retail Ltd"],
)  # fmt: skip
def test_a_label_word_run_into_its_value_is_dropped(line: str) -> None:
    assert _pieces(line) == ["Brightmart Retail Ltd"]


@pytest.mark.parametrize("value", ["Jan 2013 to Feb 2016", "3 years", "March 2019 - Present"])
def test_dates_and_durations_are_not_titles_or_employers(value: str) -> None:
    assert names_a_part(Piece(value, Span(0, len(value))))


def test_a_piece_starting_with_an_action_verb_is_a_sentence() -> None:
    assert looks_like_prose(Piece("Built Revenue Dashboards", Span(0, 24)))
    assert not looks_like_prose(Piece("Lead Developer", Span(0, 14)))


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


def test_a_line_of_skills_is_not_an_employer_but_a_vendor_alone_can_be(
    parser: ResumeParser,
) -> None:
    text = (
        "Dana Roe\n\nWORK EXPERIENCE\n\nData Analyst\n\nSQL Server 2008 and Tableau\n\n"
        "January 2016 to May 2019\n\nBuilt weekly reports for the finance team.\n\n"
        "Network Engineer\n\nCisco\n\nJune 2012 to December 2015\n\n"
        "Configured routers for branch offices.\n"
    )
    entries = [(e.title, e.employer) for e in parser.parse(text).experience]
    assert entries == [("Data Analyst", None), ("Network Engineer", "Cisco")]


def test_a_place_typed_in_lower_case_does_not_hide_the_header(parser: ResumeParser) -> None:
    text = (
        "WORK EXPERIENCE\n\nSoftware Engineer\nBrightmart - hyderbad, Telangana -\n"
        "December 2015 to Present\nBuilt the loyalty dashboards.\n"
    )
    entries = [(e.title, e.employer) for e in parser.parse(text).experience]
    assert entries == [("Software Engineer", "Brightmart")]


def test_a_label_holds_for_the_rest_of_its_line() -> None:
    line = "Environment: Quartzline, Toad, Helix"
    assert all(names_a_part(p) for p in pieces_of(line, Span(0, len(line)))[1:])


def test_pieces_far_apart_on_a_line_are_separate() -> None:
    assert _pieces("Store Manager      Brightmart Retail") == ["Store Manager", "Brightmart Retail"]


def test_a_known_city_alone_is_a_place_but_a_company_named_after_it_is_not() -> None:
    def piece(value: str) -> Piece:
        return Piece(value, Span(0, len(value)))

    assert is_place(piece("NAGPUR")) and is_place(piece("Pune / Mumbai"))
    assert not is_place(piece("Pune Motors Ltd")) and not is_place(piece("Reading"))


LAYOUTS = {
    "employer under the title, foreign legal suffix": (
        "Marta Nowak\n\nWork experience\n09/2017 – present\nProject Manager\n"
        "Vistula Logistics Sp. z o.o., Warsaw (Poland)\n\n03/2014 – 08/2017\n"
        "Logistics Coordinator\nBaltic Freight GmbH, Hamburg (Germany)\n"
    ),
    "dates right of the title, employer below": (
        "SAM LEE\n\nWORK HISTORY\nRegistered Nurse                          2015 - Present\n"
        "St. Mary's Hospital, Boston, MA\n\nNursing Assistant                         2012 - 2015\n"
        "Greenfield Care Home, Worcester, MA\n"
    ),
    "dates right of the employer, title below": (
        "ALI KHAN\n\nEMPLOYMENT\nNorthwind Traders — London           Jan 2019 – Present\n"
        "Sales Manager\nContoso Ltd — Manchester            May 2015 – Dec 2018\n"
        "Sales Executive\n"
    ),
    "several roles under one employer": (
        "PROFESSIONAL EXPERIENCE\nMercy General Hospital — Sacramento, CA\n"
        "Charge Nurse, ICU (2019 – Present)\nStaff Nurse, Med-Surg (2014 – 2019)\n"
    ),
    "profile export: employer, total, title, dates": (
        "Experience\nQuillon Labs\n5 years 2 months\nSenior Engineer\n"
        "Jan 2021 - Present (3 years 5 months)\nLeeds, United Kingdom\nEngineer\n"
        "Apr 2019 - Dec 2020 (1 year 9 months)\nKestrel Software Ltd\nDeveloper\n"
        "Jun 2016 - Mar 2019 (2 years 10 months)\n"
    ),
}
EXPECTED = {
    "employer under the title, foreign legal suffix": [
        ("Project Manager", "Vistula Logistics Sp. z o.o."),
        ("Logistics Coordinator", "Baltic Freight GmbH"),
    ],
    "dates right of the title, employer below": [
        ("Registered Nurse", "St. Mary's Hospital"),
        ("Nursing Assistant", "Greenfield Care Home"),
    ],
    "dates right of the employer, title below": [
        ("Sales Manager", "Northwind Traders"),
        ("Sales Executive", "Contoso Ltd"),
    ],
    "several roles under one employer": [
        ("Charge Nurse", "Mercy General Hospital"),
        ("Staff Nurse", "Mercy General Hospital"),
    ],
    "profile export: employer, total, title, dates": [
        ("Senior Engineer", "Quillon Labs"),
        ("Engineer", "Quillon Labs"),
        ("Developer", "Kestrel Software Ltd"),
    ],
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_entry_keeps_its_own_title_and_employer_whatever_the_layout(
    parser: ResumeParser, layout: str
) -> None:
    entries = [(e.title, e.employer) for e in parser.parse(LAYOUTS[layout]).experience]
    assert entries == EXPECTED[layout]


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("Dunamu Inc. Seoul, S.Korea", ["Dunamu Inc.", "Seoul", "S.Korea"]),
        ("Truso Pune, Maharashtra, India", ["Truso", "Pune", "Maharashtra", "India"]),
        ("New Delhi, India", ["New Delhi", "India"]),
    ],
)
def test_a_city_glued_to_a_name_by_a_lost_column_gap_is_split_off(
    line: str, pieces: list[str]
) -> None:
    assert _pieces(line) == pieces


def test_a_title_that_is_also_a_heading_word_stays_in_its_entry(parser: ResumeParser) -> None:
    text = (
        "Leo Example\n\nEDUCATION\nBA Business, Northbridge University, 2016\n"
        "VOLUNTEER EXPERIENCE\nLionheart Arts, Pomona, CA June 2012 – Present\nVolunteer\n"
        "• Plan two yearly outreach events.\nSKILLS\nExcel\n"
    )
    entries = [(e.title, e.employer) for e in parser.parse(text).experience]
    assert entries == [("Volunteer", "Lionheart Arts")]


def test_a_page_footer_with_the_name_is_no_part_of_an_entry(parser: ResumeParser) -> None:
    text = (
        "Dana Example\ndana@example.com\n\nWork Experience\nQuillon Labs Ltd. Leeds, UK\n"
        "Engineer Jan. 2019 - Mar. 2021\n• Built the billing service.\n"
        "February 10, 2026 Dana Example · Résumé 1\n"
        "Developer Jun. 2016 - Dec. 2018\n• Wrote the first API.\n"
    )
    employers = [e.employer for e in parser.parse(text).experience]
    assert "Dana Example" not in " ".join(filter(None, employers))
    assert employers[0] == "Quillon Labs Ltd."


def test_a_short_job_with_one_month_is_an_entry_of_that_month(parser: ResumeParser) -> None:
    text = (
        "EXPERIENCE\nSoftware Engineer Intern Summer 2022\nDelta Organization\n"
        "- Built the first prototype.\nLaunched the app in June 2020\n"
    )
    entries = [(e.title, e.employer, e.start, e.end) for e in parser.parse(text).experience]
    assert entries == [("Software Engineer Intern", "Delta Organization", "2022-06", "2022-06")]
