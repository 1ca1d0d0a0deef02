"""Weights, thresholds and calibration of the answer assessment, with their reasons.

The calibration constants below were fitted on the hand-written development set
`tests/analysis/data/answers_dev.jsonl` (21 questions from software, nursing, sales,
logistics, teaching, customer service, finance and hospitality, each with a good, a
weak and an off-topic answer and labelled key points) by
`benchmarks/bench_answers.py --calibrate`, using the rules in `evaluation.fit_calibration`.
`tests/analysis/test_answers_calibration.py` refits them and fails if they drift,
so a new model or a changed rule cannot silently keep stale numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from analysis.errors import CandorError

ASSESSMENT_VERSION = "1"
MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"


class InvalidWeights(CandorError):
    """A recruiter-set weight is negative, not a number, or all weights are zero."""


@dataclass(frozen=True)
class Ramp:
    """Piecewise-linear calibration: raw <= low gives 0, raw >= high gives 1, linear between.

    MiniLM cosines between related texts sit around 0.3–0.7 and unrelated ones around
    0–0.25, so a raw cosine is not a score. The two anchors say which raw value means
    "clearly unrelated" and which "clearly on topic" (measured on the development set).
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError("a ramp needs low < high")

    def __call__(self, raw: float) -> float:
        return min(1.0, max(0.0, (raw - self.low) / (self.high - self.low)))


# Answer passages (<= `passage_words`, each the word-weighted mean of its sentence vectors)
# vs the question's topic; raw = mean of the best passage and the length-weighted mean.
# low = 75th percentile over off-topic answers, high = median over on-topic ones.
# The topic is the question with its key points, or the question alone when none are given;
# each has its own ramp because the two similarities sit at different levels.
RELEVANCE_RAMP = Ramp(low=0.240, high=0.521)
RELEVANCE_RAMP_QUESTION_ONLY = Ramp(low=0.238, high=0.446)
# Key point vs matched sentence cosine counted as "covered": the F1-best threshold on
# the labelled key points of the development set.
KEY_POINT_THRESHOLD = 0.23
# Mean cosine of consecutive sentences. low = median over answers spliced from two
# unrelated answers, high = median over the good answers.
FLOW_RAMP = Ramp(low=0.138, high=0.310)
# Specific details (numbers, times, names) per 100 words. high = median over good answers.
SPECIFICITY_RAMP = Ramp(low=0.0, high=1.905)


@dataclass(frozen=True)
class PartWeights:
    """How much each part counts in an answer's overall score.

    Relevance and coverage are weighted equally (0.4 each): did the candidate answer
    the question, and did they touch what the recruiter said matters. Coherence gets
    0.2 because its measures (sentence-to-sentence flow, a situation–task–action–result
    pattern, concrete details) are the least direct evidence of a good answer and
    favour one style of speaking. Delivery and sentiment are not parts at all.
    """

    relevance: float = 0.4
    coverage: float = 0.4
    coherence: float = 0.2

    def __post_init__(self) -> None:
        values = (self.relevance, self.coverage, self.coherence)
        if any(not isinstance(v, int | float) or v != v or v < 0 for v in values):
            raise InvalidWeights(
                "Answer score weights must be numbers of 0 or more.",
                "Set each weight (relevance, coverage, coherence) to 0 or a positive number.",
            )
        if sum(values) <= 0:
            raise InvalidWeights(
                "At least one answer score weight must be above 0.",
                "Give relevance, coverage or coherence a positive weight.",
            )

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class AssessmentSettings:
    """Everything that decides an assessment; stored with each result."""

    weights: PartWeights = field(default_factory=PartWeights)
    key_point_threshold: float = KEY_POINT_THRESHOLD
    relevance_ramp: Ramp = RELEVANCE_RAMP
    relevance_ramp_question_only: Ramp = RELEVANCE_RAMP_QUESTION_ONLY
    flow_ramp: Ramp = FLOW_RAMP
    specificity_ramp: Ramp = SPECIFICITY_RAMP
    long_pause_s: float = 2.0
    min_words: int = 5
    """Answers with fewer words are scored but flagged `too_short`."""
    window_words: int = 20
    """Unpunctuated stretches are cut into windows of about this many words."""
    passage_words: int = 60
    """Relevance compares the question with passages of at most this many words."""
    model_name: str = MODEL_NAME

    def as_dict(self) -> Mapping[str, Any]:
        data = asdict(self)
        data["version"] = ASSESSMENT_VERSION
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentSettings:
        """`as_dict()` read back ("version" is not a setting; absent keys keep defaults)."""
        defaults = cls()
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name not in data:
                continue
            value = data[item.name]
            default = getattr(defaults, item.name)
            if isinstance(default, PartWeights):
                value = PartWeights(**value)
            elif isinstance(default, Ramp):
                value = Ramp(float(value["low"]), float(value["high"]))
            values[item.name] = value
        return cls(**values)
