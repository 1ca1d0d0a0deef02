"""What produced a result: the model and its checksum, recorded with every observation."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.models import ResolvedModel


@dataclass(frozen=True)
class ModelRecord:
    capability: str
    name: str
    version: str
    sha256: str
    device: str
    library_name: str
    source: str

    @classmethod
    def of(cls, model: ResolvedModel) -> ModelRecord:
        return cls(
            capability=str(model.capability),
            name=model.name,
            version=model.version,
            sha256=model.sha256,
            device=model.device,
            library_name=model.library_name,
            source=model.source,
        )

    def to_json_dict(self) -> dict[str, str]:
        return {
            "capability": self.capability,
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "device": self.device,
            "library_name": self.library_name,
            "source": self.source,
        }
