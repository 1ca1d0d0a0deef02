"""A role's screening criteria: what a recruiter asks for, as plain frozen data.

The criteria are edited in a form, stored as a new version on every save and
exchanged as YAML (`criteria_yaml`). These classes hold values only; every check
lives in one place, `criteria_yaml.criteria_from_dict`, so a form, an imported
file and a stored row are validated by the same rules (`validate_criteria`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from analysis.errors import CandorError
from analysis.resume.model import EducationLevel

SCHEMA_VERSION = 1  # of the YAML format; a newer file is refused

# Lowest first: the position in this tuple is the level's rank.
EDUCATION_LEVELS: tuple[EducationLevel, ...] = (
    "high_school",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
PartName = Literal["must_haves", "skills", "experience", "education", "keywords"]
PART_NAMES: tuple[PartName, ...] = ("must_haves", "skills", "experience", "education", "keywords")


def education_rank(level: EducationLevel) -> int:
    """0 for high school up to 4 for a doctorate."""
    return EDUCATION_LEVELS.index(level)


@dataclass(frozen=True)
class SkillCriterion:
    """A preferred skill (a canonical taxonomy name) and how much it counts (> 0)."""

    skill: str
    weight: float = 1.0


@dataclass(frozen=True)
class ComponentWeights:
    """How the resume score and a later interview score combine for this role.

    The two must add up to 1. The defaults favour the resume for the reasons given
    in `analysis.answers.combine` (the interview assessment is the noisier signal).
    """

    resume: float = 0.6
    interview: float = 0.4


@dataclass(frozen=True)
class PartWeights:
    """Points budget of each score part (their sum is scaled to 100).

    Defaults: must-haves 30 and preferred skills 35 carry most of the score because
    they are what the recruiter named; relevant experience 20; education 10 because a
    degree is a coarse signal that under-rates people from non-traditional paths;
    keywords 5 because free-text matching is the weakest evidence. A part the role
    does not use (no keywords, no minimum education, ...) gets no budget, and the
    others are rescaled so every role still scores out of 100.
    """

    must_haves: float = 30.0
    skills: float = 35.0
    experience: float = 20.0
    education: float = 10.0
    keywords: float = 5.0

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in PART_NAMES}


@dataclass(frozen=True)
class RoleCriteria:
    """Everything the resume score of a role is computed from.

    `relevant_skills_for_years`: an experience entry counts towards `min_years` when
    it mentions one of these skills (or a narrower one); when empty, the must-have
    and preferred skills are used instead; when the role names no skills at all,
    every entry counts.
    """

    title: str
    description: str = ""
    must_have: tuple[str, ...] = ()
    preferred: tuple[SkillCriterion, ...] = ()
    min_years: float | None = None
    relevant_skills_for_years: tuple[str, ...] = ()
    min_education: EducationLevel | None = None
    keywords: tuple[str, ...] = ()
    part_weights: PartWeights = field(default_factory=PartWeights)
    components: ComponentWeights = field(default_factory=ComponentWeights)
    version: int = 1

    def skills_for_years(self) -> tuple[str, ...]:
        if self.relevant_skills_for_years:
            return self.relevant_skills_for_years
        return tuple(dict.fromkeys((*self.must_have, *(p.skill for p in self.preferred))))

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the YAML file's key order (see docs/role-yaml.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "title": self.title,
            "description": self.description,
            "version": self.version,
            "must_have": list(self.must_have),
            "preferred": [{"skill": p.skill, "weight": p.weight} for p in self.preferred],
            "min_years": self.min_years,
            "relevant_skills_for_years": list(self.relevant_skills_for_years),
            "min_education": self.min_education,
            "keywords": list(self.keywords),
            "part_weights": self.part_weights.as_dict(),
            "components": {
                "resume": self.components.resume,
                "interview": self.components.interview,
            },
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a criteria file: where (`path`, `line` when known) and what."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class CriteriaInvalid(CandorError):
    """The role criteria have one or more problems; nothing was saved.

    `problems` lists every problem found (not just the first), so the recruiter can
    fix them all in one go. Criteria are not candidate data, so the messages may
    quote them.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(
            f"The role criteria have {count} {noun}; nothing was saved:\n{lines}",
            "Fix each problem listed and try again (docs/role-yaml.md describes the format).",
        )


def applicable_parts(criteria: RoleCriteria) -> dict[PartName, bool]:
    """Which parts the role uses: a part with no criterion behind it gets no budget."""
    return {
        "must_haves": bool(criteria.must_have),
        "skills": bool(criteria.preferred),
        "experience": criteria.min_years is not None,
        "education": criteria.min_education is not None,
        "keywords": bool(criteria.keywords),
    }
