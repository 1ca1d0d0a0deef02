"""The speech and scoring steps: plain functions from inputs to a JSON-ready outcome.

Each returns a `StepOutcome` (status, result, models) that the pipeline stores as
one row. A per-answer problem (no sound, silence, too short, another language,
nothing to assess) is a status with a message, never an exception; only a user's
cancel (`Cancelled`) and bugs escape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import IO, Any

from analysis.answers import (
    AnswerAssessment,
    AnswerAssessor,
    AnswerInput,
    AssessmentStatus,
    EvidenceSpan,
    Sentiment,
    interview_score,
)
from analysis.speech import AudioUnavailable, Transcriber, Transcript, TranscriptStatus
from analysis.tasks import Task
from app.analysis_pipeline.audio import read_audio
from app.analysis_pipeline.settings import PipelineSettings

TRANSCRIBE = "transcribe"
ASSESS = "assess"
VIDEO = "video"
IDENTITY = "identity"
SCORE = "score"
ANSWER_STEPS = (TRANSCRIBE, ASSESS, VIDEO)
INTERVIEW_STEPS = (IDENTITY, SCORE)
INTERVIEW_KEY = ""  # the answer_key of interview-level results

UNAVAILABLE = "unavailable"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class StepOutcome:
    status: str
    result: Mapping[str, Any]
    models: Mapping[str, Any] = field(default_factory=dict)


def unavailable(capability: str, message: str, hint: str) -> StepOutcome:
    return StepOutcome(UNAVAILABLE, {"capability": capability, "message": message, "hint": hint})


# -- transcribe ---------------------------------------------------------------------


def transcribe_step(
    transcriber: Transcriber,
    recording: IO[bytes],
    settings: PipelineSettings,
    task: Task,
) -> StepOutcome:
    """Transcribe one answer's recording (a decrypting reader)."""
    task.check()
    try:
        samples = read_audio(recording)
    except AudioUnavailable as exc:
        return StepOutcome(
            str(TranscriptStatus.NO_AUDIO),
            _no_audio_result(exc, transcriber, settings),
        )
    transcript = transcriber.transcribe(
        samples,
        task,
        language=settings.language,
        expected_language=settings.expected_language,
        vad=settings.vad,
        beam_size=settings.beam_size,
    )
    return StepOutcome(str(transcript.status), transcript_json(transcript))


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "status": str(transcript.status),
        "message": transcript.message,
        "hint": transcript.hint,
        "notes": list(transcript.notes),
        "language": transcript.language,
        "language_probability": round(transcript.language_probability, 4),
        "language_detected": transcript.language_detected,
        "duration": round(transcript.duration, 3),
        "text": transcript.text,
        "segments": [
            {
                "start": round(s.start, 3),
                "end": round(s.end, 3),
                "text": s.text,
                "no_speech_prob": round(s.no_speech_prob, 4),
                "avg_logprob": round(s.avg_logprob, 4),
                "words": [
                    {
                        "word": w.word,
                        "start": round(w.start, 3),
                        "end": round(w.end, 3),
                        "probability": round(w.probability, 4),
                    }
                    for w in s.words
                ],
            }
            for s in transcript.segments
        ],
        "settings": dict(transcript.settings),
    }


def _no_audio_result(
    exc: AudioUnavailable, transcriber: Transcriber, settings: PipelineSettings
) -> dict[str, Any]:
    return {
        "status": str(TranscriptStatus.NO_AUDIO),
        "message": exc.message,
        "hint": exc.hint,
        "notes": [],
        "language": "",
        "language_probability": 0.0,
        "language_detected": False,
        "duration": 0.0,
        "text": "",
        "segments": [],
        "settings": {
            "compute_type": transcriber.compute_type,
            "beam_size": settings.beam_size,
            "vad": settings.vad,
            "language": settings.language or "auto",
        },
    }


# -- assess ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    word: str
    start: float
    end: float


def words_of(transcript: Mapping[str, Any]) -> list[_Word]:
    return [
        _Word(str(w["word"]), float(w["start"]), float(w["end"]))
        for segment in transcript.get("segments", [])
        for w in segment.get("words", [])
    ]


def assess_step(
    assessor: AnswerAssessor,
    question: str,
    key_points: Sequence[str],
    transcript: Mapping[str, Any] | None,
    task: Task,
) -> StepOutcome:
    """Assess one answer from its stored transcript (None: no transcript could be made)."""
    if transcript is None:
        return StepOutcome(
            NOT_ASSESSED,
            {
                "message": "Not assessed: the answer could not be transcribed (speech to text "
                "is unavailable).",
            },
        )
    words = words_of(transcript)
    answer = AnswerInput(question, tuple(key_points), str(transcript["text"]), words or None)
    (assessment,) = assessor.assess_many([answer], task)
    return StepOutcome(str(assessment.status), assessment_json(assessment))


def assessment_json(assessment: AnswerAssessment) -> dict[str, Any]:
    """The `candor assess` record plus the weights, explanations and descriptions."""
    data = assessment.to_json_dict()
    data["parts"] = [
        {
            "name": p.name,
            "value": round(p.value, 4),
            "weight": p.weight,
            "explanation": p.explanation,
            "evidence": [_span(e) for e in p.evidence],
        }
        for p in assessment.parts
    ]
    data["explanation"] = assessment.explanation()
    data["delivery"] = None if assessment.delivery is None else assessment.delivery.to_json_dict()
    data["sentiment"] = {
        "compound": round(assessment.sentiment.compound, 4),
        "label": assessment.sentiment.label,
        "note": assessment.sentiment.note,
    }
    data["settings"] = _plain(assessment.settings)
    return data


def _span(span: EvidenceSpan) -> dict[str, Any]:
    return span.to_json_dict()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# -- score ----------------------------------------------------------------------------


def score_step(assessments: Mapping[str, Mapping[str, Any] | None]) -> StepOutcome:
    """The interview score from the answers' stored assessments (key -> result or None).

    Answers without an assessment (no transcript) are left out, like empty ones.
    """
    usable = {k: a for k, a in assessments.items() if a is not None and "overall" in a}
    score = interview_score([_stub(a) for a in usable.values()])
    missing = [k for k, a in assessments.items() if a is None or "overall" not in a]
    explanation = score.explanation
    if missing:
        explanation += f" {len(missing)} answer(s) could not be assessed at all."
    result = {
        "value": None if score.value is None else round(score.value, 4),
        "assessed": score.assessed,
        "left_out": score.left_out + len(missing),
        "explanation": explanation,
        "answers": {k: a["overall"] for k, a in usable.items()},
        "statement": "A recommendation for a person to review; no candidate is rejected "
        "automatically.",
    }
    return StepOutcome("ok" if score.value is not None else "no_score", result)


def _stub(stored: Mapping[str, Any]) -> AnswerAssessment:
    """Enough of an assessment for `interview_score` (it reads status and overall)."""
    return AnswerAssessment(
        parts=(),
        overall=float(stored["overall"]),
        key_points=(),
        delivery=None,
        sentiment=Sentiment(0.0, "", ""),
        status=AssessmentStatus(str(stored["status"])),
        message="",
        settings=MappingProxyType({}),
    )
