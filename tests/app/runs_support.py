"""A workspace whose candidate has several analysis runs, for the run chooser and re-runs.

One candidate, one imported answer (a 7 s speech clip, no picture), three runs, newest last:

- `complete`: analysed with the English speech model (whisper-tiny.en);
- `unavailable`: re-run with the multilingual speech model while it is not installed, so
  its transcript is "unavailable" (the latest complete run; it costs no transcription);
- `cancelled`: a re-run stopped at once (the newest run, never shown).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from analysis.models import Capability, ModelRegistry
from app.accounts import Role
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.pipeline import QuestionSpec
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.settings import PipelineSettings
from app.keys import KdfParams
from app.workspace import Workspace
from tests.app import pipeline_support as support

PASSWORD = "correct horse battery"
REVIEWER = "rita"
QUESTION = QuestionSpec(
    "Tell us about the last book you read and why you chose it.",
    ("the story of the book", "the author"),
)


@dataclass(frozen=True)
class RunsWorkspace:
    path: Path
    candidate: int
    complete: int
    unavailable: int
    cancelled: int
    models: Path
    """The full model folder."""
    models_without_multilingual: Path
    """The same models, less whisper-base (the multilingual speech model)."""


def models_without(provisioned: Path, target: Path, *missing: str) -> Path:
    """A model folder like `provisioned` lacking `missing` subfolders, files hard-linked
    (no copying of a few hundred MB); the manifest still lists what is missing."""
    shutil.copytree(
        provisioned, target, ignore=shutil.ignore_patterns(*missing), copy_function=os.link
    )
    return target


def build_runs_workspace(folder: Path, provisioned: Path, policy: str = "general") -> RunsWorkspace:
    without = models_without(provisioned, folder / "models-without-base", "whisper-base")
    with Workspace.create(
        folder / "ws", "admin", PASSWORD, policy, kdf=KdfParams.insecure_fast()
    ) as session:
        session.users.add(REVIEWER, Role.REVIEWER, PASSWORD)
        candidate = session.candidates.add("Jane Chapter", {})
        full = AnalysisService(
            session, PipelineModels(ModelRegistry(provisioned, prefer_device="cpu"))
        )
        complete = full.analyse_files(candidate, [support.SPEECH / support.SHORT_CLIP], [QUESTION])
        lacking = AnalysisService(
            session, PipelineModels(ModelRegistry(without, prefer_device="cpu"))
        )
        multilingual = PipelineSettings(speech=Capability.SPEECH_MULTILINGUAL)
        unavailable = lacking.rerun(candidate, multilingual)
        source = full.runs(candidate)[0].source
        stopped = full.start(candidate, source, resume=False)
        stopped.mark_cancelled()
    return RunsWorkspace(
        folder / "ws", candidate, complete, unavailable, stopped.run_id, provisioned, without
    )
