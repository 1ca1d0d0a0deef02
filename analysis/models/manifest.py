"""`manifest.json` in the model folder: every model placed there, with each file's sha256.

It is the reference that status checks files against: a file that is missing, or whose
checksum differs from the one recorded when it was written, is reported by name. The
manifest itself is written atomically (temp file + os.replace), and only after the files
it lists are in place, so a killed provision never leaves a recorded half file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("candor.models")

MANIFEST_NAME = "manifest.json"
FORMAT = 1
PROVISIONED = "provisioned"
ADDED = "added"
PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True)
class ManifestEntry:
    """One model in the model folder. File names are relative to `folder`, itself relative."""

    key: str
    capabilities: tuple[str, ...]
    name: str
    version: str
    licence: str
    origin: str  # PROVISIONED or ADDED
    folder: str
    main: str  # the main file, or "" for a folder model without one (spaCy)
    files: dict[str, str]  # file name -> sha256
    runtime: str
    library_name: str = ""
    roles: dict[str, str] = field(default_factory=dict)  # role -> file name
    sources: dict[str, str] = field(default_factory=dict)  # distribution -> version
    recipe: str = ""  # how it was built; a new recipe rebuilds it
    rank: int = 0  # among several models for one capability, higher is preferred
    multilingual: bool = False

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any]) -> ManifestEntry:
        return cls(
            key=key,
            capabilities=tuple(data["capabilities"]),
            name=str(data["name"]),
            version=str(data["version"]),
            licence=str(data.get("licence", "unknown")),
            origin=str(data["origin"]),
            folder=str(data["folder"]),
            main=str(data.get("main", "")),
            files={str(k): str(v) for k, v in data["files"].items()},
            runtime=str(data.get("runtime", "")),
            library_name=str(data.get("library_name", "")),
            roles={str(k): str(v) for k, v in data.get("roles", {}).items()},
            sources={str(k): str(v) for k, v in data.get("sources", {}).items()},
            recipe=str(data.get("recipe", "")),
            rank=int(data.get("rank", 0)),
            multilingual=bool(data.get("multilingual", False)),
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["key"]
        data["capabilities"] = list(self.capabilities)
        return data


class Manifest:
    """The parsed manifest; `save` writes it only when its content changed."""

    def __init__(self, model_dir: Path) -> None:
        self.path = model_dir / MANIFEST_NAME
        self.entries: dict[str, ManifestEntry] = {}
        self.problem = ""  # set when the file exists but cannot be read
        self._on_disk: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            self.problem = f"{self.path} cannot be read ({exc.strerror})"
            return
        try:
            data = json.loads(text)
            models = data["models"]
            self.entries = {key: ManifestEntry.from_json(key, m) for key, m in models.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("model manifest %s is damaged: %s", self.path, exc)
            self.problem = f"{self.path} is damaged and was ignored"
            self.entries = {}
            return
        self._on_disk = text

    def serialise(self) -> str:
        models = {key: self.entries[key].to_json() for key in sorted(self.entries)}
        return json.dumps({"format": FORMAT, "models": models}, indent=2, sort_keys=True) + "\n"

    def save(self) -> bool:
        text = self.serialise()
        if text == self._on_disk:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(self.path) as stream:
            stream.write(text.encode("utf-8"))
        self._on_disk = text
        self.problem = ""
        return True


@contextmanager
def atomic_writer(target: Path) -> Iterator[IO[bytes]]:
    """Write `target` through a hidden temp file in the same folder, then os.replace it.

    A reader sees the old file or the complete new one, never a part; a killed writer
    leaves only a `.partial` file, which the next provision removes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o644)  # mkstemp makes it private; models are shared by every user
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_partials(folder: Path) -> None:
    """Temp files and folders left by a killed provision or add."""
    if folder.is_dir():
        for leftover in folder.glob(f".*{PARTIAL_SUFFIX}"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
