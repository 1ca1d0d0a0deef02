"""The one place models are found, verified, placed on a device and loaded.

Each capability's model is looked for, in order, among the models in the model folder
(added by an administrator first, then provisioned), then in the pip package that ships
it. Every file is checked against a checksum (the model folder's manifest.json, or the
RECORD pip wrote for the package) before it is used. A capability whose model is missing
or corrupt is reported with the file and the fix, and is off; nothing is downloaded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

from analysis.models import adding
from analysis.models.capabilities import (
    LABELS,
    Capability,
    CapabilityStatus,
    ModelFolderError,
    ModelUnavailable,
    ResolvedModel,
)
from analysis.models.catalogue import BUILT_IN_FOR, DEEPFACE_FOLDER, DEEPFACE_WEIGHTS
from analysis.models.devices import DeviceProbe
from analysis.models.hashing import HashCache, digest_of_listing
from analysis.models.manifest import ADDED, Manifest, ManifestEntry
from analysis.models.package_models import Finding, package_candidate, packages_missing
from analysis.models.packages import PackageIndex, dist_version
from analysis.models.provision import Provisioner, ProvisionReport
from analysis.tasks import Task

log = logging.getLogger("candor.models")
T = TypeVar("T")

PROVISION_FIX = "Run `candor models provision` to rebuild it."
ADD_AGAIN_FIX = (
    "Add the model again with `candor models add PATH`, or remove it from manifest.json."
)
DEFAULT_RUNTIME = {
    Capability.SPEECH: "ctranslate2",
    Capability.SPEECH_MULTILINGUAL: "ctranslate2",
    Capability.RESUME_NLP: "spacy",
    Capability.FACE_DETECTION: "opencv",
    Capability.FACE_IDENTITY: "dlib",
    Capability.FACIAL_EXPRESSION: "onnxruntime",
    Capability.SENTENCE_EMBEDDINGS: "onnxruntime",
}


class ModelRegistry:
    """Finds, verifies and lazily loads each capability's model. Thread-safe."""

    def __init__(self, model_dir: Path, *, prefer_device: str | None = None) -> None:
        self.model_dir = Path(model_dir)
        self._devices = DeviceProbe(prefer_device)
        self._hashes = HashCache()
        self._packages = PackageIndex()
        self._guard = threading.Lock()
        self._write_lock = threading.Lock()
        self._load_locks: dict[Capability, threading.Lock] = {}
        self._loaded: dict[Capability, tuple[ResolvedModel, object]] = {}

    # -- where and on what ---------------------------------------------------------------

    def deepface_home(self) -> Path:
        """The DEEPFACE_HOME to set before DeepFace is imported (see configure_deepface_env)."""
        return self.model_dir / DEEPFACE_FOLDER

    def device_for(self, capability: Capability) -> str:
        """Where the capability's usual runtime runs: "cuda" if it sees a GPU, else "cpu"."""
        return self._devices.device(DEFAULT_RUNTIME[Capability(capability)])

    # -- status and resolution -----------------------------------------------------------

    def status(self) -> list[CapabilityStatus]:
        """Every capability, in a fixed order. Loads no model; hashes are cached."""
        manifest = Manifest(self.model_dir)
        return [self._status(capability, manifest) for capability in Capability]

    def resolve(self, capability: Capability) -> ResolvedModel:
        """The verified model for `capability`, or ModelUnavailable naming what is wrong."""
        capability = Capability(capability)
        status = self._status(capability, Manifest(self.model_dir))
        if status.model is None:
            raise ModelUnavailable(str(capability), status.problem, status.fix)
        if status.problem:
            log.warning("%s: %s", capability, status.problem)
        return status.model

    def _status(self, capability: Capability, manifest: Manifest) -> CapabilityStatus:
        label = LABELS[capability]
        broken: list[Finding] = []
        for entry in _ranked(manifest, capability):
            finding = self._check_entry(entry, capability)
            if finding.model is not None:
                return _with_fallback_notice(capability, label, finding.model, broken)
            broken.append(finding)
        package = package_candidate(capability, self._packages, self._hashes, self._devices)
        if package is not None and package.model is not None:
            return _with_fallback_notice(capability, label, package.model, broken)
        if package is not None:
            broken.append(package)
        if not broken:
            broken.append(self._nothing_found(capability, manifest))
        problem = " ".join(f.problem for f in broken)
        fix = " ".join(dict.fromkeys(f.fix for f in broken if f.fix))
        return CapabilityStatus(capability, label, False, None, problem, fix)

    def _check_entry(self, entry: ManifestEntry, capability: Capability) -> Finding:
        folder = self.model_dir / entry.folder
        fix = ADD_AGAIN_FIX if entry.origin == ADDED else PROVISION_FIX
        for name, expected in entry.files.items():
            path = folder / name
            shown = f"{entry.folder}/{name}"
            if not path.is_file():
                return Finding(
                    None, f"{shown} is missing from the model folder {self.model_dir}.", fix
                )
            try:
                actual = self._hashes.sha256(path)
            except OSError as exc:
                return Finding(None, f"{shown} cannot be read ({exc.strerror}).", fix)
            if actual != expected:
                problem = (
                    f"{shown} in the model folder {self.model_dir} is corrupt: its sha256 does "
                    "not match the one recorded in manifest.json."
                )
                return Finding(None, problem, fix)
        sha = entry.files[entry.main] if entry.main else digest_of_listing(entry.files.items())
        path = folder / entry.main if entry.folder == DEEPFACE_WEIGHTS else folder
        roles = {role: folder / name for role, name in entry.roles.items()}
        model = ResolvedModel(
            capability=capability,
            name=entry.name,
            version=entry.version,
            path=path,
            sha256=sha,
            source="model folder",
            device=self._devices.device(entry.runtime),
            licence=entry.licence,
            runtime=entry.runtime,
            library_name=entry.library_name,
            files=MappingProxyType(roles),
        )
        return Finding(model)

    def _nothing_found(self, capability: Capability, manifest: Manifest) -> Finding:
        """No model anywhere: name the file that should be there and how to get it."""
        built_in = BUILT_IN_FOR.get(capability)
        damaged = f" ({manifest.problem})" if manifest.problem else ""
        if built_in is None:  # used from packages only, and the package is not there
            return packages_missing(capability)
        where = self.model_dir / built_in.folder / built_in.main
        absent = [d for d in built_in.dists if dist_version(d) is None]
        if absent:
            return Finding(
                None,
                f"{where} is missing, and the package {', '.join(absent)} that provides it is "
                f"not installed{damaged}.",
                f"Install {', '.join(absent)} with scripts/setup.sh, then run "
                "`candor models provision`; or add a model with `candor models add PATH`.",
            )
        state = "is not recorded in manifest.json" if where.exists() else "is missing"
        return Finding(
            None,
            f"{where} {state}{damaged}.",
            f"Run `candor models provision` ({built_in.fix_hint}).",
        )

    # -- loading -------------------------------------------------------------------------

    def load(self, capability: Capability, loader: Callable[[ResolvedModel], T]) -> T:
        """The loaded model for `capability`: `loader(resolved)` runs once per registry.

        Thread-safe: concurrent first calls wait for one load. A loader that raises is not
        cached (the next call tries again). The first loader given for a capability wins.
        """
        capability = Capability(capability)
        with self._guard:
            lock = self._load_locks.setdefault(capability, threading.Lock())
        with lock:
            cached = self._loaded.get(capability)
            if cached is not None:
                return cast(T, cached[1])
            model = self.resolve(capability)
            log.info("loading %s: %s", capability, model.describe())
            value = loader(model)
            self._loaded[capability] = (model, value)
            return value

    def loaded_model(self, capability: Capability) -> ResolvedModel | None:
        """The model a load() of `capability` used, to record with results; None if not loaded."""
        cached = self._loaded.get(Capability(capability))
        return cached[0] if cached else None

    def unload(self, capability: Capability | None = None) -> None:
        """Forget loaded models (all, or one capability's) so the next load() resolves again."""
        with self._guard:
            if capability is None:
                self._loaded.clear()
            else:
                self._loaded.pop(Capability(capability), None)

    # -- changing the model folder -------------------------------------------------------

    def provision(self, task: Task | None = None) -> ProvisionReport:
        """Copy/join/convert the packaged models into the model folder (idempotent)."""
        with self._write_lock:
            report = Provisioner(self.model_dir, self._hashes, self._packages).run(task)
        if report.changed:
            self.unload()
        return report

    def add(self, path: Path) -> list[str]:
        """Add an administrator's model file or folder; returns the names of the models added.

        Raises InvalidModel for anything Candor does not recognise or that fails its checks.
        """
        plans = adding.plan(Path(path))  # every check before anything is copied
        with self._write_lock:
            manifest = Manifest(self.model_dir)
            for item in plans:
                try:
                    entry = adding.execute(self.model_dir, item, self._hashes)
                    manifest.entries[entry.key] = entry
                    manifest.save()
                except OSError as exc:
                    raise ModelFolderError(
                        f"{item.entry.name} could not be copied into the model folder "
                        f"{self.model_dir} ({exc.strerror or exc}).",
                        "Free some disk space, or run as a user who may write there.",
                    ) from exc
                log.info("added model %s (%s)", entry.name, ", ".join(entry.capabilities))
        for capability in {c for item in plans for c in item.entry.capabilities}:
            self.unload(Capability(capability))
        return [item.entry.name for item in plans]


def configure_deepface_env(registry: ModelRegistry) -> None:
    """Point DeepFace at the model folder and its onnx engine; call before importing deepface.

    DeepFace reads DEEPFACE_HOME on every model build, but picks its engine once; with torch
    installed it would otherwise switch to PyTorch and look for other files.
    """
    os.environ["DEEPFACE_HOME"] = str(registry.deepface_home())
    os.environ["DEEPFACE_BACKEND_ENGINE"] = "onnx"
    onnx_device = registry.device_for(Capability.FACIAL_EXPRESSION)
    os.environ["DEEPFACE_ONNX_PROVIDERS"] = "cuda,cpu" if onnx_device == "cuda" else "cpu"


def _ranked(manifest: Manifest, capability: Capability) -> list[ManifestEntry]:
    """Model-folder entries for a capability: administrator's first, then by rank."""
    entries = [e for e in manifest.entries.values() if str(capability) in e.capabilities]
    return sorted(entries, key=lambda e: (e.origin == ADDED, e.rank, e.key), reverse=True)


def _with_fallback_notice(
    capability: Capability, label: str, model: ResolvedModel, broken: list[Finding]
) -> CapabilityStatus:
    if not broken:
        return CapabilityStatus(capability, label, True, model)
    problem = " ".join(f.problem for f in broken) + f" Using {model.name} ({model.source}) instead."
    fix = " ".join(dict.fromkeys(f.fix for f in broken if f.fix))
    return CapabilityStatus(capability, label, True, model, problem, fix)
