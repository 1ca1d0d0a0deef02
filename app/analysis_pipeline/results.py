"""A stored analysis run read back for the review page and the PDF report.

Plain data: each answer's steps with their status, result and models, and the
interview-level results. Parts that did not run are present with the status that
says why (unavailable, not consented, not allowed, off), never silently absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis.models import LABELS, Capability
from app.analysis_pipeline import steps
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec, RunRecord, StepRecord

_MISSING = StepRecord("", "", "missing", {}, {}, "", "")


@dataclass(frozen=True)
class StepView:
    step: str
    status: str
    result: Mapping[str, Any]
    models: Mapping[str, Any]
    seconds: float

    @property
    def message(self) -> str:
        return str(self.result.get("message") or "")

    @classmethod
    def of(cls, record: StepRecord) -> StepView:
        seconds = record.seconds if record.started_at else 0.0
        return cls(record.step, record.status, record.result, record.model, seconds)


@dataclass(frozen=True)
class AnswerResult:
    key: str
    position: int
    question: str
    key_points: tuple[str, ...]
    transcript: StepView
    assessment: StepView
    video: StepView


@dataclass(frozen=True)
class Unavailable:
    capability: str
    label: str
    problem: str


@dataclass(frozen=True)
class CandidateAnalysis:
    run: RunRecord
    answers: tuple[AnswerResult, ...]
    identity: StepView
    score: StepView

    @property
    def settings(self) -> Mapping[str, Any]:
        return self.run.settings

    def models_used(self) -> list[Mapping[str, Any]]:
        """Every model a stored result names, once each (capability order)."""
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for view in self._views():
            for record in view.models.values():
                found.setdefault((str(record["capability"]), str(record["sha256"])), record)
        order = {str(c): i for i, c in enumerate(Capability)}
        return [found[k] for k in sorted(found, key=lambda k: (order.get(k[0], 99), k[1]))]

    def unavailable(self) -> list[Unavailable]:
        """Capabilities that were off for this run because their model was missing."""
        seen: dict[str, Unavailable] = {}
        for capability, record in self.run.models.items():
            if isinstance(record, Mapping) and record.get("available") is False:
                seen[capability] = Unavailable(
                    capability, _label(capability), str(record.get("problem", ""))
                )
        for view in self._views():
            if view.status == steps.UNAVAILABLE:
                capability = str(view.result.get("capability", view.step))
                seen.setdefault(
                    capability, Unavailable(capability, _label(capability), view.message)
                )
            if view.step != steps.VIDEO:
                continue
            for name, key in (
                ("face_identity", "identity_check"),
                ("facial_expression", "expression_analysis"),
            ):
                part = view.result.get(key)
                if isinstance(part, Mapping) and part.get("status") == steps.UNAVAILABLE:
                    seen.setdefault(name, Unavailable(name, _label(name), str(part["message"])))
        return list(seen.values())

    def step_seconds(self) -> dict[str, float]:
        """Total time spent per step over the run (for benchmarks and the report)."""
        totals: dict[str, float] = {}
        for view in self._views():
            totals[view.step] = totals.get(view.step, 0.0) + view.seconds
        return totals

    def _views(self) -> list[StepView]:
        views = [self.identity, self.score]
        for answer in self.answers:
            views += [answer.transcript, answer.assessment, answer.video]
        return [v for v in views if v.status != "missing"]


def _label(capability: str) -> str:
    try:
        return LABELS[Capability(capability)]
    except ValueError:
        return capability


def read_run(store: AnalysisStore, run: RunRecord) -> CandidateAnalysis:
    records = store.steps(run.id)
    by_key = {(r.answer_key, r.step): r for r in records}

    def view(key: str, step: str) -> StepView:
        return StepView.of(by_key.get((key, step), _replace_step(_MISSING, step)))

    specs: list[AnswerSpec] = store.answers(run.source)
    answers = tuple(
        AnswerResult(
            key=a.key,
            position=a.position,
            question=a.question,
            key_points=a.key_points,
            transcript=view(a.key, steps.TRANSCRIBE),
            assessment=view(a.key, steps.ASSESS),
            video=view(a.key, steps.VIDEO),
        )
        for a in specs
    )
    return CandidateAnalysis(
        run=run,
        answers=answers,
        identity=view(steps.INTERVIEW_KEY, steps.IDENTITY),
        score=view(steps.INTERVIEW_KEY, steps.SCORE),
    )


def _replace_step(record: StepRecord, step: str) -> StepRecord:
    return StepRecord("", step, record.status, {}, {}, "", "")
