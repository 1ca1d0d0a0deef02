"""The resume's own skills list (`listed_skills`, `reported_skills`) against the taxonomy
mentions scoring reads (`skills`), on hand-written resumes of fictional people."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser, ResumeProfile
from analysis.scoring.scoring_input import build_scoring_input

DATA_ENGINEER = """Idris Vandermeer
Data Engineer | idris.v@example.net

EXPERIENCE
Data Engineer, Lowfield Analytics
2019 - Present
Built batch pipelines with Apache Spark and Airflow on AWS.

TECHNICAL SKILLS
Languages: Python, SQL (5 years), Scala
Databases: PostgreSQL; Snowflake
• Data modelling • Quorum Ledger Toolkit
Experienced in designing robust systems for teams in many time zones, with Terraform.
Languages: English, Dutch
https://github.com/idris-v-example

SAP FICO SKILL SET:
Asset accounting, Bank reconciliation
"""


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


@pytest.fixture(scope="module")
def engineer(parser: ResumeParser) -> ResumeProfile:
    return parser.parse(DATA_ENGINEER)


def test_skills_list_items_are_split_labels_and_notes_dropped(engineer: ResumeProfile) -> None:
    listed = {s.written: s for s in engineer.listed_skills}
    assert {"Python", "SQL", "Scala", "PostgreSQL", "Snowflake"} <= set(listed)
    assert not any(":" in w or "years" in w or "Databases" in w for w in listed)
    assert all(DATA_ENGINEER[s.span.start : s.span.end] == s.written for s in listed.values())


def test_known_items_take_the_taxonomy_name_unknown_ones_stay_as_written(
    engineer: ResumeProfile,
) -> None:
    listed = {s.written: s for s in engineer.listed_skills}
    assert (listed["Data modelling"].name, listed["Data modelling"].known) == (
        "Data modeling",
        True,
    )
    assert (listed["Quorum Ledger Toolkit"].name, listed["Quorum Ledger Toolkit"].known) == (
        "Quorum Ledger Toolkit",
        False,
    )


def test_a_sentence_in_the_skills_list_gives_only_its_taxonomy_terms(
    engineer: ResumeProfile,
) -> None:
    reported = engineer.reported_skills()
    assert "Terraform" in reported
    assert not any("designing" in s or "time zones" in s for s in reported)


def test_spoken_languages_and_links_are_not_listed_skills(engineer: ResumeProfile) -> None:
    reported = engineer.reported_skills()
    assert "English" not in reported and "Dutch" not in reported
    assert not any("github" in s.lower() for s in reported)


def test_a_heading_ending_in_skill_set_starts_a_skills_list(engineer: ResumeProfile) -> None:
    assert [s.name for s in engineer.sections] == ["experience", "skills", "skills"]
    assert {"Asset accounting", "Reconciliation"} <= set(engineer.reported_skills())


def test_skills_used_only_in_jobs_are_evidence_for_scoring_not_listed(
    engineer: ResumeProfile,
) -> None:
    assert "Apache Spark" not in engineer.reported_skills()
    assert "Apache Spark" in engineer.skill_names()
    assert "Apache Spark" in {s.canonical for s in build_scoring_input(engineer).skills}


def test_parse_output_reports_the_skills_list(engineer: ResumeProfile) -> None:
    assert engineer.to_json_dict()["skills"] == engineer.reported_skills()
    assert engineer.reported_skills()[:3] == ["Python", "SQL", "Scala"]


def test_without_a_skills_list_the_taxonomy_mentions_are_reported(parser: ResumeParser) -> None:
    profile = parser.parse(
        "Ola Example\nola@example.com\n\nEXPERIENCE\nTeacher, Hillside School\n2015 - 2020\n"
        "Lesson planning and classroom management for forty pupils.\n"
    )
    assert profile.listed_skills == ()
    assert profile.reported_skills() == profile.skill_names()
    assert {"Lesson planning", "Classroom management"} <= set(profile.reported_skills())


def test_praise_lines_and_bullets_ending_in_skills_are_items_not_headings(
    parser: ResumeParser,
) -> None:
    profile = parser.parse(
        "Noor Example\nnoor@example.com\n\nSKILLS\nExcellent Communication Skills\n"
        "• Negotiation Skills\nBookkeeping, Payroll\n"
    )
    assert [s.name for s in profile.sections] == ["skills"]
    assert "Excellent Communication Skills" in profile.reported_skills()
    assert {"Bookkeeping", "Payroll"} <= set(profile.reported_skills())


def test_a_job_line_the_skills_list_runs_into_is_not_a_skill(parser: ResumeParser) -> None:
    profile = parser.parse(
        "Tess Example\ntess@example.com\n\nCORE SKILLS\nWelding, Forklift\n"
        "Site Foreman, Brackley Builders  March 2012 - June 2016\n"
    )
    assert not any("Brackley" in s for s in profile.reported_skills())
    assert "Forklift operation" in profile.reported_skills()
