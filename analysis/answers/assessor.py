"""Assess interview answers: relevance, key-point coverage and coherence, with evidence.

One `AnswerAssessor` holds a sentence embedder and the settings. `assess_many` embeds
the texts of all answers in one pass (the embedder is the slow part), then scores each
answer from those vectors. Delivery and sentiment are attached as descriptions only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from analysis.answers.coherence import assess_coherence
from analysis.answers.coverage import match_key_points
from analysis.answers.delivery import describe_delivery
from analysis.answers.results import (
    AnswerAssessment,
    AssessmentStatus,
    EvidenceSpan,
    KeyPointResult,
    ScorePart,
)
from analysis.answers.segmenting import TextUnit, split_units
from analysis.answers.sentiment import SentimentReader
from analysis.answers.settings import AssessmentSettings
from analysis.answers.timing import TranscriptLike, WordClock, WordLike
from analysis.tasks import NullTask, Task

log = logging.getLogger("candor.answers")

Vectors = npt.NDArray[np.float32]
SpanOf = Callable[[TextUnit], EvidenceSpan]
_EMBED_CHUNK = 128  # texts per embedder call: a cancel is honoured between chunks


class Embedder(Protocol):
    """Unit-length sentence vectors, one row per text (`analysis.embeddings.SentenceEmbedder`)."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class AnswerInput:
    question: str
    key_points: tuple[str, ...]
    text: str
    words: Sequence[WordLike] | None = None


@dataclass(frozen=True)
class _Plan:
    answer: AnswerInput
    units: tuple[TextUnit, ...]
    passages: tuple[TextUnit, ...]
    passage_units: tuple[tuple[int, int], ...]
    """For each passage, the [first, last) range of `units` it joins."""


class AnswerAssessor:
    def __init__(self, embedder: Embedder, settings: AssessmentSettings | None = None) -> None:
        self.embedder = embedder
        self.settings = settings or AssessmentSettings()
        self._sentiment = SentimentReader()
        recorded = dict(self.settings.as_dict())
        recorded["device"] = str(getattr(embedder, "device", "unknown"))
        self._recorded: Mapping[str, Any] = MappingProxyType(recorded)

    def assess(
        self,
        question: str,
        key_points: Sequence[str],
        transcript_text: str,
        words: Sequence[WordLike] | None = None,
    ) -> AnswerAssessment:
        return self.assess_many([AnswerInput(question, tuple(key_points), transcript_text, words)])[
            0
        ]

    def assess_transcript(
        self, question: str, key_points: Sequence[str], transcript: TranscriptLike
    ) -> AnswerAssessment:
        """Assess a transcript object (e.g. `analysis.speech.Transcript`) with its word times."""
        return self.assess(question, key_points, transcript.text, transcript.words)

    def assess_many(
        self, answers: Sequence[AnswerInput], task: Task | None = None
    ) -> list[AnswerAssessment]:
        task = task or NullTask()
        plans = [self._plan(a) for a in answers]
        texts = list(dict.fromkeys(t for p in plans for t in _texts_of(p)))
        vectors = self._embed(texts, task.slice(0.0, 0.9))
        row = {t: i for i, t in enumerate(texts)}
        results = []
        for done, plan in enumerate(plans):
            task.check()
            results.append(self._score(plan, vectors, row))
            task.progress(0.9 + 0.1 * (done + 1) / len(plans), "Assessing answers")
        return results

    def _plan(self, answer: AnswerInput) -> _Plan:
        s = self.settings
        units = split_units(
            answer.text, window_words=s.window_words, max_sentence_words=2 * s.window_words
        )
        ranges = _passage_ranges(units, s.passage_words)
        passages = tuple(_join(answer.text, units[a:b]) for a, b in ranges)
        return _Plan(answer, units, passages, ranges)

    def _embed(self, texts: list[str], task: Task) -> Vectors:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        chunks = []
        for start in range(0, len(texts), _EMBED_CHUNK):
            task.check()
            chunks.append(self.embedder.embed(texts[start : start + _EMBED_CHUNK]))
            task.progress(min(1.0, (start + _EMBED_CHUNK) / len(texts)), "Reading answers")
        return np.concatenate(chunks).astype(np.float32, copy=False)

    def _score(self, plan: _Plan, vectors: Vectors, row: Mapping[str, int]) -> AnswerAssessment:
        answer, s = plan.answer, self.settings
        clock = WordClock(answer.text, answer.words) if answer.words else None

        def span(unit: TextUnit) -> EvidenceSpan:
            times = clock.span_times(unit.start, unit.end) if clock else (None, None)
            return EvidenceSpan(unit.start, unit.end, unit.text, *times)

        if not plan.units:
            return self._empty(answer)
        unit_vectors = vectors[[row[u.text] for u in plan.units]]
        parts = [self._relevance(plan, vectors, row, span)]
        key_points = self._key_points(answer, unit_vectors, vectors, row, plan.units, span)
        if key_points:
            parts.append(self._coverage(key_points))
        coherence = assess_coherence(
            answer.question,
            plan.units,
            unit_vectors,
            flow_ramp=s.flow_ramp,
            specificity_ramp=s.specificity_ramp,
        )
        shown = sorted({i for m in coherence.measures for i in m.evidence})
        details = {m.name: m.value for m in coherence.measures}
        details.update({f"{m.name}_raw": m.raw for m in coherence.measures})
        parts.append(
            ScorePart(
                "coherence",
                coherence.value,
                s.weights.coherence,
                coherence.explanation,
                tuple(span(plan.units[i]) for i in shown),
                MappingProxyType(details),
            )
        )
        word_count = sum(u.word_count for u in plan.units)
        status, notes = AssessmentStatus.OK, []
        if word_count < s.min_words:
            status = AssessmentStatus.TOO_SHORT
            notes.append(
                f"The answer has only {word_count} word(s); scores from so little text are "
                "unreliable. Listen to the recording."
            )
        if not key_points:
            notes.append(
                "No key points were given, so coverage is not scored and the other weights "
                "were renormalised."
            )
        return AnswerAssessment(
            parts=tuple(parts),
            overall=_weighted_mean(parts),
            key_points=tuple(key_points),
            delivery=describe_delivery(answer.text, answer.words, long_pause_s=s.long_pause_s),
            sentiment=self._sentiment.describe(answer.text),
            status=status,
            message=" ".join(notes),
            settings=self._recorded,
        )

    def _relevance(
        self, plan: _Plan, vectors: Vectors, row: Mapping[str, int], span: SpanOf
    ) -> ScorePart:
        answer, s = plan.answer, self.settings
        topic = vectors[row[answer.question]]
        ramp = s.relevance_ramp_question_only
        if answer.key_points:
            # The key points say what the question is about; their centroid with the
            # question separates on-topic from off-topic answers better than the question alone.
            key_points = vectors[[row[k] for k in answer.key_points]]
            topic = topic + key_points.mean(axis=0)
            topic = topic / max(float(np.linalg.norm(topic)), 1e-12)
            ramp = s.relevance_ramp
        sims = self._passage_vectors(plan, vectors, row) @ topic
        lengths = np.array([p.word_count for p in plan.passages], dtype=np.float32)
        best, mean = float(sims.max()), float((sims * lengths).sum() / lengths.sum())
        # The best passage shows the question was addressed; the mean, how much of the answer did.
        raw = (best + mean) / 2
        against = "the question and its key points" if answer.key_points else "the question"
        return ScorePart(
            "relevance",
            ramp(raw),
            s.weights.relevance,
            f"Similarity to {against} {raw:.2f} (best passage {best:.2f}, average "
            f"{mean:.2f}); {ramp.low:.2f} or less counts as unrelated, {ramp.high:.2f} or "
            "more as clearly on topic.",
            (span(plan.passages[int(sims.argmax())]),),
            MappingProxyType({"raw": raw, "best_passage": best, "mean_passage": mean}),
        )

    @staticmethod
    def _passage_vectors(plan: _Plan, vectors: Vectors, row: Mapping[str, int]) -> Vectors:
        """A passage's vector is the word-weighted mean of its sentences' vectors.

        Embedding passages as texts of their own doubled the time for long answers
        (1500 words: 1.9 s instead of 1.0 s of CPU here) for a small gain on the sets.
        """
        pooled = np.zeros((len(plan.passages), vectors.shape[1]), dtype=np.float32)
        for i, (first, last) in enumerate(plan.passage_units):
            for unit in plan.units[first:last]:
                pooled[i] += unit.word_count * vectors[row[unit.text]]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: Vectors = pooled / np.maximum(norms, 1e-12)
        return result

    def _coverage(self, key_points: Sequence[KeyPointResult]) -> ScorePart:
        threshold = self.settings.key_point_threshold
        covered = [k for k in key_points if k.covered]
        listed = f" ({', '.join(str(k.index + 1) for k in covered)})" if covered else ""
        return ScorePart(
            "coverage",
            len(covered) / len(key_points),
            self.settings.weights.coverage,
            f"{len(covered)} of {len(key_points)} key points covered{listed}. A point is "
            f"covered when a sentence is at least {threshold:.2f} similar to it; each "
            "sentence counts for one point at most.",
            tuple(k.evidence for k in covered if k.evidence is not None),
            MappingProxyType({f"key_point_{k.index + 1}": k.similarity for k in key_points}),
        )

    def _key_points(
        self,
        answer: AnswerInput,
        unit_vectors: Vectors,
        vectors: Vectors,
        row: Mapping[str, int],
        units: Sequence[TextUnit],
        span: SpanOf,
    ) -> list[KeyPointResult]:
        if not answer.key_points:
            return []
        sims = vectors[[row[k] for k in answer.key_points]] @ unit_vectors.T
        threshold = self.settings.key_point_threshold
        return [
            KeyPointResult(
                index,
                key_point,
                match.exclusive and match.similarity >= threshold,
                match.similarity,
                span(units[match.unit]),
                "" if match.exclusive else "Every sentence was already evidence for another point.",
            )
            for index, (key_point, match) in enumerate(
                zip(answer.key_points, match_key_points(sims), strict=True)
            )
        ]

    def _empty(self, answer: AnswerInput) -> AnswerAssessment:
        s = self.settings
        why = "Nothing was said in this answer (the transcript is empty), so it scores 0."
        named = [("relevance", s.weights.relevance)]
        if answer.key_points:
            named.append(("coverage", s.weights.coverage))
        named.append(("coherence", s.weights.coherence))
        return AnswerAssessment(
            parts=tuple(ScorePart(n, 0.0, w, why) for n, w in named),
            overall=0.0,
            key_points=tuple(
                KeyPointResult(i, k, False, 0.0, None) for i, k in enumerate(answer.key_points)
            ),
            delivery=None,
            sentiment=self._sentiment.describe(""),
            status=AssessmentStatus.EMPTY,
            message=(
                "The transcript is empty. Check the recording: the candidate may not have "
                "answered, or the sound may have failed."
            ),
            settings=self._recorded,
        )


def _texts_of(plan: _Plan) -> tuple[str, ...]:
    return (plan.answer.question, *plan.answer.key_points, *(u.text for u in plan.units))


def _passage_ranges(units: Sequence[TextUnit], max_words: int) -> tuple[tuple[int, int], ...]:
    """Consecutive units grouped into passages of at most `max_words` (one unit may exceed it)."""
    ranges: list[tuple[int, int]] = []
    first, words = 0, 0
    for i, unit in enumerate(units):
        if i > first and words + unit.word_count > max_words:
            ranges.append((first, i))
            first, words = i, 0
        words += unit.word_count
    if units:
        ranges.append((first, len(units)))
    return tuple(ranges)


def _join(text: str, units: Sequence[TextUnit]) -> TextUnit:
    start, end = units[0].start, units[-1].end
    return TextUnit(start, end, text[start:end], sum(u.word_count for u in units))


def _weighted_mean(parts: Sequence[ScorePart]) -> float:
    total = sum(p.weight for p in parts)
    if total <= 0:
        return 0.0
    return sum(p.weight * p.value for p in parts) / total
