"""Small per-user state that is not candidate data: the last workspace and user name."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from app.paths import state_dir

_FILE = "state.json"


def _path() -> Path:
    return state_dir() / _FILE


def load() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def update(**values: str) -> None:
    """Merge `values` into the state file atomically (a crash never leaves half a file)."""
    data = load()
    data.update(values)
    path = _path()
    with contextlib.suppress(OSError):  # state is a convenience; never fail a command on it
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(path)


def last_workspace() -> Path | None:
    value = load().get("last_workspace")
    return Path(value) if isinstance(value, str) and value else None


def last_user() -> str | None:
    value = load().get("last_user")
    return value if isinstance(value, str) and value else None
