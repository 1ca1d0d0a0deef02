"""Model files shipped inside installed pip packages, and their integrity.

Locations come from the import system (never a hard-coded site-packages path), and a
file is checked against the sha256 pip recorded in the distribution's RECORD when it
was installed, so a damaged package is reported instead of silently used.
"""

from __future__ import annotations

import base64
import importlib.metadata
import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("candor.models")


@dataclass(frozen=True)
class PackageFile:
    """A file inside an installed package: `relative` to the folder of module `module`."""

    dist: str  # distribution name, as pip knows it
    module: str  # import name of the package holding the file
    relative: str


def module_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def dist_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def dist_licence(dist: str) -> str:
    try:
        meta = importlib.metadata.metadata(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
    for key in ("License-Expression", "License"):
        value = next(iter(meta.get_all(key) or []), None)
        if value and len(value) < 60 and "\n" not in value:
            return str(value)
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return str(classifier.rsplit("::", 1)[-1].strip())
    return "unknown"


class PackageIndex:
    """Where package files are, and the sha256 pip recorded for each (memoised per dist)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[str, dict[str, str]] = {}

    def locate(self, item: PackageFile) -> Path | None:
        folder = module_dir(item.module)
        if folder is None:
            return None
        path = folder / item.relative
        return path if path.exists() else None

    def recorded_sha256(self, dist: str, path: Path) -> str | None:
        """The hex sha256 pip's RECORD lists for `path`, or None if it lists none."""
        with self._lock:
            record = self._records.get(dist)
        if record is None:
            record = self._read_record(dist)
            with self._lock:
                self._records[dist] = record
        return record.get(str(path.resolve()))

    @staticmethod
    def _read_record(dist: str) -> dict[str, str]:
        try:
            files = importlib.metadata.files(dist) or []
        except importlib.metadata.PackageNotFoundError:
            return {}
        record: dict[str, str] = {}
        for entry in files:
            if entry.hash is None or entry.hash.mode != "sha256":
                continue
            raw = base64.urlsafe_b64decode(entry.hash.value + "=" * (-len(entry.hash.value) % 4))
            record[str(Path(str(entry.locate())).resolve())] = raw.hex()
        if not record:
            log.debug("distribution %s has no sha256 RECORD; its files cannot be verified", dist)
        return record
