"""The models an analysis uses, loaded once through the registry, and how they are recorded.

Every stored step result names the model(s) behind it as `model_record` dicts:
capability, name, version, sha256, device, source. A capability whose model is
missing raises `ModelUnavailable` here; the pipeline turns that into an
"unavailable" step result and the other steps run on.
"""

from __future__ import annotations

import threading
from typing import Any

from analysis.answers import AnswerAssessor, AssessmentSettings
from analysis.embeddings import SentenceEmbedder, load_embedder
from analysis.errors import ModelUnavailable
from analysis.models import Capability, ModelRegistry, ResolvedModel
from analysis.speech import Transcriber, load_transcriber


def model_record(model: ResolvedModel, device: str | None = None) -> dict[str, str]:
    """What a stored result says about the model that produced it."""
    return {
        "capability": str(model.capability),
        "name": model.name,
        "version": model.version,
        "sha256": model.sha256,
        "device": device or model.device,
        "source": model.source,
    }


def unavailable_record(exc: ModelUnavailable) -> dict[str, Any]:
    return {"available": False, "problem": exc.message, "fix": exc.hint}


class PipelineModels:
    """Lazily loaded models of one registry, shared by the runs of a session.

    The registry loads each capability once. Whisper is not thread-safe, so
    transcriptions take `speech_lock`; the assessor is built once per settings.
    """

    def __init__(self, registry: ModelRegistry, *, cpu_threads: int = 0) -> None:
        self.registry = registry
        self.cpu_threads = cpu_threads
        self.speech_lock = threading.Lock()
        self._assessors: dict[str, AnswerAssessor] = {}
        self._guard = threading.Lock()

    def describe(self, capabilities: list[Capability]) -> dict[str, Any]:
        """Resolve (without loading) the models a run will use: its `models_json`."""
        described: dict[str, Any] = {}
        for capability in capabilities:
            try:
                described[str(capability)] = model_record(self.registry.resolve(capability))
            except ModelUnavailable as exc:
                described[str(capability)] = unavailable_record(exc)
        return described

    def transcriber(self, capability: Capability) -> tuple[Transcriber, dict[str, str]]:
        threads = self.cpu_threads

        def load(model: ResolvedModel) -> Transcriber:
            return load_transcriber(model, cpu_threads=threads)

        transcriber = self.registry.load(capability, load)
        return transcriber, self._record(capability, transcriber.device)

    def assessor(self, settings: AssessmentSettings) -> tuple[AnswerAssessor, dict[str, str]]:
        threads = self.cpu_threads

        def load(model: ResolvedModel) -> SentenceEmbedder:
            return load_embedder(model, cpu_threads=threads)

        embedder = self.registry.load(Capability.SENTENCE_EMBEDDINGS, load)
        key = repr(settings)
        with self._guard:
            assessor = self._assessors.get(key)
            if assessor is None:
                assessor = AnswerAssessor(embedder, settings)
                self._assessors[key] = assessor
        return assessor, self._record(Capability.SENTENCE_EMBEDDINGS, embedder.device)

    def record_of(self, capability: Capability) -> dict[str, str]:
        """The record of a loaded capability (the one its results came from)."""
        return self._record(capability, None)

    def _record(self, capability: Capability, device: str | None) -> dict[str, str]:
        model = self.registry.loaded_model(capability) or self.registry.resolve(capability)
        return model_record(model, device)
