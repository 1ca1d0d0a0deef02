"""Education entries: which words are degrees, how far a degree's text runs, which
piece names the school, and what an education section yields beyond degree lines.
All snippets are invented."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser
from analysis.resume.education import find_education, mentions_degree
from analysis.resume.model import EducationEntry, Span
from analysis.resume.sections import find_sections, soft_lines


def _education(text: str) -> list[EducationEntry]:
    lines = soft_lines(text)
    regions = [s.body_span for s in find_sections(text, lines) if s.name == "education"]
    return find_education(text, lines, regions)


def _pairs(text: str) -> list[tuple[str | None, str | None]]:
    return [(e.degree, e.institution) for e in _education(text)]


def _section(*lines: str) -> str:
    return "EDUCATION\n" + "\n".join(lines) + "\n\nSKILLS\nExcel\n"


# --- degree words inside a school's name -------------------------------------------------
def test_a_degree_word_inside_a_school_name_is_part_of_the_school() -> None:
    text = _section(
        "B.Sc in Physics",
        "MS University - Tirunelveli, Tamil Nadu",
        "2012",
        "HSC",
        "Sri Lakshmi Matriculation Higher Secondary School",
        "2009",
        "Govt. High School Rampur",
        "2007",
    )
    assert _pairs(text) == [
        ("B.Sc in Physics", "MS University"),
        ("HSC", "Sri Lakshmi Matriculation Higher Secondary School"),
        (None, "Govt. High School Rampur"),
    ]


def test_a_school_level_named_alone_is_still_the_qualification() -> None:
    text = _section("Higher Secondary School", "2009", "High School Diploma", "2007")
    assert [(e.degree, e.level) for e in _education(text)] == [
        ("Higher Secondary School", "high_school"),
        ("High School Diploma", "high_school"),
    ]


def test_a_named_intermediate_college_is_a_school_not_a_degree() -> None:
    text = _section("B.Com", "Lakeview Degree College", "2014", "Rosewood Intermediate College")
    assert _pairs(text) == [
        ("B.Com", "Lakeview Degree College"),
        (None, "Rosewood Intermediate College"),
    ]


# --- which piece names the school -----------------------------------------------------------
def test_table_headers_and_lone_kind_words_are_not_schools() -> None:
    text = _section(
        "B.E. in Mechanical Engineering",
        "Northbrook Institute of Technology",
        "2016",
        "University / Board",
        "Institute/Board",
        "College",
    )
    assert _pairs(text) == [
        ("B.E. in Mechanical Engineering", "Northbrook Institute of Technology")
    ]


def test_exam_boards_are_not_schools() -> None:
    text = _section("S.S.C", "Bihar School Examination Board", "2008", "HSC", "State Board", "2010")
    assert [e.institution for e in _education(text)] == [None, None]


def test_the_school_after_from_on_the_degree_line_is_found() -> None:
    text = _section(
        "• Pre University from Maple Leaf PU College, Mysore (2006)",
        "• Passed 10th STD from Little Flower High School, Guntur (2004)",
    )
    assert _pairs(text) == [
        ("Pre University", "Maple Leaf PU College"),
        ("10th STD", "Little Flower High School"),
    ]


def test_a_college_and_its_university_on_one_line_are_one_school() -> None:
    text = _section(
        "B.Sc in Chemistry",
        "Ravenwood College, Northgate University - Springfield, Illinois",
        "2011",
        "MBA in Finance",
        "Eastfield Institute of Science (EIS) University",
        "2014",
    )
    assert [e.institution for e in _education(text)] == [
        "Ravenwood College, Northgate University",
        "Eastfield Institute of Science (EIS) University",
    ]


def test_two_schools_on_one_line_are_not_joined() -> None:
    text = _section("SSC", "Hillside Public School, Oakridge Convent School", "2004")
    assert [e.institution for e in _education(text)] == ["Hillside Public School"]


def test_the_line_under_a_degree_names_its_school_even_without_a_school_word() -> None:
    text = _section(
        "B.Tech in Civil Engineering",
        "NITK - Surathkal, Karnataka",
        "2014",
        "PGDBM in Operations",
        "Westbury Business School",
        "2016",
    )
    assert _pairs(text) == [
        ("B.Tech in Civil Engineering", "NITK"),
        ("PGDBM in Operations", "Westbury Business School"),
    ]


def test_a_date_or_grade_under_a_degree_is_not_a_school() -> None:
    text = _section("MBA", "2015 to 2017", "BBA", "CGPA 8.1")
    assert [e.institution for e in _education(text)] == [None, None]


def test_without_an_education_section_the_line_under_a_degree_is_not_guessed() -> None:
    text = "Ada Example\nBSc in Physics\nNorthwind Traders\n"
    found = find_education(text, soft_lines(text), [Span(0, len(text))])
    assert [(e.degree, e.institution) for e in found] == [("BSc in Physics", None)]


def test_schools_written_above_their_degrees_are_paired_with_them() -> None:
    text = _section(
        "University of Westmoor, Leeds",
        "BSc in Computer Science",
        "2010 - 2013",
        "Harrow Valley College",
        "A-Levels: Maths, Physics",
        "2008 - 2010",
    )
    assert _pairs(text) == [
        ("BSc in Computer Science", "University of Westmoor"),
        ("A-Levels: Maths, Physics", "Harrow Valley College"),
    ]


def test_an_affiliation_note_is_not_part_of_the_school_name() -> None:
    text = _section("B.Tech in Civil Engineering", "Lakeshore College of Engineering Affiliated to")
    assert [e.institution for e in _education(text)] == ["Lakeshore College of Engineering"]


@pytest.mark.parametrize(
    "school", ["Universidad de Sevilla", "Technische Hochschule Nord", "Lycée Jean Moulin"]
)
def test_schools_named_in_other_languages_are_found(school: str) -> None:
    text = _section("Master of Science in Economics", school, "2019")
    assert [e.institution for e in _education(text)] == [school]


# --- the course of a school listed without a degree word ------------------------------------
def test_the_line_above_a_school_names_the_course() -> None:
    text = _section(
        "Computer Networking",
        "Aptwell Institute of Technology",
        "2010",
        "2008",
        "Greenfield Public School",
    )
    assert _pairs(text) == [
        ("Computer Networking", "Aptwell Institute of Technology"),
        (None, "Greenfield Public School"),
    ]


def test_a_link_or_language_list_above_a_school_is_not_a_course() -> None:
    text = _section(
        "https://www.example.com/profile/ada",
        "Riverside College",
        "English, Hindi",
        "Hilltop Academy",
    )
    assert _pairs(text) == [(None, "Riverside College"), (None, "Hilltop Academy")]


# --- degree forms ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase",
    [
        "M.Eng in Structural Engineering",
        "BEng Mechanical Engineering",
        "MFA in Creative Writing",
        "Juris Doctor",
        "Doctor of Medicine",
        "Pre-University Course",
        "'A' Level in Computer Application",
        "AMIE Section A",
        "B- Tech",
        "Post Graduation in Human Resources",
        "BS, Computer Science",
        "Degree in Marketing",
        "Certificate in Welding",
    ],
)
def test_degree_forms_are_recognised(phrase: str) -> None:
    assert mentions_degree(phrase)


@pytest.mark.parametrize(
    "phrase", ["a level of detail", "MS, Excel and Word", "Smith & Associates of Ohio"]
)
def test_look_alikes_are_not_degrees(phrase: str) -> None:
    assert not mentions_degree(phrase)


def test_a_board_written_with_dots_is_not_read_as_a_bachelor() -> None:
    text = _section("C.B.S.E", "Hilltop Academy", "2008")
    assert [(e.degree, e.level) for e in _education(text)] == [("C.B.S.E", "high_school")]


def test_a_bare_short_degree_alone_on_its_line_counts_in_an_education_section() -> None:
    text = _section("BE", "Rivergate Engineering College", "2015")
    assert _pairs(text) == [("BE", "Rivergate Engineering College")]
    assert not mentions_degree("BE")


# --- how far the degree's text runs ---------------------------------------------------------
def test_a_bracketed_field_or_abbreviation_stays_with_the_degree() -> None:
    text = _section(
        "BE (Computer Science) in Computer Science",
        "Bachelor of Commerce (B.Com) from Lakeside College, Pune",
        "B.Sc (2012) Oakwood College",
    )
    assert [e.degree for e in _education(text)] == [
        "BE (Computer Science) in Computer Science",
        "Bachelor of Commerce (B.Com)",
        "B.Sc",
    ]


def test_a_degree_broken_over_a_line_loses_its_dangling_word() -> None:
    text = _section("Bachelor of Engineering in Instrumentation Technology in", "2012")
    assert [e.degree for e in _education(text)] == [
        "Bachelor of Engineering in Instrumentation Technology"
    ]


def test_a_credential_without_a_level_has_no_level() -> None:
    text = _section("Certificate in Welding", "Riverbend Polytechnic", "2018")
    assert [(e.degree, e.level, e.institution) for e in _education(text)] == [
        ("Certificate in Welding", None, "Riverbend Polytechnic")
    ]


def test_a_bar_ends_the_degree() -> None:
    text = _section("MBA in Marketing|Harbour Business School|2015")
    assert _pairs(text) == [("MBA in Marketing", "Harbour Business School")]


# --- through the parser ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


def test_parser_reports_schools_degrees_and_courses_of_an_indian_style_resume(
    parser: ResumeParser,
) -> None:
    text = (
        "Priya Example\nData Analyst\n\nWORK EXPERIENCE\nData Analyst\nNorthwind Traders - "
        "Pune, Maharashtra\nJanuary 2019 to Present\n\nEDUCATION\nMCA in Computer Applications\n"
        "RVU - Bengaluru, Karnataka\n2018\nB.Sc.\nMS University - Tirunelveli, Tamil Nadu\n2015\n"
        "HSC\nSri Lakshmi Matriculation Higher Secondary School\n2012\n\nSKILLS\nSQL, Excel\n"
    )
    profile = parser.parse(text)
    assert [(e.degree, e.institution, e.level) for e in profile.education] == [
        ("MCA in Computer Applications", "RVU", "master"),
        ("B.Sc.", "MS University", "bachelor"),
        ("HSC", "Sri Lakshmi Matriculation Higher Secondary School", "high_school"),
    ]


def test_the_piece_before_the_place_is_the_school_without_a_school_word() -> None:
    text = (
        "EDUCATION\nPh.D. in Computer Science, CalTech, Pasadena, USA, 2012\n"
        "M.S. in Computer Science, MIT, Cambridge, USA, 2009\n"
    )
    lines = soft_lines(text)
    entries = find_education(text, lines, [find_sections(text, lines)[0].body_span])
    assert [(e.level, e.field, e.institution) for e in entries] == [
        ("doctorate", "Computer Science", "CalTech"),
        ("master", "Computer Science", "MIT"),
    ]


def test_dates_end_a_degree_and_a_school_name() -> None:
    text = (
        "EDUCATION\nNorthbridge University Leeds, UK\n"
        "B.S. in Computer Science and Engineering Mar. 2010 - Aug. 2014\n"
        "Chess Club, Northbridge University August 2011 – Present\n"
    )
    lines = soft_lines(text)
    entries = find_education(text, lines, [find_sections(text, lines)[0].body_span])
    assert entries[0].field == "Computer Science and Engineering"
    assert all("2011" not in (e.institution or "") for e in entries)


def test_a_university_at_its_city_is_one_name() -> None:
    text = "EDUCATION\nB.A. in Marketing, University of Illinois at Chicago, 2014\n"
    lines = soft_lines(text)
    entries = find_education(text, lines, [find_sections(text, lines)[0].body_span])
    assert [e.institution for e in entries] == ["University of Illinois at Chicago"]


def test_uk_degrees_with_years_first_keep_their_field_and_own_year() -> None:
    text = (
        "EDUCATION AND TRAINING\n"
        "2016 – 2017 PGCE Primary Education, University of the West of England\n"
        "2013 – 2016 BA (Hons) English Literature, Cardiff University\n"
        "2008 – 2012 B.Tech (Mechanical Engineering), Northbridge Institute of Technology\n"
    )
    lines = soft_lines(text)
    entries = find_education(text, lines, [find_sections(text, lines)[0].body_span])
    assert [(e.level, e.field, e.end_year) for e in entries] == [
        ("master", "Primary Education", 2017),
        ("bachelor", "English Literature", 2016),
        ("bachelor", "Mechanical Engineering", 2012),
    ]
