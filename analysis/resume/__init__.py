"""Resume parsing: text in, a `ResumeProfile` with source spans out."""

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
from analysis.resume.parser import ResumeParser
from analysis.resume.taxonomy import CustomSkill, SkillConcept, Taxonomy, TaxonomyError

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
