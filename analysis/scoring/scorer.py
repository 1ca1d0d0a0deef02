"""Scoring resumes against a role: named parts, evidence, a rank, no rejection.

A `Scorer` is built once per role (criteria version): it validates the criteria and
precomputes which candidate skills earn which credit, so scoring one resume is a
handful of dictionary look-ups and regex scans (well under a millisecond for a
typical resume). It reads a `ScoringInput` only; see scoring_input.py for why that
makes protected details unreadable to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.resume.model import ResumeProfile, Skill
from analysis.resume.taxonomy import Taxonomy, normalise_term
from analysis.scoring import parts
from analysis.scoring.criteria import PART_NAMES, PartName, RoleCriteria, applicable_parts
from analysis.scoring.matching import NARROWER_DEPTH, PARTIAL_CREDIT, SkillIndex, TermFinder
from analysis.scoring.results import (
    SCORING_VERSION,
    ScorePart,
    ScoringSettings,
    Screening,
    label_for,
)
from analysis.scoring.scoring_input import ScoringInput, build_scoring_input
from analysis.scoring.validation import validate_criteria
from analysis.tasks import Task


def part_shares(criteria: RoleCriteria) -> dict[PartName, float]:
    """Each part's share of the score: its budget over the used parts' total (0 if unused)."""
    used = applicable_parts(criteria)
    budgets = criteria.part_weights.as_dict()
    total = sum(budgets[name] for name in PART_NAMES if used[name])
    return {
        name: (budgets[name] / total if used[name] and total > 0 else 0.0) for name in PART_NAMES
    }


class Scorer:
    def __init__(self, criteria: RoleCriteria, taxonomy: Taxonomy) -> None:
        """Raises `CriteriaInvalid` if the criteria do not pass validation."""
        self.criteria = validate_criteria(criteria, taxonomy)
        c = self.criteria
        skills = list(
            dict.fromkeys(
                (*c.must_have, *(p.skill for p in c.preferred), *c.relevant_skills_for_years)
            )
        )
        self._index = SkillIndex(taxonomy, skills)
        self._terms = TermFinder(taxonomy, skills)
        year_skills = c.skills_for_years()
        self._relevant = self._index.full_credit_names(year_skills) if year_skills else None
        self._keywords = [(k, parts.keyword_pattern(k)) for k in c.keywords]
        self._shares = part_shares(c)
        self.settings = ScoringSettings(
            scoring_version=SCORING_VERSION,
            partial_credit=PARTIAL_CREDIT,
            narrower_depth=NARROWER_DEPTH,
            education_below_credit=parts.EDUCATION_BELOW_CREDIT,
            part_weights=tuple(c.part_weights.as_dict().items()),
        )

    def score(self, profile: ResumeProfile) -> Screening:
        return self.score_input(build_scoring_input(profile))

    def score_many(
        self, profiles: Sequence[ResumeProfile], *, task: Task | None = None
    ) -> list[Screening]:
        screenings = []
        for i, profile in enumerate(profiles):
            if task is not None and i % 16 == 0:
                task.check()
                task.progress(i / max(1, len(profiles)), "Scoring resumes")
            screenings.append(self.score(profile))
        if task is not None:
            task.progress(1.0, "Resumes scored")
        return screenings

    def score_input(self, data: ScoringInput) -> Screening:
        mentions = self._mentions(data)
        must, missing = parts.must_haves(data, self.criteria, self._index, mentions)
        outcomes = (
            must,
            parts.preferred_skills(data, self.criteria, self._index, mentions),
            parts.experience(data, self.criteria, self._relevant, mentions),
            parts.education(data, self.criteria),
            parts.keywords(data, self._keywords),
        )
        score_parts = tuple(self._points(o) for o in outcomes)
        return Screening(
            score=round(sum(p.points for p in score_parts), 2),
            parts=score_parts,
            meets_must_haves=not missing,
            missing=missing,
            label=label_for(missing),
            criteria_version=self.criteria.version,
            settings=self.settings,
        )

    def _points(self, outcome: parts.PartOutcome) -> ScorePart:
        weight = self._shares[outcome.name]
        max_points = round(100.0 * weight, 2)
        return ScorePart(
            name=outcome.name,
            points=round(max_points * outcome.fraction, 2),
            max_points=max_points,
            weight=round(weight, 4),
            explanation=outcome.explanation,
            evidence=outcome.evidence,
        )

    def _mentions(self, data: ScoringInput) -> dict[str, list[Skill]]:
        """The candidate's skills (and spoken languages, which a role may require),
        keyed by normalised canonical name, each in text order."""
        found = list(data.skills) + self._terms.find(data.text)
        found += [
            Skill(lang.name, lang.span.text_of(data.text), lang.span) for lang in data.languages
        ]
        mentions: dict[str, list[Skill]] = {}
        for skill in sorted(found, key=lambda s: s.span.start):
            mentions.setdefault(normalise_term(skill.canonical), []).append(skill)
        return mentions

    @staticmethod
    def rank(screenings: Sequence[Screening]) -> list[int]:
        return rank(screenings)


def rank(screenings: Sequence[Screening]) -> list[int]:
    """Indices of `screenings`, best score first. Equal scores keep their input
    order; everyone is listed (missing a must-have lowers the score, it never
    removes the candidate)."""
    return sorted(range(len(screenings)), key=lambda i: -screenings[i].score)
