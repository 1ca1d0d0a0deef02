"""Resume parsing: text in, a `ResumeProfile` with source spans out.

`ResumeParser` is imported on first use: it pulls in spaCy (~0.7 s), which code
that only reads stored profiles (and the app's start-up) must not pay for.
"""

from typing import TYPE_CHECKING, Any

from analysis.resume.model import (
    EducationEntry,
    Email,
    ExperienceEntry,
    Language,
    Link,
    Phone,
    ResumeProfile,
    Section,
    Skill,
    Span,
    TextValue,
)
from analysis.resume.taxonomy import CustomSkill, SkillConcept, Taxonomy, TaxonomyError

if TYPE_CHECKING:
    from analysis.resume.parser import ResumeParser


def __getattr__(name: str) -> Any:
    if name == "ResumeParser":
        from analysis.resume.parser import ResumeParser

        return ResumeParser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CustomSkill",
    "EducationEntry",
    "Email",
    "ExperienceEntry",
    "Language",
    "Link",
    "Phone",
    "ResumeParser",
    "ResumeProfile",
    "Section",
    "Skill",
    "SkillConcept",
    "Span",
    "Taxonomy",
    "TaxonomyError",
    "TextValue",
]
