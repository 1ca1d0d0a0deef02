"""Use cases of interview analysis on a signed-in session: start, resume, re-run, read.

    service = AnalysisService(session, registry)
    run_id = service.analyse_files(candidate_id, files, questions)          # `candor analyse`
    run_id = service.rerun(candidate_id, PipelineSettings(speech=Capability.SPEECH_MULTILINGUAL))
    results = service.latest(candidate_id)                                  # page and PDF

Starting a run for a source whose previous run stopped (cancelled, or the app was
killed) with the same settings and models resumes that run: only the missing steps
run. Any other start is a new run; old runs are kept, so every result ever shown can
still name the models and settings behind it.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.models import ModelRegistry
from analysis.tasks import NullTask, Task
from analysis.video import IdentityReference
from app.accounts import Permission
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.pipeline import AnalysisPipeline, QuestionSpec
from app.analysis_pipeline.results import CandidateAnalysis, read_run
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.store import AnalysisStore, RunRecord, RunStatus
from app.errors import InvalidInput
from app.policy import load_policy
from app.workspace import Session

log = logging.getLogger("candor.analysis")

IMPORT_PREFIX = "import:"
INTERVIEW_PREFIX = "interview:"


class AnalysisService:
    """Analysis use cases of one session. Models are loaded once per registry."""

    def __init__(
        self, session: Session, registry: ModelRegistry | PipelineModels, *, cpu_threads: int = 0
    ) -> None:
        self.session = session
        self.store = AnalysisStore(session.db)
        self.models = (
            registry
            if isinstance(registry, PipelineModels)
            else PipelineModels(registry, cpu_threads=cpu_threads)
        )
        self._active: set[int] = set()
        self._lock = threading.Lock()

    # -- settings -------------------------------------------------------------------

    def settings_for(
        self, settings: PipelineSettings | None = None, *, identity_consented: bool = False
    ) -> PipelineSettings:
        """`settings` (default ones if None) under this workspace's policy."""
        policy = load_policy(self.session.policy_id)
        return (settings or PipelineSettings()).for_policy(
            policy, identity_consented=identity_consented
        )

    # -- runs -----------------------------------------------------------------------

    def start(
        self,
        candidate_id: int,
        source: str,
        settings: PipelineSettings | None = None,
        *,
        identity_consented: bool = False,
        identity_reference: IdentityReference | None = None,
        resume: bool = True,
    ) -> AnalysisPipeline:
        """A pipeline for the answers of `source`: a stopped run resumed, or a new run.

        `identity_consented` comes from the interview (the consent or waiver the policy
        requires); without it no face template is made. `identity_reference` is the
        consented check-in reference, when there is one.
        """
        self.session.candidates.media_key(candidate_id)  # exists and is not erased
        if not source or len(source) > 200:
            raise InvalidInput("An analysis needs a source name of 1-200 characters.")
        effective = self.settings_for(settings, identity_consented=identity_consented)
        settings_json = _normalised(effective.to_json_dict())
        models_json = _normalised(self.models.describe(effective.capabilities()))
        run_id: int | None = None
        with self._lock:
            if resume:
                for run in self.store.resumable(candidate_id, source):
                    same = run.settings == settings_json and run.models == models_json
                    if same and run.id not in self._active:
                        run_id = run.id
                        self.store.set_status(run_id, RunStatus.RUNNING)
                        log.info("resuming analysis run %d", run_id)
                        break
            if run_id is None:
                run_id = self.store.create_run(candidate_id, source, settings_json, models_json)
            self._active.add(run_id)
        self.session.audit.record("analysis.started", f"candidate:{candidate_id}", {"run": run_id})
        return AnalysisPipeline(
            store=self.store,
            media=self.session.media,
            models=self.models,
            run_id=run_id,
            candidate_id=candidate_id,
            source=source,
            settings=effective,
            identity_reference=identity_reference,
            on_end=self._ended,
        )

    def _ended(self, pipeline: AnalysisPipeline, status: RunStatus) -> None:
        with self._lock:
            self._active.discard(pipeline.run_id)
        self.session.audit.record(
            f"analysis.{status}", f"candidate:{pipeline.candidate_id}", {"run": pipeline.run_id}
        )

    def analyse_files(
        self,
        candidate_id: int,
        files: Sequence[Path],
        questions: Sequence[QuestionSpec],
        settings: PipelineSettings | None = None,
        *,
        identity_consented: bool = False,
        task: Task | None = None,
    ) -> int:
        """Import recordings (file i answers question i) for a candidate and analyse them."""
        self.session.user.require(Permission.ADD_CANDIDATES)
        if not files or len(files) != len(questions):
            raise InvalidInput(
                f"{len(files)} recording(s) were given for {len(questions)} question(s).",
                "Give one recording per question, in the order of the questions.",
            )
        source = f"{IMPORT_PREFIX}{uuid.uuid4().hex}"
        pipeline = self.start(candidate_id, source, settings, identity_consented=identity_consented)
        pipeline.analyse_files(files, questions, task or NullTask())
        return pipeline.run_id

    def rerun(
        self,
        candidate_id: int,
        settings: PipelineSettings | None = None,
        *,
        source: str | None = None,
        identity_consented: bool | None = None,
        identity_reference: IdentityReference | None = None,
        task: Task | None = None,
    ) -> int:
        """Analyse a candidate's stored answers again (another model or settings): one call.

        Default source: the one of the latest run. Consent defaults to what that run had.
        """
        latest = self._latest_run(candidate_id, source)
        if latest is None:
            raise InvalidInput(
                "This candidate has no analysed answers to analyse again.",
                "Record or import the interview first.",
            )
        consented = (
            bool(latest.settings.get("identity_consented"))
            if identity_consented is None
            else identity_consented
        )
        pipeline = self.start(
            candidate_id,
            latest.source,
            settings,
            identity_consented=consented,
            identity_reference=identity_reference,
            resume=False,
        )
        pipeline.finish(task or NullTask())
        return pipeline.run_id

    def resume(
        self,
        candidate_id: int,
        source: str,
        settings: PipelineSettings | None = None,
        *,
        identity_consented: bool = False,
        task: Task | None = None,
    ) -> int:
        """Finish a stopped run of `source` (or run it anew if its settings changed)."""
        pipeline = self.start(candidate_id, source, settings, identity_consented=identity_consented)
        return pipeline.finish(task or NullTask())

    def _latest_run(self, candidate_id: int, source: str | None) -> RunRecord | None:
        runs = self.store.runs(candidate_id)
        if source is not None:
            runs = [r for r in runs if r.source == source]
        return runs[0] if runs else None

    # -- reading --------------------------------------------------------------------

    def latest(self, candidate_id: int) -> CandidateAnalysis | None:
        """The latest complete analysis of a candidate (what the page and the PDF show)."""
        self.session.user.require(Permission.READ_CANDIDATES)
        run = self.store.latest_complete(candidate_id)
        if run is None:
            return None
        return read_run(self.store, run)

    def runs(self, candidate_id: int) -> list[RunRecord]:
        return self.store.runs(candidate_id)


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """As it reads back from the database (tuples become lists), so runs compare equal."""
    loaded: dict[str, Any] = json.loads(json.dumps(data, sort_keys=True))
    return loaded
