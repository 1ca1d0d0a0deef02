from __future__ import annotations

import stat
from pathlib import Path

from app.workspace import Session


def test_every_workspace_file_is_owner_only(session: Session, workspace_path: Path) -> None:
    candidate = session.candidates.add("Test Person", {})
    session.media.put_bytes(candidate, "resume", b"x" * 100)
    loose = []
    for path in [workspace_path, *workspace_path.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            loose.append(f"{path.relative_to(workspace_path.parent)}: {oct(mode)}")
    assert loose == []
