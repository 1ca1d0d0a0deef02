"""Combine a candidate's resume score with their interview score for one role.

The recruiter sets the weights per role. Defaults are conservative: the resume
counts 0.6 and the interview 0.4, because the interview assessment is newer and
noisier (it rests on sentence similarity to a few key points and on a transcript
that may contain recognition errors), while the resume score matches stated
criteria against the whole document. A missing score is left out and the other
is used alone, never counted as zero: a candidate not yet interviewed is not a
candidate who interviewed badly. The result recommends; a person decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.answers.results import AnswerAssessment, AssessmentStatus
from analysis.answers.settings import InvalidWeights


@dataclass(frozen=True)
class CombinedPart:
    name: str
    score: float
    weight: float
    """Share of the combined score, after leaving out missing parts (sums to 1)."""


@dataclass(frozen=True)
class CombinedScore:
    value: float | None
    """None when neither score exists."""
    parts: tuple[CombinedPart, ...]
    missing: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class CombinationWeights:
    """How resume and interview scores combine for a role (see the module docstring)."""

    resume: float = 0.6
    interview: float = 0.4

    def __post_init__(self) -> None:
        values = (self.resume, self.interview)
        if any(not isinstance(v, int | float) or v != v or v < 0 for v in values):
            raise InvalidWeights(
                "Resume and interview weights must be numbers of 0 or more.",
                "Set both weights to 0 or a positive number.",
            )
        if sum(values) <= 0:
            raise InvalidWeights(
                "The resume and interview weights cannot both be 0.",
                "Give the resume or the interview a positive weight.",
            )

    def combine(self, resume_score: float | None, interview_score: float | None) -> CombinedScore:
        given = {"resume": resume_score, "interview": interview_score}
        for name, score in given.items():
            if score is not None and not 0.0 <= score <= 1.0:
                raise ValueError(f"{name} score must be in [0, 1]")
        weights = {"resume": self.resume, "interview": self.interview}
        present = {n: s for n, s in given.items() if s is not None and weights[n] > 0}
        missing = tuple(n for n, s in given.items() if s is None)
        total = sum(weights[n] for n in present)
        if not present:
            return CombinedScore(None, (), missing, "No weighted score is available yet.")
        parts = tuple(CombinedPart(n, s, weights[n] / total) for n, s in present.items())
        value = sum(p.score * p.weight for p in parts)
        explanation = " + ".join(f"{p.name} {p.score:.2f} x {p.weight:.2f}" for p in parts)
        explanation += f" = {value:.2f}."
        if missing:
            explanation += (
                f" No {' or '.join(missing)} score yet: left out (not counted as 0) and "
                "the remaining weights rescaled to sum to 1."
            )
        return CombinedScore(value, parts, missing, explanation)


@dataclass(frozen=True)
class InterviewScore:
    value: float | None
    assessed: int
    left_out: int
    explanation: str


def interview_score(assessments: Sequence[AnswerAssessment]) -> InterviewScore:
    """Mean `overall` of the answers that could be assessed.

    Empty answers are left out and reported rather than scored 0: a silent answer
    can be a failed microphone, and a person should listen before it counts.
    """
    usable = [a for a in assessments if a.status is not AssessmentStatus.EMPTY]
    left_out = len(assessments) - len(usable)
    if not usable:
        return InterviewScore(None, 0, left_out, "No answer could be assessed.")
    value = sum(a.overall for a in usable) / len(usable)
    text = f"Mean of {len(usable)} assessed answer(s): {value:.2f}."
    if left_out:
        text += f" {left_out} empty answer(s) left out; listen to them before deciding."
    return InterviewScore(value, len(usable), left_out, text)
