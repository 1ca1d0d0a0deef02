"""Interview answer assessment: relevance, key-point coverage and coherence, with evidence.

Delivery (pace, fillers, pauses) and sentiment are described, never scored.
See `assessor.AnswerAssessor` for the entry point and `settings` for the weights
and their calibration.
"""

from analysis.answers.assessor import AnswerAssessor, AnswerInput, Embedder
from analysis.answers.combine import (
    CombinationWeights,
    CombinedPart,
    CombinedScore,
    InterviewScore,
    interview_score,
)
from analysis.answers.records import InvalidAnswerRecord, assess_record, assess_records
from analysis.answers.results import (
    AnswerAssessment,
    AssessmentStatus,
    Delivery,
    EvidenceSpan,
    KeyPointResult,
    ScorePart,
    Sentiment,
)
from analysis.answers.settings import AssessmentSettings, InvalidWeights, PartWeights, Ramp
from analysis.answers.timing import TranscriptLike, WordLike

__all__ = [
    "AnswerAssessment",
    "AnswerAssessor",
    "AnswerInput",
    "AssessmentSettings",
    "AssessmentStatus",
    "CombinationWeights",
    "CombinedPart",
    "CombinedScore",
    "Delivery",
    "Embedder",
    "EvidenceSpan",
    "InterviewScore",
    "InvalidAnswerRecord",
    "InvalidWeights",
    "KeyPointResult",
    "PartWeights",
    "Ramp",
    "ScorePart",
    "Sentiment",
    "TranscriptLike",
    "WordLike",
    "assess_record",
    "assess_records",
    "interview_score",
]
