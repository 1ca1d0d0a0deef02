"""Small plaintext sidecar files beside the database, written atomically.

Key slots, the sign-in back-off state and the audit anchor must be readable
before (or without) the database, so they live in JSON files. A crash or a full
disk must never leave one half-written: we write a temporary file in the same
folder, fsync it, `os.replace` it over the old one and fsync the folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from app.errors import DiskFull, WorkspaceCorrupt


def write_json_atomic(path: Path, data: Mapping[str, object]) -> None:
    """Replace `path` with `data` as JSON, all or nothing; owner-only permissions."""
    payload = json.dumps(data, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
        _fsync_folder(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull() from exc
        raise


def read_json(path: Path) -> dict[str, object] | None:
    """The JSON object in `path`, or None if the file does not exist.

    A file that exists but is not a JSON object is damage, not absence.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkspaceCorrupt(f"{path.name} is not readable") from exc
    if not isinstance(data, dict):
        raise WorkspaceCorrupt(f"{path.name} has an unexpected layout")
    return data


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Folders cannot be opened on Windows; skip there."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
