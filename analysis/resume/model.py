"""Typed results of resume parsing.

Every extracted value keeps the character span it came from, so the UI can
highlight it in the resume text. Contact details (name, emails, phones, links,
location) are kept apart from what scoring may read (skills, experience,
education, certifications, languages): scoring must never see the former.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

EducationLevel = Literal["high_school", "associate", "bachelor", "master", "doctorate"]
LinkKind = Literal["linkedin", "github", "portfolio", "other"]


@dataclass(frozen=True)
class Span:
    """Character offsets `[start, end)` into the resume text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class TextValue:
    """A piece of text found at a span (a name, a location, a certification)."""

    value: str
    span: Span


@dataclass(frozen=True)
class Email:
    value: str
    span: Span


@dataclass(frozen=True)
class Phone:
    e164: str
    raw: str
    span: Span


@dataclass(frozen=True)
class Link:
    kind: LinkKind
    url: str
    span: Span


@dataclass(frozen=True)
class Skill:
    canonical: str
    matched_text: str
    span: Span


@dataclass(frozen=True)
class ListedSkill:
    """An item of the resume's own skills list: its taxonomy name when it is a known
    skill (`known`), else the item as written ("Quality audits", "SAP FICO")."""

    name: str
    written: str
    span: Span
    known: bool


@dataclass(frozen=True)
class Language:
    """A spoken language (canonical name, e.g. "Spanish") and where it was seen."""

    name: str
    span: Span


@dataclass(frozen=True)
class Section:
    """A resume section: canonical name (experience, education, skills, summary,
    certifications, languages, projects, other) and where heading and body lie."""

    name: str
    heading_span: Span
    body_span: Span


@dataclass(frozen=True)
class ExperienceEntry:
    title: str | None
    employer: str | None
    start: str | None  # "YYYY-MM"
    end: str | None  # "YYYY-MM" or "present"
    span: Span  # the whole entry (dates line through description)
    title_span: Span | None = None
    employer_span: Span | None = None
    date_span: Span | None = None


@dataclass(frozen=True)
class EducationEntry:
    level: EducationLevel | None
    degree: str | None  # the degree phrase as written ("B.E in Computer Science")
    field: str | None
    institution: str | None
    end_year: int | None
    span: Span
    degree_span: Span | None = None
    institution_span: Span | None = None


@dataclass(frozen=True)
class ResumeProfile:
    text: str
    # --- identity and contact: for display only, never for scoring ---
    name: TextValue | None
    emails: tuple[Email, ...]
    phones: tuple[Phone, ...]
    links: tuple[Link, ...]
    location: TextValue | None  # city and/or country only, never a street address
    # --- structure and qualifications: what scoring may read ---
    sections: tuple[Section, ...]
    skills: tuple[Skill, ...]
    """Every mention of a taxonomy skill anywhere in the text: the evidence scoring
    reads (a skill used in a job counts towards that job's years)."""
    experience: tuple[ExperienceEntry, ...]
    education: tuple[EducationEntry, ...]
    certifications: tuple[TextValue, ...]
    languages: tuple[Language, ...]
    total_experience_years: float
    warnings: tuple[str, ...] = field(default_factory=tuple)
    today: str = ""  # "YYYY-MM" that "present" resolved to
    listed_skills: tuple[ListedSkill, ...] = ()
    """The items of the resume's own skills list(s), known or not to the taxonomy."""

    def skill_names(self) -> list[str]:
        """Distinct canonical skill names in order of first mention."""
        return list(dict.fromkeys(s.canonical for s in self.skills))

    def reported_skills(self) -> list[str]:
        """The skills the resume claims: its skills list when it has one (phrases the
        taxonomy does not know included), else the taxonomy skills mentioned anywhere."""
        if not self.listed_skills:
            return self.skill_names()
        names: dict[str, str] = {}
        for s in self.listed_skills:
            names.setdefault(s.name.lower(), s.name)
        return list(names.values())

    def relevant_experience_years(self, is_relevant: Callable[[ExperienceEntry], bool]) -> float:
        """Years in the entries `is_relevant` accepts, overlapping periods merged once."""
        from analysis.resume.dates import merged_years

        return merged_years([e for e in self.experience if is_relevant(e)], self.today)

    def to_json_dict(self) -> dict[str, Any]:
        """The `parse` CLI's keys (the caller adds `file` and `status`)."""
        return {
            "name": self.name.value if self.name else None,
            "emails": [e.value for e in self.emails],
            "phones": [p.e164 for p in self.phones],
            "links": [link.url for link in self.links],
            "location": self.location.value if self.location else None,
            "skills": self.reported_skills(),
            "education": [
                {
                    "level": e.level,
                    "field": e.field,
                    "institution": e.institution,
                    "end_year": e.end_year,
                }
                for e in self.education
            ],
            "experience": [
                {"title": e.title, "employer": e.employer, "start": e.start, "end": e.end}
                for e in self.experience
            ],
            "total_experience_years": self.total_experience_years,
            "languages": list(dict.fromkeys(lang.name for lang in self.languages)),
        }
