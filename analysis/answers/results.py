"""What an answer assessment returns: named score parts, each with its evidence.

Every number a reviewer sees is one of these parts (relevance, coverage, coherence)
or their weighted mean, and each part carries the transcript spans it rests on.
Delivery and sentiment are descriptions for a person to read, never score inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, float] = MappingProxyType({})


class AssessmentStatus(StrEnum):
    OK = "ok"
    EMPTY = "empty"
    """Nothing was said (or transcribed): every part is 0, explained, and a person should listen."""
    TOO_SHORT = "too_short"
    """Fewer words than `AssessmentSettings.min_words`: scored, but too little text to trust."""


@dataclass(frozen=True)
class EvidenceSpan:
    """A stretch of the transcript: `text == transcript[start:end]` (character offsets).

    The times (seconds into the answer) come from word timestamps when they were given.
    """

    start: int
    end: int
    text: str
    time_start: float | None = None
    time_end: float | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "time_start": _rounded(self.time_start),
            "time_end": _rounded(self.time_end),
        }


@dataclass(frozen=True)
class ScorePart:
    """One named, weighted part of an answer's score, in [0, 1].

    `details` holds the measurements behind `value` (raw similarities, sub-scores)
    so a reviewer, or a recalibration, can see how it was reached.
    """

    name: str
    value: float
    weight: float
    explanation: str
    evidence: tuple[EvidenceSpan, ...] = ()
    details: Mapping[str, float] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class KeyPointResult:
    """Whether one of the recruiter's key points was covered, and where."""

    index: int
    key_point: str
    covered: bool
    similarity: float
    """Cosine similarity between the key point and its matched sentence."""
    evidence: EvidenceSpan | None
    """The matched sentence (shown even when below the threshold, so a person can judge)."""
    note: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "covered": self.covered,
            "similarity": _rounded(self.similarity),
            "evidence": None if self.evidence is None else self.evidence.to_json_dict(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Delivery:
    """How the answer was spoken. Descriptive only: never part of a score.

    `words_per_minute` and `long_pauses` need word timestamps and are None / empty
    without them. `filler_rate` is filler words per 100 words.
    """

    word_count: int
    speaking_seconds: float | None
    words_per_minute: float | None
    filler_words: Mapping[str, int]
    filler_rate: float
    long_pauses: tuple[tuple[float, float], ...]
    note: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "word_count": self.word_count,
            "speaking_seconds": _rounded(self.speaking_seconds),
            "words_per_minute": _rounded(self.words_per_minute),
            "filler_words": dict(self.filler_words),
            "filler_rate": _rounded(self.filler_rate),
            "long_pauses": [[_rounded(a), _rounded(b)] for a, b in self.long_pauses],
            "note": self.note,
        }


@dataclass(frozen=True)
class Sentiment:
    """VADER's word-list sentiment of the transcript. A weak, descriptive signal only."""

    compound: float
    label: str
    note: str


@dataclass(frozen=True)
class AnswerAssessment:
    """The assessment of one answer; `overall` is the weighted mean of `parts`."""

    parts: tuple[ScorePart, ...]
    overall: float
    key_points: tuple[KeyPointResult, ...]
    delivery: Delivery | None
    sentiment: Sentiment
    status: AssessmentStatus
    message: str
    settings: Mapping[str, Any]

    def part(self, name: str) -> ScorePart | None:
        return next((p for p in self.parts if p.name == name), None)

    @property
    def covered_key_points(self) -> tuple[int, ...]:
        return tuple(k.index for k in self.key_points if k.covered)

    def explanation(self) -> str:
        """How `overall` was reached, part by part, in plain words."""
        total = sum(p.weight for p in self.parts)
        lines = [
            f"{p.name}: {p.value:.2f} x weight {p.weight / total:.2f} — {p.explanation}"
            for p in self.parts
            if total > 0
        ]
        lines.append(f"overall: {self.overall:.2f} (weighted mean of the parts above)")
        return "\n".join(lines)

    def to_json_dict(self) -> dict[str, Any]:
        """The `candor assess` output line: part scores, covered key points, evidence."""
        result: dict[str, Any] = {}
        for name in ("relevance", "coverage", "coherence"):
            part = self.part(name)
            result[name] = None if part is None else _rounded(part.value)
        result["overall"] = _rounded(self.overall)
        result["covered_key_points"] = list(self.covered_key_points)
        result["evidence"] = {
            p.name: [span.to_json_dict() for span in p.evidence] for p in self.parts
        }
        result["key_points"] = [k.to_json_dict() for k in self.key_points]
        result["status"] = self.status.value
        result["message"] = self.message
        return result


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
