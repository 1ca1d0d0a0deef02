"""The `candor assess` line format: one JSON object in, one out, per answer.

Input: ``{"question": str, "key_points": [str, ...] (optional), "text": str,
"words": [{"word", "start", "end"}, ...] (optional)}``.
Output: `AnswerAssessment.to_json_dict()` (relevance, coverage, coherence, overall,
covered_key_points, evidence, ...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.answers.assessor import AnswerAssessor, AnswerInput
from analysis.errors import CandorError


class InvalidAnswerRecord(CandorError):
    """An input line is not a valid answer record (the message names the field, not its content)."""


@dataclass(frozen=True)
class TimedWord:
    word: str
    start: float
    end: float


def parse_record(record: object) -> AnswerInput:
    if not isinstance(record, Mapping):
        raise _invalid("an answer record must be a JSON object")
    question, text = record.get("question"), record.get("text")
    if not isinstance(question, str) or not question.strip():
        raise _invalid('"question" must be a non-empty string')
    if not isinstance(text, str):
        raise _invalid('"text" must be a string (it may be empty)')
    key_points = record.get("key_points", [])
    if not isinstance(key_points, list) or not all(
        isinstance(k, str) and k.strip() for k in key_points
    ):
        raise _invalid('"key_points" must be a list of non-empty strings')
    words = record.get("words")
    return AnswerInput(question, tuple(key_points), text, _words(words) if words else None)


def assess_record(assessor: AnswerAssessor, record: object) -> dict[str, Any]:
    """Map one input record to its output record."""
    return assess_records(assessor, [record])[0]


def assess_records(assessor: AnswerAssessor, records: Sequence[object]) -> list[dict[str, Any]]:
    """Many records in one batch (embeddings are computed together, much faster)."""
    inputs = [parse_record(r) for r in records]
    return [a.to_json_dict() for a in assessor.assess_many(inputs)]


def _words(raw: object) -> tuple[TimedWord, ...]:
    if not isinstance(raw, list):
        raise _invalid('"words" must be a list of {"word", "start", "end"} objects')
    words = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise _invalid('each entry of "words" must be an object')
        word, start, end = item.get("word"), _time(item.get("start")), _time(item.get("end"))
        if not isinstance(word, str) or start is None or end is None:
            raise _invalid('each word needs "word" (string), "start" and "end" (seconds)')
        words.append(TimedWord(word, start, end))
    return tuple(words)


def _time(value: object) -> float | None:
    """Seconds as a float, or None unless `value` is a finite number >= 0 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _invalid(what: str) -> InvalidAnswerRecord:
    return InvalidAnswerRecord(
        f"Invalid answer record: {what}.",
        'Each line must be a JSON object like {"question": "...", "key_points": ["..."], '
        '"text": "..."}.',
    )
