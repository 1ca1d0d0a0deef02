"""Evaluate and calibrate the answer assessment on hand-labelled answer sets.

A labelled set is JSON lines, one question each:
``{"id", "role", "question", "key_points": [...], "answers": [{"kind": "good"|"weak"|
"off_topic", "text", "covered": [key point indices]}]}``.

`evaluate` reports how often answers rank good > weak > off-topic and how well the
"covered" decisions match the labels. `fit_calibration` derives the constants in
`settings.py` from a development set with fixed, documented rules, so they can be
refitted (and checked) rather than hand-tuned.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from analysis.answers.assessor import AnswerAssessor, AnswerInput
from analysis.answers.results import AnswerAssessment
from analysis.answers.segmenting import split_units
from analysis.answers.settings import Ramp

KINDS = ("good", "weak", "off_topic")


@dataclass(frozen=True)
class LabelledAnswer:
    kind: str
    text: str
    covered: tuple[int, ...]


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    role: str
    question: str
    key_points: tuple[str, ...]
    answers: tuple[LabelledAnswer, ...]

    def answer(self, kind: str) -> LabelledAnswer:
        return next(a for a in self.answers if a.kind == kind)


def load_labelled(path: Path) -> list[LabelledQuestion]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        answers = tuple(
            LabelledAnswer(a["kind"], a["text"], tuple(a["covered"])) for a in raw["answers"]
        )
        items.append(
            LabelledQuestion(
                raw["id"], raw["role"], raw["question"], tuple(raw["key_points"]), answers
            )
        )
    return items


@dataclass(frozen=True)
class EvaluationReport:
    questions: int
    ranking_accuracy: float
    """Share of questions whose three answers score strictly good > weak > off-topic."""
    pairwise: dict[str, float]
    """Share of questions where the first kind outscores the second, e.g. "good>weak"."""
    mean_overall: dict[str, float]
    key_point_precision: float
    key_point_recall: float
    key_point_f1: float
    seconds: float
    answers_per_second: float


def assess_labelled(
    assessor: AnswerAssessor, items: Sequence[LabelledQuestion]
) -> dict[tuple[str, str], AnswerAssessment]:
    """Every answer of every question, assessed in one batch, keyed by (id, kind)."""
    keys = [(q.id, a.kind) for q in items for a in q.answers]
    inputs = [AnswerInput(q.question, q.key_points, a.text) for q in items for a in q.answers]
    return dict(zip(keys, assessor.assess_many(inputs), strict=True))


def evaluate(assessor: AnswerAssessor, items: Sequence[LabelledQuestion]) -> EvaluationReport:
    started = time.perf_counter()
    results = assess_labelled(assessor, items)
    seconds = time.perf_counter() - started
    overall = {k: np.array([results[q.id, k].overall for q in items]) for k in KINDS}
    pairs = [("good", "weak"), ("weak", "off_topic"), ("good", "off_topic")]
    pairwise = {f"{a}>{b}": float(np.mean(overall[a] > overall[b])) for a, b in pairs}
    ranked = (overall["good"] > overall["weak"]) & (overall["weak"] > overall["off_topic"])
    tp = fp = fn = 0
    for q in items:
        for a in q.answers:
            predicted = set(results[q.id, a.kind].covered_key_points)
            tp += len(predicted & set(a.covered))
            fp += len(predicted - set(a.covered))
            fn += len(set(a.covered) - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return EvaluationReport(
        questions=len(items),
        ranking_accuracy=float(ranked.mean()),
        pairwise=pairwise,
        mean_overall={k: float(v.mean()) for k, v in overall.items()},
        key_point_precision=precision,
        key_point_recall=recall,
        key_point_f1=_f1(precision, recall),
        seconds=seconds,
        answers_per_second=len(results) / seconds if seconds else 0.0,
    )


@dataclass(frozen=True)
class Calibration:
    relevance_ramp: Ramp
    relevance_ramp_question_only: Ramp
    key_point_threshold: float
    flow_ramp: Ramp
    specificity_ramp: Ramp


def fit_calibration(assessor: AnswerAssessor, items: Sequence[LabelledQuestion]) -> Calibration:
    """The calibration constants, by these rules (all on raw, uncalibrated measurements):

    - relevance: low = 75th percentile over off-topic answers (three in four unrelated
      answers score 0), high = median over on-topic (good and weak) answers;
    - key-point threshold: the similarity in [0.10, 0.70] (step 0.01) with the best F1
      against the labels, the higher one on ties (a claim of coverage should be earned);
    - flow: low = median over "spliced" answers that alternate the sentences of two
      good answers to different questions, high = median over good answers;
    - specificity: low = 0, high = median details per 100 words over good answers.
    """
    results = assess_labelled(assessor, items)
    relevance = _relevance_ramp(results, items)
    without_key_points = [replace(q, key_points=()) for q in items]
    question_only = _relevance_ramp(assess_labelled(assessor, without_key_points), items)
    good = [results[q.id, "good"] for q in items]
    spliced = [_splice(a.answer("good").text, b.answer("good").text) for a, b in _neighbours(items)]
    spliced_results = assessor.assess_many(
        [AnswerInput(q.question, (), t) for q, t in zip(items, spliced, strict=True)]
    )
    flow = Ramp(
        low=float(np.median([_detail(r, "coherence", "flow_raw") for r in spliced_results])),
        high=float(np.median([_detail(r, "coherence", "flow_raw") for r in good])),
    )
    specificity = Ramp(
        low=0.0, high=float(np.median([_detail(r, "coherence", "specificity_raw") for r in good]))
    )
    labelled = [
        (k.similarity, k.index in a.covered)
        for q in items
        for a in q.answers
        for k in results[q.id, a.kind].key_points
    ]
    return Calibration(relevance, question_only, _best_threshold(labelled), flow, specificity)


def _relevance_ramp(
    results: dict[tuple[str, str], AnswerAssessment], items: Sequence[LabelledQuestion]
) -> Ramp:
    raw = {k: [_detail(results[q.id, k], "relevance", "raw") for q in items] for k in KINDS}
    return Ramp(
        low=float(np.percentile(raw["off_topic"], 75)),
        high=float(np.median(raw["good"] + raw["weak"])),
    )


def with_calibration(assessor: AnswerAssessor, calibration: Calibration) -> AnswerAssessor:
    """A new assessor (same embedder) using `calibration` instead of the shipped constants."""
    settings = replace(
        assessor.settings,
        relevance_ramp=calibration.relevance_ramp,
        relevance_ramp_question_only=calibration.relevance_ramp_question_only,
        key_point_threshold=calibration.key_point_threshold,
        flow_ramp=calibration.flow_ramp,
        specificity_ramp=calibration.specificity_ramp,
    )
    return AnswerAssessor(assessor.embedder, settings)


def _best_threshold(labelled: Sequence[tuple[float, bool]]) -> float:
    sims = np.array([s for s, _ in labelled])
    truth = np.array([t for _, t in labelled])
    best, best_f1 = 0.10, -1.0
    for threshold in np.round(np.arange(0.10, 0.701, 0.01), 2):
        predicted = sims >= threshold
        tp = int((predicted & truth).sum())
        precision = tp / max(1, int(predicted.sum()))
        recall = tp / max(1, int(truth.sum()))
        f1 = _f1(precision, recall)
        if f1 >= best_f1:
            best, best_f1 = float(threshold), f1
    return best


def _neighbours(
    items: Sequence[LabelledQuestion],
) -> list[tuple[LabelledQuestion, LabelledQuestion]]:
    # Pair each question with one half the set away: another topic, often another role.
    half = max(1, len(items) // 2)
    return [(q, items[(i + half) % len(items)]) for i, q in enumerate(items)]


def _splice(first: str, second: str) -> str:
    a = [u.text for u in split_units(first)]
    b = [u.text for u in split_units(second)]
    mixed = [s for pair in zip(a, b, strict=False) for s in pair]
    return " ".join(mixed)


def _detail(result: AnswerAssessment, part: str, key: str) -> float:
    found = result.part(part)
    if found is None or key not in found.details:
        raise ValueError(f"assessment has no {part}.{key} measurement")
    return float(found.details[key])


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
