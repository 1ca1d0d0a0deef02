"""Interview analyses that stopped before their end although all their answers are in.

    for found in find_interrupted(service):        # at start-up, off the UI thread
        resume_run(service, found.run_id, task)    # "Finish now": one job per run

Live kiosk analysis leaves its run unfinished when the app is closed or killed, or a
job fails, and nothing else finishes it: the run stays incomplete until someone
re-runs the analysis. A run is worth finishing when it is the latest of its source,
stopped (`running` at start-up means the process died; `cancelled` means it was
stopped), and the source is ready: the interview was completed by the candidate, or
an import stored at least one step (an import stores every answer before analysing
any). A source that already has a complete run whose newest run was *cancelled* is a
re-run someone stopped on purpose: the interview's analysis did finish, so it is left
alone. Erasing a candidate deletes their runs, and the query skips erased ones too.
Candidates who chose human-only review are never offered (their stopped runs stay
stopped), and `resume_run` refuses them (AutomatedAnalysisDeclined).

The workspace has no single-process lock (SQLite write locks only: a second window
or `candor analyse` may use it at the same time), so a `running` run may in rare
cases belong to another live process. Finishing it here then only repeats steps: a
step already stored is kept (see `AnalysisStore.add_step`), never written twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from analysis.tasks import NullTask, Task
from app.analysis_pipeline.live import answer_key
from app.analysis_pipeline.service import (
    IMPORT_PREFIX,
    INTERVIEW_PREFIX,
    RERUN_PERMISSION,
    AnalysisService,
)
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.store import AnswerSpec, RunStatus
from app.errors import InvalidInput
from app.interviews import InterviewStatus
from app.interviews.errors import InterviewNotFound
from app.interviews.takes import counting_takes
from app.workspace import Session

log = logging.getLogger("candor.analysis")

# One query for the whole workspace: the latest run of each (candidate, source) when it
# stopped, with when it last did something and whether any step is stored. Runs are few
# next to step results; each step subquery is a primary-key range scan.
_INTERRUPTED = """
SELECT r.id, r.candidate_id, r.source, r.status, r.created_at,
       coalesce(r.finished_at,
                (SELECT max(s.finished_at) FROM analysis_step_results s WHERE s.run_id = r.id),
                r.created_at),
       EXISTS (SELECT 1 FROM analysis_step_results s WHERE s.run_id = r.id)
FROM analysis_runs r JOIN candidates c ON c.id = r.candidate_id
WHERE c.erased_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM processing_restrictions p
                  WHERE p.candidate_id = r.candidate_id AND p.human_only = 1)
  AND r.status IN ('running', 'cancelled')
  AND r.id = (SELECT max(l.id) FROM analysis_runs l
              WHERE l.candidate_id = r.candidate_id AND l.source = r.source)
  AND NOT (r.status = 'cancelled' AND EXISTS (
      SELECT 1 FROM analysis_runs d
      WHERE d.candidate_id = r.candidate_id AND d.source = r.source AND d.status = 'complete'))
ORDER BY r.id
"""


@dataclass(frozen=True)
class InterruptedAnalysis:
    """A stopped analysis run that can be finished (see the module docstring)."""

    candidate_id: int
    source: str
    run_id: int
    status: RunStatus
    created_at: str
    """When the run started (UTC stamp, as stored)."""
    stopped_at: str
    """When it stopped: its end, else its last stored step, else its start (UTC stamp)."""
    description: str
    """Short and without personal data: "Interview of candidate #12, stopped 3 Dec 14:05"."""


def find_interrupted(service: AnalysisService) -> list[InterruptedAnalysis]:
    """The runs that stopped before the end of a ready source, oldest first.

    Only for users who may re-run analyses (finishing one makes candidate data).
    """
    session = service.session
    session.user.require(RERUN_PERMISSION)
    found = []
    for run_id, candidate_id, source, status, created, stopped, has_steps in session.db.query(
        _INTERRUPTED
    ):
        source = str(source)
        if source.startswith(INTERVIEW_PREFIX):
            ready = _interview_completed(session, source)
            what = "Interview"
        elif source.startswith(IMPORT_PREFIX):
            ready = bool(has_steps)
            what = "Imported recordings"
        else:
            continue
        if not ready:
            continue
        found.append(
            InterruptedAnalysis(
                candidate_id=int(candidate_id),
                source=source,
                run_id=int(run_id),
                status=RunStatus(str(status)),
                created_at=str(created),
                stopped_at=str(stopped),
                description=f"{what} of candidate #{candidate_id}, stopped {_when(str(stopped))}",
            )
        )
    return found


def resume_run(service: AnalysisService, run_id: int, task: Task | None = None) -> int:
    """Finish a stopped run (`find_interrupted`) under the settings and consent it started
    with; returns the id of the run that completed.

    The same run resumes when the models are unchanged (only its missing steps run),
    else its answers are analysed in a new run. An interview's answers that count are
    added first (the app may have died before it handed them all over).
    """
    service.session.user.require(RERUN_PERMISSION)
    run = service.store.run(run_id)
    if run is None:
        raise InvalidInput(f"There is no analysis run {run_id}.", "Choose one of the runs listed.")
    if run.status is RunStatus.COMPLETE:
        return run.id
    service.check_allowed(run.candidate_id)  # before touching the interview's answers
    settings = PipelineSettings.from_json_dict(run.settings)
    answers = interview_answers(service.session, run.source)
    pipeline = service.start(
        run.candidate_id, run.source, settings, identity_consented=settings.identity_consented
    )
    try:
        for answer in answers:
            pipeline.add_answer(answer, replace=True)
    except BaseException:
        pipeline.mark_cancelled()  # left resumable, as it was
        raise
    return pipeline.finish(task or NullTask())


def interview_answers(session: Session, source: str) -> list[AnswerSpec]:
    """The answers that count of a completed interview `source`, in question order, as
    the kiosk hands them to live analysis at the end ([] for any other source).

    Resuming adds them first: the app may have died before the last answers were
    handed over. An interview still going is refused (its analysis would lack answers).
    """
    if not source.startswith(INTERVIEW_PREFIX):
        return []
    interviews = session.interviews
    interview = interviews.get(_interview_id(source))
    if interview.status is not InterviewStatus.COMPLETED:
        raise InvalidInput(
            f"Interview #{interview.id} is not finished, so its analysis cannot be finished.",
            "The analysis completes when the candidate finishes the interview.",
        )
    questions = {q.id: q for q in interviews.question_sets.get(interview.question_set_id).questions}
    kept: dict[int, AnswerSpec] = {}
    for question_id, take in counting_takes(interviews.answers(interview.id)).items():
        question = questions[question_id]
        assert take.ref is not None
        kept[question.position] = AnswerSpec(
            answer_key(question.position),
            question.position,
            question.text,
            question.key_points,
            take.ref,
        )
    return [kept[position] for position in sorted(kept)]


def _interview_completed(session: Session, source: str) -> bool:
    try:
        interview = session.interviews.get(_interview_id(source))
    except (InterviewNotFound, InvalidInput):
        log.info("analysis source without its interview: skipped")
        return False
    return interview.status is InterviewStatus.COMPLETED


def _interview_id(source: str) -> int:
    try:
        return int(source.removeprefix(INTERVIEW_PREFIX))
    except ValueError:
        raise InvalidInput("This analysis does not name an interview it belongs to.") from None


def _when(stamp: str) -> str:
    """A stored UTC stamp in local time, short: "3 Dec 14:05"."""
    try:
        local = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{local.day} {local:%b %H:%M}"


__all__ = ["InterruptedAnalysis", "find_interrupted", "interview_answers", "resume_run"]
