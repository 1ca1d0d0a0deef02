"""What the model registry talks about: capabilities, resolved models, their status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from analysis.errors import CandorError, ModelUnavailable

__all__ = [
    "LABELS",
    "Capability",
    "CapabilityStatus",
    "InvalidModel",
    "ModelFolderError",
    "ModelUnavailable",
    "ResolvedModel",
]


class Capability(StrEnum):
    SPEECH = "speech"
    SPEECH_MULTILINGUAL = "speech_multilingual"
    RESUME_NLP = "resume_nlp"
    FACE_DETECTION = "face_detection"
    FACE_IDENTITY = "face_identity"
    FACIAL_EXPRESSION = "facial_expression"
    SENTENCE_EMBEDDINGS = "sentence_embeddings"


LABELS: Mapping[Capability, str] = MappingProxyType(
    {
        Capability.SPEECH: "Speech to text",
        Capability.SPEECH_MULTILINGUAL: "Speech to text, multilingual",
        Capability.RESUME_NLP: "Resume language analysis",
        Capability.FACE_DETECTION: "Face detection",
        Capability.FACE_IDENTITY: "Face identity",
        Capability.FACIAL_EXPRESSION: "Facial expression",
        Capability.SENTENCE_EMBEDDINGS: "Sentence embeddings",
    }
)


def _empty_files() -> Mapping[str, Path]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ResolvedModel:
    """A model found on disk and verified, ready to be loaded.

    `path` is what the runtime opens: the CTranslate2 folder for Whisper, the spaCy
    pipeline folder, the model's main file otherwise. `files` names every file by its
    role ("model", "tokenizer", "config", "eye" ...) for runtimes that need more than
    one. `sha256` is the main file's checksum; for a spaCy pipeline (no main file) it
    is the digest of the folder's file list. `library_name` is what the library running
    it calls it (DeepFace's model or detector name, the spaCy package name).
    """

    capability: Capability
    name: str
    version: str
    path: Path
    sha256: str
    source: str  # "model folder" or "package <distribution>"
    device: str  # "cpu" or "cuda"
    licence: str
    runtime: str = ""  # ctranslate2, onnxruntime, dlib, opencv, spacy
    library_name: str = ""
    files: Mapping[str, Path] = field(default_factory=_empty_files, compare=False, hash=False)

    def describe(self) -> str:
        """One line for logs, stored results and the Settings page."""
        return (
            f"{self.name} {self.version} sha256:{self.sha256[:12]} on {self.device} ({self.source})"
        )


@dataclass(frozen=True)
class CapabilityStatus:
    """What the Settings page and `candor models status` show for one capability.

    `available` with an empty `problem`: all is well. `available` with a `problem`: a
    preferred model is missing or corrupt and a fallback is in use (show the notice).
    Not `available`: the capability is off; `problem` names the file, `fix` says what to do.
    """

    capability: Capability
    label: str
    available: bool
    model: ResolvedModel | None
    problem: str = ""
    fix: str = ""


class InvalidModel(CandorError):
    """`candor models add PATH` was given something that is not a model Candor can use."""


class ModelFolderError(CandorError):
    """The model folder cannot be written (read-only, full disk, no permission)."""
