"""Provisioning: copy, join and convert the models pip packages ship into the model folder.

Run by the set-up script and the installer build (`candor models provision`).
Idempotent: a file already in place with the checksum recorded in the manifest, built
by the same recipe from the same package versions, is left alone (not even touched), so
a second run only verifies. Every file is written to a temp file and os.replace'd, and
recorded in the manifest only after that, so a killed run leaves nothing that passes.
Sources are checked against the sha256 pip recorded while they are read.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from analysis.errors import CandorError
from analysis.models.capabilities import Capability, ModelFolderError
from analysis.models.catalogue import BUILT_INS, BuiltIn, Part
from analysis.models.hashing import BLOCK, HashCache, sha256_file
from analysis.models.manifest import (
    ADDED,
    PROVISIONED,
    Manifest,
    ManifestEntry,
    atomic_writer,
    remove_partials,
)
from analysis.models.packages import PackageFile, PackageIndex, dist_licence, dist_version
from analysis.tasks import NullTask, Task

log = logging.getLogger("candor.models")


class ProvisionAction(StrEnum):
    BUILT = "built"
    REBUILT = "rebuilt"
    ALREADY = "already provisioned"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class ProvisionStep:
    name: str
    capability: Capability
    action: ProvisionAction
    detail: str
    seconds: float


@dataclass(frozen=True)
class ProvisionReport:
    steps: tuple[ProvisionStep, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """No step failed (a skipped step, for a package not installed, is not a failure)."""
        return all(step.action != ProvisionAction.FAILED for step in self.steps)

    @property
    def changed(self) -> bool:
        return any(
            step.action in (ProvisionAction.BUILT, ProvisionAction.REBUILT) for step in self.steps
        )

    def lines(self) -> list[str]:
        """Human-readable report, one line per model."""
        lines = [f"{s.name}: {s.action}{f' ({s.detail})' if s.detail else ''}" for s in self.steps]
        lines.append(f"took {self.seconds:.1f} s")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


class SourceProblem(CandorError):
    """A package file to provision from is missing or damaged."""


class Provisioner:
    def __init__(self, model_dir: Path, hashes: HashCache, packages: PackageIndex) -> None:
        self.model_dir = model_dir
        self.hashes = hashes
        self.packages = packages

    def run(self, task: Task | None = None) -> ProvisionReport:
        task = task or NullTask()
        started = time.monotonic()
        try:
            self.model_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelFolderError(
                f"The model folder {self.model_dir} cannot be created ({exc.strerror}).",
                "Run the set-up as a user who may write there, or set CANDOR_MODEL_DIR.",
            ) from exc
        manifest = Manifest(self.model_dir)
        for folder in {".", *(b.folder for b in BUILT_INS)}:
            try:
                remove_partials(self.model_dir / folder)
            except OSError as exc:  # a leftover we cannot delete is harmless: never trusted
                log.warning("could not remove leftovers in %s: %s", folder, exc)
        weights = [max(self._source_bytes(b), 1) for b in BUILT_INS]
        total, done = float(sum(weights)), 0.0
        steps = []
        for built_in, weight in zip(BUILT_INS, weights, strict=True):
            task.check()
            sub = task.slice(done / total, (done + weight) / total)
            sub.progress(0.0, f"Provisioning {built_in.name}")
            steps.append(self._provision(built_in, manifest, sub))
            done += weight
        task.progress(1.0, "Models provisioned")
        report = ProvisionReport(tuple(steps), time.monotonic() - started)
        for line in report.lines():
            log.info("provision: %s", line)
        return report

    def _source_bytes(self, built_in: BuiltIn) -> int:
        paths = [self.packages.locate(src) for part in built_in.parts for src in part.sources]
        return sum(p.stat().st_size for p in paths if p is not None)

    def _provision(self, built_in: BuiltIn, manifest: Manifest, task: Task) -> ProvisionStep:
        started = time.monotonic()

        def step(action: ProvisionAction, detail: str = "") -> ProvisionStep:
            seconds = time.monotonic() - started
            return ProvisionStep(built_in.name, built_in.capability, action, detail, seconds)

        owner = self._added_owner(built_in, manifest)
        if owner:
            return step(ProvisionAction.SKIPPED, f"the administrator's {owner} is in use")
        versions: dict[str, str] = {}
        for dist in built_in.dists:
            version = dist_version(dist)
            if version is None:
                return step(ProvisionAction.SKIPPED, f"the package {dist} is not installed")
            versions[dist] = version
        existing = manifest.entries.get(built_in.key)
        good = self._intact_parts(built_in, existing, versions)
        if len(good) == len(built_in.parts):
            return step(ProvisionAction.ALREADY)
        files = dict(good)
        try:
            for index, part in enumerate(built_in.parts):
                if part.target not in good:
                    part_task = task.slice(
                        index / len(built_in.parts), (index + 1) / len(built_in.parts)
                    )
                    files[part.target] = self._build(built_in, part, part_task)
        except CandorError as exc:  # a damaged package file, a model fer changed
            log.warning("provision %s failed: %s", built_in.name, exc.message)
            return step(ProvisionAction.FAILED, exc.user_text())
        except OSError as exc:  # full disk, no permission: this model fails, the others may not
            log.warning("provision %s failed: %s", built_in.name, exc)
            return step(ProvisionAction.FAILED, f"{exc.strerror or exc}: {exc.filename or ''}")
        main_dist = built_in.dists[0]
        entry = ManifestEntry(
            key=built_in.key,
            capabilities=(str(built_in.capability),),
            name=built_in.name,
            version=versions[main_dist],
            licence=dist_licence(main_dist),
            origin=PROVISIONED,
            folder=built_in.folder,
            main=built_in.main,
            files={part.target: files[part.target] for part in built_in.parts},
            runtime=built_in.runtime,
            library_name=built_in.library_name,
            roles={part.role: part.target for part in built_in.parts},
            sources=versions,
            recipe=built_in.recipe,
        )
        manifest.entries[built_in.key] = entry
        try:
            manifest.save()
        except OSError as exc:
            return step(ProvisionAction.FAILED, f"manifest.json not written: {exc.strerror}")
        rebuilt = [p.target for p in built_in.parts if p.target not in good]
        if existing is None:
            return step(ProvisionAction.BUILT)
        return step(ProvisionAction.REBUILT, ", ".join(rebuilt))

    @staticmethod
    def _added_owner(built_in: BuiltIn, manifest: Manifest) -> str:
        """A file an administrator added under the same name wins over the provisioned one."""
        targets = {part.target for part in built_in.parts}
        for entry in manifest.entries.values():
            if entry.origin == ADDED and entry.folder == built_in.folder:
                clash = targets & set(entry.files)
                if clash:
                    return sorted(clash)[0]
        return ""

    def _intact_parts(
        self, built_in: BuiltIn, existing: ManifestEntry | None, versions: dict[str, str]
    ) -> dict[str, str]:
        """Target -> sha256 of the parts already in place, built the same way from the same
        package versions."""
        if (
            existing is None
            or existing.origin != PROVISIONED
            or existing.recipe != built_in.recipe
            or existing.sources != versions
        ):
            return {}
        good = {}
        for part in built_in.parts:
            expected = existing.files.get(part.target)
            path = self.model_dir / built_in.folder / part.target
            if expected and path.is_file() and self.hashes.sha256(path) == expected:
                good[part.target] = expected
        return good

    def _locate(self, source: PackageFile) -> Path:
        path = self.packages.locate(source)
        if path is None:
            raise SourceProblem(
                f"{source.relative} is missing from the installed package {source.dist}.",
                f"Reinstall {source.dist} with scripts/setup.sh.",
            )
        return path

    def _check_source(self, source: PackageFile, path: Path, sha: str) -> None:
        recorded = self.packages.recorded_sha256(source.dist, path)
        if recorded is not None and recorded != sha:
            raise SourceProblem(
                f"{path.name} in the package {source.dist} is damaged: its sha256 differs "
                "from the one pip recorded when it was installed.",
                f"Reinstall {source.dist} with scripts/setup.sh.",
            )

    def _build(self, built_in: BuiltIn, part: Part, task: Task) -> str:
        target = self.model_dir / built_in.folder / part.target
        sources = [(source, self._locate(source)) for source in part.sources]
        if part.convert:
            # h5py and onnx cost a quarter second to import: only a conversion needs them
            from analysis.models.emotion_onnx import convert_emotion_model

            ((source, path),) = sources
            self._check_source(source, path, sha256_file(path))
            data = convert_emotion_model(path, source_note=f"From {source.dist} {path.name}.")
            with atomic_writer(target) as stream:
                stream.write(data)
            task.progress(1.0)
            sha = sha256_file(target)
        else:
            sha = self._join(sources, target, task)
        self.hashes.remember(target, sha)
        return sha

    def _join(self, sources: list[tuple[PackageFile, Path]], target: Path, task: Task) -> str:
        """Copy one source, or concatenate several, hashing output and each source as it goes."""
        total = max(sum(path.stat().st_size for _, path in sources), 1)
        written = 0
        joined = hashlib.sha256() if len(sources) > 1 else None  # a copy's hash is its source's
        with atomic_writer(target) as stream:
            for source, path in sources:
                source_hash = hashlib.sha256()
                for block in _blocks(path, task.check):
                    source_hash.update(block)
                    if joined is not None:
                        joined.update(block)
                    stream.write(block)
                    written += len(block)
                    task.progress(written / total)
                self._check_source(source, path, source_hash.hexdigest())
        return (joined or source_hash).hexdigest()


def _blocks(path: Path, check: Callable[[], None]) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while block := stream.read(BLOCK):
            check()
            yield block
