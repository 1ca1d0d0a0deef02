"""SQL for the analysis tables (schema step `app.storage.m004_analysis`).

Plain repository: it stores and reads JSON-ready dicts; what they mean is the
pipeline's business. A step result is inserted in one transaction once its step
has finished and is never updated (the schema refuses it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from app.errors import InvalidInput
from app.media import MediaRef
from app.storage.db import Database, IntegrityError

log = logging.getLogger("candor.analysis")


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"
    CANCELLED = "cancelled"


def now_stamp() -> str:
    """UTC time with milliseconds: step timings are read from these."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class AnswerSpec:
    """One answer to analyse: the question it answers and where its recording is.

    `key` is unique within its source (e.g. "q01"); `position` orders the answers.
    """

    key: str
    position: int
    question: str
    key_points: tuple[str, ...]
    media: MediaRef

    def __post_init__(self) -> None:
        if not self.key or len(self.key) > 64:
            raise ValueError("an answer key must be 1-64 characters")


@dataclass(frozen=True)
class RunRecord:
    id: int
    candidate_id: int
    source: str
    created_at: str
    finished_at: str | None
    status: RunStatus
    settings: Mapping[str, Any]
    models: Mapping[str, Any]


@dataclass(frozen=True)
class StepRecord:
    answer_key: str
    step: str
    status: str
    result: Mapping[str, Any]
    model: Mapping[str, Any]
    started_at: str
    finished_at: str

    @property
    def seconds(self) -> float:
        start = datetime.fromisoformat(self.started_at)
        return (datetime.fromisoformat(self.finished_at) - start).total_seconds()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


class AnalysisStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- answers (the frozen inputs) ------------------------------------------------

    def put_answer(
        self,
        candidate_id: int,
        source: str,
        answer: AnswerSpec,
        *,
        replacing: str | None = None,
    ) -> None:
        """Record an answer of `source`; recording the same answer again changes nothing.

        When the key is already taken by a different answer: InvalidInput, or with
        `replacing` (the answer_key of interview-level results) the answer takes the
        old one's place (a retake that now counts) and what runs of `source` found in
        the old one, and the interview-level results built on it, are forgotten. That
        is refused once a run of `source` is complete: its results must keep naming the
        recording they were made from.
        """
        question = _dumps({"question": answer.question, "key_points": list(answer.key_points)})
        media = answer.media.to_json()
        with self._db.transaction():
            row = self._db.query_one(
                "SELECT candidate_id, question_json, media_json, position FROM analysis_answers "
                "WHERE source = ? AND answer_key = ?",
                (source, answer.key),
            )
            if row is None:
                self._db.execute(
                    "INSERT INTO analysis_answers (candidate_id, source, answer_key, position, "
                    "question_json, media_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        candidate_id,
                        source,
                        answer.key,
                        answer.position,
                        question,
                        media,
                        now_stamp(),
                    ),
                )
            elif tuple(row) == (candidate_id, question, media, answer.position):
                return
            elif replacing is None:
                raise InvalidInput(
                    "This answer was already stored for analysis with other content.",
                    "Give each answer of an interview its own key.",
                )
            else:
                self._replace(candidate_id, source, answer, question, media, replacing)

    def _replace(
        self,
        candidate_id: int,
        source: str,
        answer: AnswerSpec,
        question: str,
        media: str,
        interview_key: str,
    ) -> None:
        """(in put_answer's transaction) See `put_answer(replacing=...)`."""
        complete = self._db.query_one(
            "SELECT 1 FROM analysis_runs WHERE source = ? AND status = 'complete'", (source,)
        )
        if complete is not None:
            raise InvalidInput(
                "This interview's analysis is complete; its answers can no longer change."
            )
        self._db.execute(
            "DELETE FROM analysis_step_results WHERE answer_key IN (?, ?) AND run_id IN "
            "(SELECT id FROM analysis_runs WHERE source = ?)",
            (answer.key, interview_key, source),
        )
        self._db.execute(
            "UPDATE analysis_answers SET candidate_id = ?, position = ?, question_json = ?, "
            "media_json = ?, created_at = ? WHERE source = ? AND answer_key = ?",
            (candidate_id, answer.position, question, media, now_stamp(), source, answer.key),
        )

    def answers(self, source: str) -> list[AnswerSpec]:
        rows = self._db.query(
            "SELECT answer_key, position, question_json, media_json FROM analysis_answers "
            "WHERE source = ? ORDER BY position, answer_key",
            (source,),
        )
        specs = []
        for key, position, question_json, media_json in rows:
            question = json.loads(str(question_json))
            specs.append(
                AnswerSpec(
                    key=str(key),
                    position=int(position),
                    question=str(question["question"]),
                    key_points=tuple(str(k) for k in question["key_points"]),
                    media=MediaRef.from_json(str(media_json)),
                )
            )
        return specs

    def sources(self, candidate_id: int) -> list[str]:
        """The candidate's answer sources, the most recently added last."""
        rows = self._db.query(
            "SELECT source FROM analysis_answers WHERE candidate_id = ? "
            "GROUP BY source ORDER BY max(id)",
            (candidate_id,),
        )
        return [str(r[0]) for r in rows]

    # -- runs -----------------------------------------------------------------------

    def create_run(
        self,
        candidate_id: int,
        source: str,
        settings: Mapping[str, Any],
        models: Mapping[str, Any],
    ) -> int:
        with self._db.transaction():
            return self._db.execute(
                "INSERT INTO analysis_runs (candidate_id, source, created_at, status, "
                "settings_json, models_json) VALUES (?, ?, ?, 'running', ?, ?)",
                (candidate_id, source, now_stamp(), _dumps(settings), _dumps(models)),
            )

    def set_status(self, run_id: int, status: RunStatus) -> None:
        finished = None if status is RunStatus.RUNNING else now_stamp()
        with self._db.transaction():
            self._db.execute(
                "UPDATE analysis_runs SET status = ?, finished_at = ? WHERE id = ?",
                (str(status), finished, run_id),
            )

    def run(self, run_id: int) -> RunRecord | None:
        rows = self._runs("id = ?", (run_id,))
        return rows[0] if rows else None

    def runs(self, candidate_id: int) -> list[RunRecord]:
        """All runs of a candidate, newest first."""
        return self._runs("candidate_id = ?", (candidate_id,))

    def latest_complete(self, candidate_id: int) -> RunRecord | None:
        rows = self._runs("candidate_id = ? AND status = 'complete'", (candidate_id,), limit=1)
        return rows[0] if rows else None

    def resumable(self, candidate_id: int, source: str) -> list[RunRecord]:
        """Runs of `source` that stopped before completing (cancelled, or the app died)."""
        return self._runs(
            "candidate_id = ? AND source = ? AND status IN ('running', 'cancelled')",
            (candidate_id, source),
        )

    def _runs(self, where: str, params: Sequence[object], limit: int = -1) -> list[RunRecord]:
        rows = self._db.query(
            "SELECT id, candidate_id, source, created_at, finished_at, status, settings_json, "
            f"models_json FROM analysis_runs WHERE {where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            RunRecord(
                id=int(r[0]),
                candidate_id=int(r[1]),
                source=str(r[2]),
                created_at=str(r[3]),
                finished_at=None if r[4] is None else str(r[4]),
                status=RunStatus(str(r[5])),
                settings=json.loads(str(r[6])),
                models=json.loads(str(r[7])),
            )
            for r in rows
        ]

    # -- step results ---------------------------------------------------------------

    def add_step(
        self,
        run_id: int,
        answer_key: str,
        step: str,
        status: str,
        result: Mapping[str, Any],
        model: Mapping[str, Any],
        started_at: str,
    ) -> bool:
        """Store a finished step; False when that step was already stored (it is kept)."""
        try:
            with self._db.transaction():
                self._db.execute(
                    "INSERT INTO analysis_step_results (run_id, answer_key, step, status, "
                    "result_json, model_json, started_at, finished_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        answer_key,
                        step,
                        status,
                        _dumps(result),
                        _dumps(model),
                        started_at,
                        now_stamp(),
                    ),
                )
        except IntegrityError:
            log.info("step %s of run %d was already stored", step, run_id)
            return False
        return True

    def steps(self, run_id: int, answer_key: str | None = None) -> list[StepRecord]:
        """The run's stored steps (of one answer when `answer_key` is given), in order."""
        where, params = "run_id = ?", list[object]([run_id])
        if answer_key is not None:
            where, params = "run_id = ? AND answer_key = ?", [run_id, answer_key]
        rows = self._db.query(
            "SELECT answer_key, step, status, result_json, model_json, started_at, finished_at "
            f"FROM analysis_step_results WHERE {where} ORDER BY rowid",
            params,
        )
        return [
            StepRecord(
                answer_key=str(r[0]),
                step=str(r[1]),
                status=str(r[2]),
                result=json.loads(str(r[3])),
                model=json.loads(str(r[4])),
                started_at=str(r[5]),
                finished_at=str(r[6]),
            )
            for r in rows
        ]

    def step(self, run_id: int, answer_key: str, step: str) -> StepRecord | None:
        return next((s for s in self.steps(run_id, answer_key) if s.step == step), None)
