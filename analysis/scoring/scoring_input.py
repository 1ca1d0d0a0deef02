"""The only view of a resume that scoring gets.

`ScoringInput` is built from a `ResumeProfile` by copying across what a role's
criteria may judge (skills, experience periods, education levels, certifications,
spoken languages) and the resume text with protected details blotted out. It has
no field for a name, contact detail, location, photo, gender, age, date of birth,
marital status or nationality, so the scorer, which reads nothing else, cannot
use them.

Deliberately left out as well:
- employers and job titles: not criteria, and an employer's name can stand in for
  a community or a class (an experience entry keeps its period and spans only);
- the institution and field of a degree: institution prestige is a well-known proxy
  for class and ethnicity, and the criteria ask for a level, not a school.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis.resume.model import (
    EducationLevel,
    ExperienceEntry,
    Language,
    ResumeProfile,
    Skill,
    Span,
    TextValue,
)
from analysis.scoring.redaction import overlaps, protected_spans, redact


@dataclass(frozen=True)
class EducationFacts:
    level: EducationLevel | None
    span: Span  # the degree as written, for evidence


@dataclass(frozen=True)
class ScoringInput:
    text: str
    """The resume text with protected spans blotted; same length, so spans still fit."""
    skills: tuple[Skill, ...]
    experience: tuple[ExperienceEntry, ...]
    """Periods and spans only: title and employer are cleared."""
    education: tuple[EducationFacts, ...]
    certifications: tuple[TextValue, ...]
    languages: tuple[Language, ...]
    today: str


def build_scoring_input(profile: ResumeProfile) -> ScoringInput:
    """Copy the scorable facts; drop any that lie inside a protected block (a skill
    read from a name, a "date" read from a date of birth)."""
    protected = protected_spans(profile)
    blocks = protected.blocks
    text = redact(profile.text, protected.all())
    experience = tuple(
        replace(entry, title=None, employer=None, employer_span=None)
        for entry in profile.experience
        if entry.date_span is None or not overlaps(entry.date_span, blocks)
    )
    education = tuple(
        EducationFacts(entry.level, entry.degree_span or entry.span)
        for entry in profile.education
        if not overlaps(entry.degree_span or entry.span, blocks)
    )
    return ScoringInput(
        text=text,
        skills=tuple(s for s in profile.skills if not overlaps(s.span, blocks)),
        experience=experience,
        education=education,
        certifications=tuple(
            TextValue(c.span.text_of(text), c.span)
            for c in profile.certifications
            if not overlaps(c.span, blocks)
        ),
        languages=tuple(lang for lang in profile.languages if not overlaps(lang.span, blocks)),
        today=profile.today,
    )
