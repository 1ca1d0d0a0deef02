"""Models used where their pip package put them, checked against pip's RECORD.

Whisper tiny.en works straight from its package (the model folder's copy is preferred);
the spaCy pipeline and OpenCV's Haar cascades are only used from there. MiniLM is not:
its model and tokenizer live in two packages, and its runtime wants one folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from analysis.models.capabilities import Capability, ResolvedModel
from analysis.models.catalogue import (
    BUILT_IN_FOR,
    HAAR_EYE,
    HAAR_FACE,
    OPENCV_DIST,
    OPENCV_MODULE,
    SPACY_DIST,
    SPACY_MODULE,
)
from analysis.models.devices import DeviceProbe
from analysis.models.hashing import HashCache, digest_of_listing
from analysis.models.packages import (
    PackageFile,
    PackageIndex,
    dist_licence,
    dist_version,
    module_dir,
)


@dataclass(frozen=True)
class Finding:
    """One candidate model checked: usable (`model`) or not (`problem`, `fix`)."""

    model: ResolvedModel | None
    problem: str = ""
    fix: str = ""


def _reinstall(dist: str) -> str:
    version = dist_version(dist) or ""
    pin = f"=={version}" if version else ""
    return f"Reinstall the package: pip install --force-reinstall --no-deps {dist}{pin}"


class _Checker:
    def __init__(self, packages: PackageIndex, hashes: HashCache) -> None:
        self.packages = packages
        self.hashes = hashes

    def verify(self, dist: str, paths: list[Path]) -> tuple[dict[Path, str], Finding | None]:
        """sha256 of each file, or a Finding naming the first file pip's RECORD disagrees with."""
        found: dict[Path, str] = {}
        for path in paths:
            try:
                sha = self.hashes.sha256(path)
            except OSError as exc:
                return found, Finding(
                    None, f"{path} cannot be read ({exc.strerror}).", _reinstall(dist)
                )
            recorded = self.packages.recorded_sha256(dist, path)
            if recorded is not None and recorded != sha:
                problem = (
                    f"{path.name} in the package {dist} is corrupt: its sha256 differs from the "
                    "one pip recorded when it was installed."
                )
                return found, Finding(None, problem, _reinstall(dist))
            found[path] = sha
        return found, None


def package_candidate(
    capability: Capability, packages: PackageIndex, hashes: HashCache, devices: DeviceProbe
) -> Finding | None:
    """The capability's model in its pip package: usable, corrupt, or None when not there."""
    checker = _Checker(packages, hashes)
    if capability == Capability.RESUME_NLP:
        return _spacy(checker, devices)
    if capability == Capability.FACE_DETECTION:
        return _haar(checker, devices)
    built_in = BUILT_IN_FOR.get(capability)
    if built_in is None or not built_in.usable_from_package:
        return None
    located: dict[str, tuple[PackageFile, Path]] = {}
    for part in built_in.parts:
        (source,) = part.sources
        path = packages.locate(source)
        if path is None:
            return None
        located[part.target] = (source, path)
    for source, path in located.values():
        _, problem = checker.verify(source.dist, [path])
        if problem is not None:
            return problem
    main_source, main_path = located[built_in.main]
    model = ResolvedModel(
        capability=capability,
        name=built_in.name,
        version=dist_version(main_source.dist) or "unknown",
        path=main_path.parent,  # the package folder holds the whole model
        sha256=hashes.sha256(main_path),
        source=f"package {main_source.dist}",
        device=devices.device(built_in.runtime),
        licence=dist_licence(main_source.dist),
        runtime=built_in.runtime,
        library_name=built_in.library_name,
        files=MappingProxyType({p.role: located[p.target][1] for p in built_in.parts}),
    )
    return Finding(model)


def spacy_pipeline_dir() -> Path | None:
    """The versioned pipeline folder inside the spaCy model package."""
    package = module_dir(SPACY_MODULE)
    if package is None:
        return None
    for child in sorted(package.iterdir()):
        if (child / "meta.json").is_file() and (child / "config.cfg").is_file():
            return child
    return None


def _spacy(checker: _Checker, devices: DeviceProbe) -> Finding | None:
    folder = spacy_pipeline_dir()
    if folder is None:
        return None
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    hashes, problem = checker.verify(SPACY_DIST, paths)
    if problem is not None:
        return problem
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        version = str(meta["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return Finding(None, f"{folder}/meta.json cannot be read.", _reinstall(SPACY_DIST))
    model = ResolvedModel(
        capability=Capability.RESUME_NLP,
        name=SPACY_MODULE,
        version=version,
        path=folder,
        sha256=digest_of_listing((p.relative_to(folder).as_posix(), h) for p, h in hashes.items()),
        source=f"package {SPACY_DIST}",
        device=devices.device("spacy"),
        licence=str(meta.get("license") or dist_licence(SPACY_DIST)),
        runtime="spacy",
        library_name=SPACY_MODULE,
        files=MappingProxyType({"pipeline": folder, "meta": folder / "meta.json"}),
    )
    return Finding(model)


def _haar(checker: _Checker, devices: DeviceProbe) -> Finding | None:
    # cv2.data.haarcascades is this folder; found without importing cv2 to keep status cheap
    package = module_dir(OPENCV_MODULE)
    if package is None:
        return None
    face, eye = package / HAAR_FACE, package / HAAR_EYE
    if not (face.is_file() and eye.is_file()):
        return None
    hashes, problem = checker.verify(OPENCV_DIST, [face, eye])
    if problem is not None:
        return problem
    model = ResolvedModel(
        capability=Capability.FACE_DETECTION,
        name="opencv-haarcascade-frontalface",
        version=dist_version(OPENCV_DIST) or "unknown",
        path=face,
        sha256=hashes[face],
        source=f"package {OPENCV_DIST}",
        device=devices.device("opencv"),
        licence=dist_licence(OPENCV_DIST),
        runtime="opencv",
        library_name="opencv",
        files=MappingProxyType({"face": face, "eye": eye}),
    )
    return Finding(model)


def packages_missing(capability: Capability) -> Finding:
    """The message for a capability only a package provides, when that package is absent."""
    if capability == Capability.RESUME_NLP:
        return Finding(
            None,
            f"The spaCy pipeline {SPACY_MODULE} (package {SPACY_DIST}) is not installed.",
            f"Install {SPACY_DIST} with scripts/setup.sh, or add a spaCy pipeline folder with "
            "`candor models add PATH`.",
        )
    return Finding(
        None,
        f"{Path(HAAR_FACE).name} is missing: {OPENCV_DIST} is not installed or ships no Haar "
        "cascades (5.x wheels do not).",
        f"Install {OPENCV_DIST}==4.14.0.94 with scripts/setup.sh, or add "
        "face_detection_yunet_2023mar.onnx with `candor models add PATH`.",
    )
