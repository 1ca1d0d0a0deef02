"""Scoring never reads protected details: resumes that differ only in name, contact
details, address, photo, gender words, date of birth and age, marital status and
nationality get identical screenings (offsets may shift; points, explanations and
evidence texts may not)."""

from __future__ import annotations

from analysis.scoring import Scorer, Screening, load_criteria_yaml
from tests.analysis.scoring_support import parse, taxonomy

ROLE = """\
title: Backend Engineer
must_have: [Python, PostgreSQL, Kubernetes]
preferred:
  - {skill: Docker, weight: 2}
  - {skill: Ruby, weight: 1}
  - {skill: Back-end development, weight: 1}
  - {skill: Databases, weight: 1}
min_years: 5
min_education: master
keywords: [on-call, latency, Leeds, female, married]
"""

TEMPLATE = """\
{honorific} {name}
{street}, {city}, {country} | {email} | {phone}
{photo}
Date of Birth: {dob} | Age: {age} | Gender: {gender}
Marital Status: {marital} | Nationality: {nationality}
Pronouns: {pronouns}

SUMMARY
Backend engineer; {subject} has led payment teams and keeps {possessive} services on-call ready.

EXPERIENCE
Senior Backend Engineer, Fernway Payments - Leeds
Feb 2019 - Present
- Built REST APIs in Python and Django on Postgres; cut latency by 40%.
- Ran Docker images on AWS.

Software Developer, Brightmoor Systems - Sheffield
06/2015 to 01/2019
- Wrote SQL reports and Java services.

EDUCATION
MSc Computer Science, University of Sheffield, 2015

SKILLS
Python, Django, Postgres, Docker, SQL, Java, Databases
"""

PEOPLE = [
    dict(
        honorific="Mrs.", name="Grace Adebayo-Lindqvist", street="14 Willow Street", city="Leeds",
        country="United Kingdom", email="grace.al@example.com", phone="+44 113 496 0123",
        photo="[Photo: grace_headshot.jpg]", dob="04/09/1986", age="38", gender="Female",
        marital="Married", nationality="Nigerian", pronouns="she/her",
        subject="she", possessive="her",
    ),
    dict(
        honorific="Mr.", name="Tomasz Kowalczyk", street="221 Elm Road", city="Gdansk",
        country="Poland", email="t.kowalczyk@example.org", phone="+48 58 555 0199",
        photo="", dob="17/12/1961", age="63", gender="Male",
        marital="Single", nationality="Polish", pronouns="he/him", subject="he", possessive="his",
    ),
    # a name that is also a skill the role asks for: it must earn nothing
    dict(
        honorific="Ms.", name="Ruby Chen", street="9 Harbour Lane", city="Leeds",
        country="United Kingdom", email="ruby.chen@example.net", phone="+44 113 496 0456",
        photo="photo.png", dob="01/01/1999", age="26", gender="Female",
        marital="Divorced", nationality="Chinese", pronouns="they/them",
        subject="she", possessive="her",
    ),
]  # fmt: skip


def comparable(screening: Screening) -> object:
    return (
        screening.score,
        screening.meets_must_haves,
        screening.missing,
        screening.label,
        [
            (p.name, p.points, p.max_points, p.weight, p.explanation, [e.text for e in p.evidence])
            for p in screening.parts
        ],
    )


def test_changing_only_protected_details_changes_nothing_in_the_screening() -> None:
    scorer = Scorer(load_criteria_yaml(ROLE, taxonomy()), taxonomy())
    texts = [TEMPLATE.format(**person) for person in PEOPLE]
    profiles = [parse(text) for text in texts]
    assert len({p.name.value if p.name else "" for p in profiles}) == 3  # they really differ
    assert "Ruby" in profiles[2].skill_names()  # the parser reads the name as a skill
    screenings = [scorer.score(p) for p in profiles]
    first = comparable(screenings[0])
    for other in screenings[1:]:
        assert comparable(other) == first
    # the screening is not empty: most parts earned something, with evidence
    assert 0 < screenings[0].score < 100
    assert screenings[0].missing == ("Kubernetes",)
    assert all(p.evidence for p in screenings[0].parts if p.name != "keywords" or p.points)


def test_the_comparison_does_see_a_change_in_qualifications() -> None:
    scorer = Scorer(load_criteria_yaml(ROLE, taxonomy()), taxonomy())
    text = TEMPLATE.format(**PEOPLE[0])
    without_docker = text.replace("Docker images", "virtual machines").replace(", Docker,", ",")
    assert comparable(scorer.score(parse(text))) != comparable(scorer.score(parse(without_docker)))
