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
    assert "Excellent Communication Skills" in {s.written for s in profile.listed_skills}
    assert {"Communication", "Bookkeeping", "Payroll"} <= set(profile.reported_skills())


def test_a_job_line_the_skills_list_runs_into_is_not_a_skill(parser: ResumeParser) -> None:
    profile = parser.parse(
        "Tess Example\ntess@example.com\n\nCORE SKILLS\nWelding, Forklift\n"
        "Site Foreman, Brackley Builders  March 2012 - June 2016\n"
    )
    assert not any("Brackley" in s for s in profile.reported_skills())
    assert "Forklift operation" in profile.reported_skills()


def _listed(parser: ResumeParser, skills_section: str) -> list[str]:
    profile = parser.parse(f"Rae Example\nrae@example.com\n\nSKILLS\n{skills_section}")
    return [s.written for s in profile.listed_skills]


def test_a_list_ends_at_the_heading_of_a_section_the_parser_does_not_know(
    parser: ResumeParser,
) -> None:
    written = _listed(
        parser, "Payroll, Bookkeeping\nCERTIFICATIONS/LICENSES\nChartered Fleet Auditor\n"
    )
    assert written == ["Payroll", "Bookkeeping"]


def test_a_list_ends_where_a_job_entry_begins(parser: ResumeParser) -> None:
    written = _listed(
        parser,
        "Forklift, Stock control\n\nWarehouse Supervisor\n\nQuillan Depots -  Leeds -\n\n"
        "March 2015 to June 2019\n\nRan night shifts, Loading bays\n",
    )
    assert written == ["Forklift", "Stock control"]


def test_lead_ins_and_dangling_conjunctions_are_trimmed_from_items(
    parser: ResumeParser,
) -> None:
    written = _listed(parser, "Knowledge of Kubernetes, Terraform and\n& Ansible, Jira etc.\n")
    assert written == ["Kubernetes", "Terraform", "Ansible", "Jira"]


def test_category_labels_without_a_colon_are_not_skills(parser: ResumeParser) -> None:
    written = _listed(
        parser, "Build Tools\nMaven, Gradle\nProgramming Languages Kotlin, Go\nDatabases Redis\n"
    )
    assert written == ["Maven", "Gradle", "Kotlin", "Go", "Redis"]


def test_a_list_in_brackets_gives_items_a_duration_note_does_not(
    parser: ResumeParser,
) -> None:
    written = _listed(parser, "MS Office (Word, Excel, PowerPoint), Tableau (Less\nthan 1 year)\n")
    assert written == ["MS Office", "Word", "Excel", "PowerPoint", "Tableau"]


def test_a_wrapped_sentence_stays_a_sentence_on_its_next_line(parser: ResumeParser) -> None:
    profile = parser.parse(
        "Rae Example\nrae@example.com\n\nSKILLS\n"
        "Led regional teams through budget planning and\nsupplier talks, quarterly plans, "
        "payroll\n"
    )  # a sentence gives only its taxonomy terms
    assert profile.reported_skills() == ["Budgeting", "Payroll"]


def test_items_after_like_or_such_as_are_a_list(parser: ResumeParser) -> None:
    written = _listed(
        parser, "Worked with survey rigs such as Quorvex, Dalnet probes, and Strella\n"
    )
    assert written == ["Quorvex", "Dalnet probes", "Strella"]


def test_joined_known_skills_are_reported_apart_with_versions_and_praise_ignored(
    parser: ResumeParser,
) -> None:
    profile = parser.parse(
        "Rae Example\nrae@example.com\n\nSKILLS\n"
        "Unix and Windows, Java/J2EE, SQL Server 2012, Good team player, Lantern Forms 3.1\n"
    )
    listed = {s.written: s.name for s in profile.listed_skills}
    assert listed["Unix"] == "UNIX" and listed["Windows"] == "Windows"
    assert listed["SQL Server 2012"] == "Microsoft SQL Server"
    assert listed["Good team player"] == "Teamwork"
    assert listed["Lantern Forms 3.1"] == "Lantern Forms 3.1"  # unknown: kept as written
    assert "Java" in profile.reported_skills()


def test_places_contacts_and_the_name_footer_are_not_skills(parser: ResumeParser) -> None:
    profile = parser.parse(
        "Rae Example\nrae@example.com\n\nSKILLS\nPayroll\n"
        "Willing to relocate to: Pune, Maharashtra\n@ Bookkeeping @ Invoicing\n"
        "RAE M EXAMPLE\n"
    )
    assert profile.reported_skills() == ["Payroll", "Bookkeeping", "Invoicing"]


def test_common_skills_of_several_professions_are_known(parser: ResumeParser) -> None:
    taxonomy = parser.taxonomy
    for written, name in [
        ("tomcat", "Apache Tomcat"), ("SSIS", "Microsoft SSIS"), ("Splunk", "Splunk"),
        ("SDLC", "Software development life cycle"), ("UAT", "User acceptance testing"),
        ("STAAD Pro", "STAAD.Pro"), ("telecalling", "Telesales"),
        ("quick learner", "Quick learning"),
    ]:  # fmt: skip
        assert taxonomy.canonical(written) == name
