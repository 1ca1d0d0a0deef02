"""Redaction: protected details are blotted (same length, same offsets), nothing else
is, and the scoring input keeps no fact read from a protected block."""

from __future__ import annotations

import dataclasses

from analysis.resume.model import (
    EducationEntry,
    ExperienceEntry,
    ResumeProfile,
    Skill,
    Span,
)
from analysis.scoring import BLOT, ScoringInput, build_scoring_input, protected_spans, redact
from tests.analysis.scoring_support import parse

RESUME = """\
Mrs. Grace Adebayo
14 Willow Street, Leeds, United Kingdom | grace.a@example.com | +44 113 496 0123
linkedin.com/in/grace-adebayo-demo
[Photo: grace_headshot.jpg]
Date of Birth: 04/09/1986 | Age: 38 | Gender: Female
Marital Status: Married | Nationality: Nigerian
Pronouns: she/her

SUMMARY
Backend engineer, 38 years old; she has led payment teams and keeps her services on-call ready.

EXPERIENCE
Senior Backend Engineer, Fernway Payments
Feb 2019 - Present
- Built REST APIs in Python on PostgreSQL; cut latency by 40%.

SKILLS
Python, PostgreSQL, Docker, photo-editing, aged care, Agile, 900 ms budgets
"""

PROTECTED = [
    "Grace", "Adebayo", "Mrs.", "14 Willow Street", "Leeds", "United Kingdom",
    "grace.a@example.com",
    "+44 113 496 0123", "linkedin.com/in/grace-adebayo-demo", "grace_headshot.jpg", "04/09/1986",
    "Age: 38", "Female", "Married", "Nigerian", "she/her", "38 years old", " she ", " her ",
]  # fmt: skip
KEPT = [
    "Backend engineer", "Senior Backend Engineer, Fernway Payments", "Feb 2019 - Present",
    "Built REST APIs in Python on PostgreSQL; cut latency by 40%.", "on-call ready",
    "Python, PostgreSQL, Docker, photo-editing, aged care, Agile, 900 ms budgets",
]  # fmt: skip


def test_redact_blots_spans_and_keeps_length_and_line_breaks() -> None:
    text = "name: Ada\nskills: Go\n"
    redacted = redact(text, [Span(0, 12)])
    assert len(redacted) == len(text)
    assert redacted == BLOT * 9 + "\n" + BLOT * 2 + "ills: Go\n"


def test_protected_details_are_blotted_and_the_rest_is_untouched() -> None:
    profile = parse(RESUME)
    spans = protected_spans(profile)
    redacted = redact(profile.text, spans.all())
    for value in PROTECTED:
        assert value not in redacted, value
    for value in KEPT:
        assert value in redacted, value
    # outside the protected spans, every character is the original one
    inside = {i for s in spans.all() for i in range(s.start, s.end)}
    assert all(redacted[i] == profile.text[i] for i in range(len(profile.text)) if i not in inside)


def test_ordinary_words_that_look_like_labels_are_not_blotted() -> None:
    text = (
        "Skills: photo-editing, aged care, Agile, Usage: high, 900 ms, single sign-on, Stage - 2\n"
    )
    profile = _profile(text)
    assert protected_spans(profile).all() == ()


def test_address_written_below_its_label_is_blotted() -> None:
    text = "Jane Roe\nAddress:\n7 Harbour View\nPortsmouth PO1 3AX\n\nSKILLS\nExcel\n"
    redacted = redact(text, protected_spans(_profile(text)).all())
    assert "Harbour" not in redacted and "PO1" not in redacted
    assert "SKILLS\nExcel" in redacted


def test_scoring_input_has_no_field_for_protected_details() -> None:
    fields = {f.name for f in dataclasses.fields(ScoringInput)}
    assert fields == {
        "text",
        "skills",
        "experience",
        "education",
        "certifications",
        "languages",
        "today",
    }


def test_scoring_input_clears_employers_and_titles() -> None:
    data = build_scoring_input(parse(RESUME))
    assert data.experience
    assert all(e.employer is None and e.title is None for e in data.experience)
    assert "Fernway" not in repr(data.experience)


def test_a_skill_read_from_the_name_is_dropped_but_kept_elsewhere() -> None:
    text = "Ruby Okafor\nruby.okafor@example.com\n\nSKILLS\nPython, SQL\n"
    with_skill_elsewhere = text.replace("Python, SQL", "Python, SQL, Ruby")
    profile = parse(text)
    assert "Ruby" in profile.skill_names()  # the parser reads the name as a skill...
    assert "Ruby" not in [
        s.canonical for s in build_scoring_input(profile).skills
    ]  # ...scoring does not
    kept = build_scoring_input(parse(with_skill_elsewhere)).skills
    assert [s.canonical for s in kept].count("Ruby") == 1


def test_gender_words_are_blotted_but_skills_around_them_stay() -> None:
    text = "SKILLS\nWomen's health, midwifery\n"
    skill = Skill("Women's health", "Women's health", Span(7, 21))
    data = build_scoring_input(_profile(text, skills=(skill,)))
    assert data.skills == (skill,)
    assert "Women" not in data.text


def test_dates_read_from_a_date_of_birth_line_are_dropped() -> None:
    text = "Date of birth: 03/1990 - 04/1990\nEXPERIENCE\nClerk\n2015 - 2019\n"
    birth = ExperienceEntry(None, None, "1990-03", "1990-04", Span(0, 32), date_span=Span(15, 32))
    work = ExperienceEntry(
        "Clerk", None, "2015-01", "2019-01", Span(44, 61), date_span=Span(50, 61)
    )
    degree = EducationEntry(
        "bachelor", "BA", None, None, None, Span(0, 13), degree_span=Span(0, 13)
    )
    data = build_scoring_input(_profile(text, experience=(birth, work), education=(degree,)))
    assert [e.start for e in data.experience] == ["2015-01"]
    assert data.education == ()


def _profile(
    text: str,
    *,
    skills: tuple[Skill, ...] = (),
    experience: tuple[ExperienceEntry, ...] = (),
    education: tuple[EducationEntry, ...] = (),
) -> ResumeProfile:
    """A hand-built profile, for checks of redaction that must not depend on the parser."""
    return ResumeProfile(
        text=text, name=None, emails=(), phones=(), links=(), location=None, sections=(),
        skills=skills, experience=experience, education=education,
        certifications=(), languages=(), total_experience_years=0.0,
        today="2025-06",
    )  # fmt: skip
