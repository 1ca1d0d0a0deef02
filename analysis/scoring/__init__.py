"""Resume screening against a role's criteria: validated criteria (YAML in and out),
a protected-field-free scoring input, and scores made of named, evidenced parts."""

from analysis.scoring.criteria import (
    EDUCATION_LEVELS,
    PART_NAMES,
    ComponentWeights,
    CriteriaInvalid,
    PartName,
    PartWeights,
    Problem,
    RoleCriteria,
    SkillCriterion,
    applicable_parts,
    education_rank,
)
from analysis.scoring.criteria_yaml import dump_criteria_yaml, load_criteria_yaml
from analysis.scoring.matching import FULL_CREDIT, PARTIAL_CREDIT, SkillMatch
from analysis.scoring.redaction import BLOT, ProtectedSpans, protected_spans, redact
from analysis.scoring.results import Evidence, ScorePart, ScoringSettings, Screening
from analysis.scoring.scorer import Scorer, part_shares, rank
from analysis.scoring.scoring_input import EducationFacts, ScoringInput, build_scoring_input
from analysis.scoring.validation import criteria_from_dict, suggest_skills, validate_criteria

__all__ = [
    "BLOT",
    "EDUCATION_LEVELS",
    "FULL_CREDIT",
    "PARTIAL_CREDIT",
    "PART_NAMES",
    "ComponentWeights",
    "CriteriaInvalid",
    "EducationFacts",
    "Evidence",
    "PartName",
    "PartWeights",
    "Problem",
    "ProtectedSpans",
    "RoleCriteria",
    "ScorePart",
    "Scorer",
    "ScoringInput",
    "ScoringSettings",
    "Screening",
    "SkillCriterion",
    "SkillMatch",
    "applicable_parts",
    "build_scoring_input",
    "criteria_from_dict",
    "dump_criteria_yaml",
    "education_rank",
    "load_criteria_yaml",
    "part_shares",
    "protected_spans",
    "rank",
    "redact",
    "suggest_skills",
    "validate_criteria",
]
