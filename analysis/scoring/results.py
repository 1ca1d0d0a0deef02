"""What a screening produces: a score that is a sum of named, evidenced parts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from analysis.scoring.criteria import PartName

SCORING_VERSION = "1"


@dataclass(frozen=True)
class Evidence:
    """Where the resume shows something. `start`/`end` index the resume text; `text`
    is that span as scoring saw it (protected words blotted, see redaction.py)."""

    text: str
    start: int
    end: int
    source: Literal["resume"] = "resume"


@dataclass(frozen=True)
class ScorePart:
    """One named part of the score.

    `weight` is the part's share of the whole score (the applicable parts' shares add
    up to 1); `max_points` = 100 x weight; `points` is what the candidate earned of it.
    A part the role does not use has weight 0 and says so in `explanation`.
    """

    name: PartName
    points: float
    max_points: float
    weight: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ScoringSettings:
    """The constants a score was computed with, stored beside it."""

    scoring_version: str
    partial_credit: float
    narrower_depth: int
    education_below_credit: float
    part_weights: tuple[tuple[str, float], ...]

    def to_json_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["part_weights"] = dict(self.part_weights)
        return data


@dataclass(frozen=True)
class Screening:
    """A resume scored against one version of a role's criteria.

    The score recommends; it decides nothing: `meets_must_haves` and `label` are
    for a person to read ("Meets all must-haves" / "Missing: X, Y").
    """

    score: float  # 0-100, the sum of the parts' points
    parts: tuple[ScorePart, ...]
    meets_must_haves: bool
    missing: tuple[str, ...]
    label: str
    criteria_version: int
    settings: ScoringSettings

    def part(self, name: PartName) -> ScorePart:
        return next(p for p in self.parts if p.name == name)

    def to_json_dict(self) -> dict[str, Any]:
        """The `screen` CLI's keys (the caller adds `file` and `profile`)."""
        return {
            "score": self.score,
            "meets_must_haves": self.meets_must_haves,
            "missing": list(self.missing),
            "label": self.label,
            "criteria_version": self.criteria_version,
            "parts": [
                {
                    "name": p.name,
                    "points": p.points,
                    "max_points": p.max_points,
                    "weight": p.weight,
                    "explanation": p.explanation,
                    "evidence": [
                        {"text": e.text, "start": e.start, "end": e.end, "source": e.source}
                        for e in p.evidence
                    ],
                }
                for p in self.parts
            ],
            "settings": self.settings.to_json_dict(),
        }


def label_for(missing: tuple[str, ...]) -> str:
    return f"Missing: {', '.join(missing)}" if missing else "Meets all must-haves"
