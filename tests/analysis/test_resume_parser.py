"""Each extractor of the resume parser on hand-written resumes of fictional people."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser, ResumeProfile
from analysis.resume.model import Span

NURSE = """Maria Quintero-Vale
Staff Nurse
Leeds, United Kingdom | maria.qv@example.org | +44 20 7946 0958
linkedin.com/in/maria-quintero-vale-example | https://github.com/mqv-example

PROFESSIONAL SUMMARY
Registered nurse with ICU experience, BLS and ACLS certified. Skilled in wound care,
medication administration and patient education.

WORK EXPERIENCE
Senior Staff Nurse
St Aldhelm Hospital - Leeds, United Kingdom
Jan 2019 – Present
• Led a team of 6 nurses on a 24-bed intensive care unit.

Staff Nurse
Harrowgate Community Clinic - York, United Kingdom
03/2015 to 11/2018
• Administered IV therapy and kept electronic health records in Epic.

EDUCATION
Bachelor of Science in Nursing
University of Northbridge, 2014

CERTIFICATIONS
Advanced Cardiac Life Support (ACLS), 2020
Basic Life Support (BLS)

LANGUAGES
English (native), Spanish (fluent), Portuguese (basic)
"""

DEVELOPER = """Tomasz Wiśniak-Example
Backend Developer | Wrocław, Poland | tomasz@example.dev | +48 512 345 678

Skills: Python, Django, PostgreSQL, Docker, JS, Java Script, Node JS, AWS, REST APIs, Git

Experience
Software Engineer at Northwind Analytics Sp. z o.o.
2017-2020
Built data pipelines in Python and Apache Spark.

Backend Developer, Kestrel Labs
2019 - Present
Java and Spring Boot microservices; CI/CD with Jenkins.

Education
M.Sc. in Computer Science, Wroclaw University of Science and Technology, 2017
"""


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


@pytest.fixture(scope="module")
def nurse(parser: ResumeParser) -> ResumeProfile:
    return parser.parse(NURSE)


@pytest.fixture(scope="module")
def developer(parser: ResumeParser) -> ResumeProfile:
    return parser.parse(DEVELOPER)


def _at(text: str, span: Span | None) -> str:
    assert span is not None
    return text[span.start : span.end]


def test_name_is_the_first_name_shaped_line(nurse: ResumeProfile) -> None:
    assert nurse.name is not None
    assert nurse.name.value == "Maria Quintero-Vale"
    assert _at(NURSE, nurse.name.span) == "Maria Quintero-Vale"


def test_email_and_phone_in_e164_with_span(nurse: ResumeProfile) -> None:
    assert [e.value for e in nurse.emails] == ["maria.qv@example.org"]
    assert [p.e164 for p in nurse.phones] == ["+442079460958"]
    assert _at(NURSE, nurse.phones[0].span) == "+44 20 7946 0958"


def test_local_phone_uses_region_of_the_resume_country(parser: ResumeParser) -> None:
    profile = parser.parse("Jan Kowalski-Example\nGdańsk, Poland\ntel. 512 345 678\n")
    assert [p.e164 for p in profile.phones] == ["+48512345678"]


def test_local_phone_without_a_country_is_not_guessed(parser: ResumeParser) -> None:
    profile = parser.parse("Jan Kowalski-Example\ntel. 512 345 678\n")
    assert profile.phones == ()


def test_links_are_classified(nurse: ResumeProfile) -> None:
    kinds = {link.kind: link.url for link in nurse.links}
    assert kinds["linkedin"] == "linkedin.com/in/maria-quintero-vale-example"
    assert kinds["github"] == "https://github.com/mqv-example"


def test_location_is_city_and_country_only(nurse: ResumeProfile, parser: ResumeParser) -> None:
    assert nurse.location is not None and nurse.location.value == "Leeds, United Kingdom"
    street = parser.parse("Ann Example\n12 Rose Street, Springfield, Illinois\nann@example.com\n")
    assert street.location is not None
    assert "Rose" not in street.location.value and "12" not in street.location.value


def test_sections_are_found_with_spans(nurse: ResumeProfile) -> None:
    names = [s.name for s in nurse.sections]
    assert names == ["summary", "experience", "education", "certifications", "languages"]
    experience = nurse.sections[1]
    assert _at(NURSE, experience.heading_span) == "WORK EXPERIENCE"
    assert _at(NURSE, experience.body_span).startswith("Senior Staff Nurse")


def test_experience_entries_with_title_employer_and_dates(nurse: ResumeProfile) -> None:
    got = [(e.title, e.employer, e.start, e.end) for e in nurse.experience]
    assert got == [
        ("Senior Staff Nurse", "St Aldhelm Hospital", "2019-01", "present"),
        ("Staff Nurse", "Harrowgate Community Clinic", "2015-03", "2018-11"),
    ]
    first = nurse.experience[0]
    assert _at(NURSE, first.employer_span) == "St Aldhelm Hospital"
    assert _at(NURSE, first.title_span) == "Senior Staff Nurse"


def test_total_years_merges_overlaps(developer: ResumeProfile, nurse: ResumeProfile) -> None:
    # 2017-01..2020-01 and 2019-01..2024-06 overlap in 2019: 7.4 years, not 8.4
    assert developer.total_experience_years == 7.4
    # 03/2015 to 11/2018, both months worked (45 months) + Jan 2019 to June 2024, June
    # not over (65 months): 110 months
    assert nurse.total_experience_years == 9.2


def test_relevant_years_counts_only_accepted_entries(developer: ResumeProfile) -> None:
    years = developer.relevant_experience_years(lambda e: "Backend" in (e.title or ""))
    assert years == 5.4


def test_education_level_field_institution_year(
    nurse: ResumeProfile, developer: ResumeProfile
) -> None:
    (edu,) = nurse.education
    assert (edu.level, edu.field, edu.institution, edu.end_year) == (
        "bachelor", "Nursing", "University of Northbridge", 2014,
    )  # fmt: skip
    (msc,) = developer.education
    assert msc.level == "master" and msc.field == "Computer Science" and msc.end_year == 2017
    assert msc.institution == "Wroclaw University of Science and Technology"


def test_skills_use_canonical_names_and_spans(nurse: ResumeProfile) -> None:
    names = set(nurse.skill_names())
    assert {"Intensive care", "Basic Life Support", "Advanced Cardiac Life Support"} <= names
    assert {"Wound care", "Medication administration", "Patient education", "IV therapy"} <= names
    assert "Electronic health records" in names  # "Epic", written with its capital
    for skill in nurse.skills:
        assert NURSE[skill.span.start : skill.span.end] == skill.matched_text


def test_skill_synonyms_case_and_spacing_variants(developer: ResumeProfile) -> None:
    by_text = {s.matched_text: s.canonical for s in developer.skills}
    assert by_text["JS"] == "JavaScript"
    assert by_text["Java Script"] == "JavaScript"
    assert by_text["Node JS"] == "Node.js"
    assert by_text["Java"] == "Java"  # Java is not JavaScript
    assert by_text["Spring Boot"] == "Spring Framework"
    assert "PostgreSQL" in developer.skill_names() and "Apache Spark" in developer.skill_names()


def test_headings_and_contacts_are_not_skills(parser: ResumeParser) -> None:
    profile = parser.parse("Ann Example\nann@github.com\n\nSKILLS\nTeaching, lesson planning\n")
    assert profile.skill_names() == ["Teaching", "Lesson planning"]


def test_certifications_and_languages(nurse: ResumeProfile) -> None:
    assert [c.value for c in nurse.certifications] == [
        "Advanced Cardiac Life Support (ACLS), 2020",
        "Basic Life Support (BLS)",
    ]
    assert [lang.name for lang in nurse.languages] == ["English", "Spanish", "Portuguese"]
    assert "Spanish" not in nurse.skill_names()  # a spoken language is not a skill


def test_json_dict_has_exactly_the_cli_keys(nurse: ResumeProfile) -> None:
    data = nurse.to_json_dict()
    assert list(data) == [
        "name", "emails", "phones", "links", "location", "skills", "education",
        "experience", "total_experience_years", "languages",
    ]  # fmt: skip
    assert data["phones"] == ["+442079460958"]
    assert data["education"][0] == {
        "level": "bachelor", "field": "Nursing", "institution": "University of Northbridge",
        "end_year": 2014,
    }  # fmt: skip
    assert data["experience"][0]["end"] == "present"


def test_no_protected_attributes_and_birth_date_is_not_experience(parser: ResumeParser) -> None:
    text = (
        "Peter Example\nDate of Birth: 04/1990 - Male - Married\nNationality: Examplish\n\n"
        "EXPERIENCE\nWarehouse Operative, Swiftline Logistics\n2016 - 2019\n"
        "Forklift, inventory control\n"
    )
    profile = parser.parse(text)
    assert [(e.start, e.end) for e in profile.experience] == [("2016", "2019")]
    fields = set(profile.__dataclass_fields__)
    assert not fields & {"gender", "age", "date_of_birth", "marital_status", "nationality", "photo"}
    assert "Forklift operation" in profile.skill_names()


def test_resume_without_sections_is_flagged_but_still_read(parser: ResumeParser) -> None:
    text = (
        "Lena Example, lena@example.com. I have taught mathematics for years with lesson "
        "planning and classroom management, and I use Microsoft Excel daily."
    )
    profile = parser.parse(text)
    assert "no recognisable sections" in profile.warnings
    assert [e.value for e in profile.emails] == ["lena@example.com"]
    assert {"Lesson planning", "Classroom management", "Microsoft Excel"} <= set(
        profile.skill_names()
    )


def test_non_english_resume_is_flagged(parser: ResumeParser) -> None:
    text = (
        "Erfahrung\nIch bin seit 2015 als Krankenpfleger in einem großen Krankenhaus tätig und "
        "habe die Verantwortung für die Station. Ich arbeite mit dem Team und den Ärzten, die "
        "auf der Station sind, und ich bin für die Dokumentation der Pflege zuständig. Die "
        "Arbeit mit den Patienten ist mir sehr wichtig, und ich habe eine Weiterbildung in der "
        "Intensivpflege gemacht."
    )
    profile = parser.parse(text)
    assert "text looks non-English (language: de)" in profile.warnings
    assert not any("non-English" in w for w in parser.parse(NURSE).warnings)


def test_parse_many_matches_parse_and_reports_progress(parser: ResumeParser) -> None:
    from analysis.tasks import TaskState

    seen: list[float] = []
    task = TaskState(on_progress=lambda fraction, _text: seen.append(fraction))
    many = parser.parse_many([NURSE, DEVELOPER, NURSE], task=task, batch_size=2)
    assert [p.to_json_dict() for p in many] == [
        parser.parse(t).to_json_dict() for t in (NURSE, DEVELOPER, NURSE)
    ]
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_cancel_stops_parse_many(parser: ResumeParser) -> None:
    from analysis.errors import Cancelled
    from analysis.tasks import TaskState

    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled):
        parser.parse_many([NURSE], task=task)


def test_missing_model_is_a_clear_error() -> None:
    from analysis.errors import ModelUnavailable

    with pytest.raises(ModelUnavailable) as info:
        ResumeParser("/nonexistent/model/dir")
    assert info.value.capability == "resume NLP"


# A resume whose line breaks were lost in extraction (runs of spaces remain where they were),
# with a date of birth on the same "line" as the jobs and a dash lost between two years.
FLATTENED = (
    "Rosa Example  Leeds, United Kingdom  rosa@example.org  Date of Birth : 10.05.1980  "
    "Professional Experience  Brightmart Retail Ltd, Leeds, United Kingdom  Jan 2015 - Dec 2019  "
    "Store Manager  Ran a team of twelve and the weekly stock take.  "
    "Harbour View Hotel  20102014  Night Porter  Looked after guests at night.  "
    "Education  BA (Hons) Business Studies  University of Northbridge"
)


def test_flattened_resume_keeps_its_entries_and_years(parser: ResumeParser) -> None:
    profile = parser.parse(FLATTENED)
    assert [(e.title, e.employer, e.start, e.end) for e in profile.experience] == [
        ("Store Manager", "Brightmart Retail Ltd", "2015-01", "2019-12"),
        ("Night Porter", "Harbour View Hotel", "2010", "2014"),
    ]
    # Jan 2015 - Dec 2019 counts both months: 5.0 years, plus 2010 to 2014: 4.0
    assert profile.total_experience_years == 9.0
    assert [(e.level, e.institution) for e in profile.education] == [
        ("bachelor", "University of Northbridge")
    ]
