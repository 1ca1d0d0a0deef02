"""Candor's offline model registry: find, verify, provision and lazily load every model.

    registry = ModelRegistry(app.paths.model_dir())
    registry.status()                      # one CapabilityStatus per capability, no loading
    model = registry.resolve(Capability.SPEECH)   # or ModelUnavailable(file, fix)
    whisper = registry.load(Capability.SPEECH, lambda m: WhisperModel(str(m.path), device=m.device))

Nothing here downloads anything: models come from the model folder or installed packages.
"""

from analysis.errors import ModelUnavailable
from analysis.models.capabilities import (
    LABELS,
    Capability,
    CapabilityStatus,
    InvalidModel,
    ModelFolderError,
    ResolvedModel,
)
from analysis.models.provision import ProvisionAction, ProvisionReport, ProvisionStep
from analysis.models.registry import ModelRegistry, configure_deepface_env

__all__ = [
    "LABELS",
    "Capability",
    "CapabilityStatus",
    "InvalidModel",
    "ModelFolderError",
    "ModelRegistry",
    "ModelUnavailable",
    "ProvisionAction",
    "ProvisionReport",
    "ProvisionStep",
    "ResolvedModel",
    "configure_deepface_env",
]
