"""Use cases of interview analysis on a signed-in session: start, resume, re-run, read.

    service = AnalysisService(session, registry)
    run_id = service.analyse_files(candidate_id, files, questions)          # `candor analyse`
    run_id = service.rerun(candidate_id, PipelineSettings(speech=Capability.SPEECH_MULTILINGUAL))
    results = service.latest(candidate_id)                                  # page and PDF
    results = service.read(candidate_id, run_id)                            # page's run chooser
    options = service.rerun_options(candidate_id)                           # page's re-run dialog

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.models import LABELS, Capability, ModelRegistry
from analysis.tasks import NullTask, Task
from analysis.video import IdentityReference
from app.accounts import Permission
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.pipeline import AnalysisPipeline, QuestionSpec
from app.analysis_pipeline.results import CandidateAnalysis, read_run
from app.analysis_pipeline.settings import SPEECH_CAPABILITIES, PipelineSettings
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec, RunRecord, RunStatus
from app.compliance.restrictions import is_human_only
from app.errors import AutomatedAnalysisDeclined, InvalidInput
from app.policy import Policy, load_policy
from app.workspace import Session

log = logging.getLogger("candor.analysis")

IMPORT_PREFIX = "import:"
INTERVIEW_PREFIX = "interview:"
RERUN_PERMISSION = Permission.ADD_CANDIDATES
"""A re-run makes new candidate data from stored recordings: the right that importing and
analysing recordings (`analyse_files`) needs. Reviewers and kiosks do not have it."""
SPEECH_NOTES = {
    Capability.SPEECH: "English only; the faster one.",
    Capability.SPEECH_MULTILINGUAL: "Understands other languages; slower.",
}


@dataclass(frozen=True)
class RerunChoice:
    """One option of a re-run: whether it can be chosen, and what to tell the user."""

    name: str
    label: str
    available: bool
    note: str = ""
    """Why it cannot be chosen (policy, consent, missing model and its fix), else a hint."""


@dataclass(frozen=True)
class RerunOptions:
    """What a re-run of `run_id`'s answers may change, with the defaults that run had."""

    candidate_id: int
    run_id: int
    source: str
    speech: tuple[RerunChoice, ...]
    facial_expression: RerunChoice
    identity_check: RerunChoice
    chosen_speech: str
    chosen_expression: bool
    chosen_identity: bool
    language: str | None = None
    expected_language: str = "en"

    def settings(
        self, speech: str, *, facial_expression: bool, identity_check: bool
    ) -> PipelineSettings:
        """The settings of the re-run: the choices, the interview's language kept."""
        return PipelineSettings(
            speech=Capability(speech),
            language=self.language,
            expected_language=self.expected_language,
            facial_expression=facial_expression and self.facial_expression.available,
            identity_check=identity_check and self.identity_check.available,
        )


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

    def declined(self, candidate_id: int) -> bool:
        """True when the candidate chose human-only review (no automated step)."""
        return is_human_only(self.session.db, candidate_id)

    def check_allowed(self, candidate_id: int) -> None:
        """AutomatedAnalysisDeclined when the candidate chose human-only review."""
        if self.declined(candidate_id):
            log.info("analysis refused: the candidate chose human-only review")
            raise AutomatedAnalysisDeclined(candidate_id)

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

        The choke point of human-only review: every path (kiosk, re-run, `candor
        analyse`, recovery) starts its run here, and a candidate who declined
        automated analysis gets AutomatedAnalysisDeclined, before any run exists.
        """
        self.session.candidates.media_key(candidate_id)  # exists and is not erased
        self.check_allowed(candidate_id)
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
        self.check_allowed(candidate_id)
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
        self.session.user.require(RERUN_PERMISSION)
        self.check_allowed(candidate_id)  # before "nothing to re-run": the real reason
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

    def read(self, candidate_id: int, run_id: int) -> CandidateAnalysis:
        """One complete run of the candidate (the page's run chooser), audit-logged as read.

        Runs still going, cancelled or failed are refused: half-done results are never shown.
        """
        self.session.user.require(Permission.READ_CANDIDATES)
        run = self.store.run(run_id)
        if run is None or run.candidate_id != candidate_id:
            raise InvalidInput(
                f"Candidate #{candidate_id} has no analysis run {run_id}.",
                "Choose one of the runs listed for this candidate.",
            )
        if run.status is not RunStatus.COMPLETE:
            raise InvalidInput(
                f"Analysis run {run_id} is {run.status}, not complete; only complete runs "
                "are shown.",
                "Choose a complete run, or wait for this one to finish.",
            )
        self.session.audit.record("analysis.read", f"candidate:{candidate_id}", {"run": run_id})
        return read_run(self.store, run)

    def recordings(self, analysis: CandidateAnalysis) -> list[AnswerSpec]:
        """The stored answers (question and encrypted recording) a read run analysed."""
        self.session.user.require(Permission.READ_CANDIDATES)
        return self.store.answers(analysis.run.source)

    def rerun_options(self, candidate_id: int, run_id: int | None = None) -> RerunOptions:
        """What a re-run of `run_id` (default: the latest run) may use: the installed speech
        models, and expressions and identity unless the policy, the candidate's consent or
        a missing model rules them out (each says which). Resolves models without loading.
        """
        self.session.user.require(RERUN_PERMISSION)
        self.check_allowed(candidate_id)
        runs = self.store.runs(candidate_id)
        base = next((r for r in runs if run_id is None or r.id == run_id), None)
        if base is None:
            raise InvalidInput(
                "This candidate has no analysed answers to analyse again.",
                "Record or import the interview first.",
            )
        policy = load_policy(self.session.policy_id)
        found = self.models.describe(
            [*SPEECH_CAPABILITIES, Capability.FACE_IDENTITY, Capability.FACIAL_EXPRESSION]
        )
        speech = tuple(
            _model_choice(c, found[str(c)], SPEECH_NOTES[c]) for c in SPEECH_CAPABILITIES
        )
        expression = _model_choice(
            Capability.FACIAL_EXPRESSION,
            found[str(Capability.FACIAL_EXPRESSION)],
            "Descriptive only, never part of a score.",
            refused=_policy_refusal(policy, "facial_expression"),
        )
        consented = bool(base.settings.get("identity_consented"))
        identity = _model_choice(
            Capability.FACE_IDENTITY,
            found[str(Capability.FACE_IDENTITY)],
            "Whether the same person answers every question; a person judges it.",
            refused=_policy_refusal(policy, "face_identity")
            or (
                ""
                if consented
                else "The candidate did not give the consent this workspace's policy requires "
                "for an identity check, so no face template is made."
            ),
        )
        wanted = str(base.settings.get("speech", Capability.SPEECH))
        usable = [c.name for c in speech if c.available]
        language = base.settings.get("language")
        return RerunOptions(
            candidate_id=candidate_id,
            run_id=base.id,
            source=base.source,
            speech=speech,
            facial_expression=expression,
            identity_check=identity,
            chosen_speech=wanted if wanted in usable or not usable else usable[0],
            chosen_expression=bool(base.settings.get("facial_expression")) and expression.available,
            chosen_identity=bool(base.settings.get("identity_check", True)) and identity.available,
            language=None if language is None else str(language),
            expected_language=str(base.settings.get("expected_language", "en")),
        )


def _model_choice(
    capability: Capability, record: Mapping[str, Any], note: str, *, refused: str = ""
) -> RerunChoice:
    """A choice needing `capability`'s model: refused (the reason given), missing, or usable."""
    label = LABELS[capability]
    if refused:
        return RerunChoice(str(capability), label, False, refused)
    if record.get("available") is False:
        missing = f"Not installed: {record.get('problem', '')} {record.get('fix', '')}"
        return RerunChoice(str(capability), label, False, missing.strip())
    return RerunChoice(str(capability), f"{label} ({record['name']})", True, note)


def _policy_refusal(policy: Policy, analysis: str) -> str:
    """Why the workspace policy rules `analysis` out (it needs a face in view too), or ""."""
    if policy.allows(analysis) and policy.allows("face_presence"):
        return ""
    return (
        f"Not allowed under the workspace policy “{policy.name}” "
        f"(jurisdiction: {policy.jurisdiction})."
    )


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """As it reads back from the database (tuples become lists), so runs compare equal."""
    loaded: dict[str, Any] = json.loads(json.dumps(data, sort_keys=True))
    return loaded
