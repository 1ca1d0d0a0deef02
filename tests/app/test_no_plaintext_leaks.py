"""Candidate data is never on disk in plaintext: not in the workspace, temp dir or logs."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import pytest

from app import logging_setup
from app.workspace import Session

CANARY = "Zqx-CANARY-7f3e91-candidate"


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _recent_temp_files(since: float) -> list[Path]:
    found = []
    for path in Path(tempfile.gettempdir()).glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime >= since:
                found.append(path)
        except OSError:
            continue
    return found


def test_canary_in_record_and_media_is_found_nowhere_in_plaintext(
    session: Session, workspace_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    started = time.time() - 1
    ring = logging_setup.configure(logging.DEBUG, stderr=False)
    caplog.set_level(logging.DEBUG)

    candidate = session.candidates.add(f"Jane {CANARY}", {"email": f"{CANARY}@example.com"})
    ref = session.media.put_bytes(candidate, "resume", f"Resume of {CANARY}\n".encode() * 5000)
    scratch_writer = session.media.scratch.writer(candidate, "video")
    scratch_writer.write(CANARY.encode() * 1000)  # e.g. a recording buffered for analysis
    read_back = session.candidates.get(candidate)
    assert CANARY in read_back.display_name
    assert CANARY.encode() in session.media.read_bytes(ref)
    session.db.checkpoint()  # the WAL is written back into the database file too

    needle = CANARY.encode()
    needles = (needle, CANARY.encode("utf-16-le"))
    leaks = [
        str(path)
        for path in _files_under(workspace_path) + _recent_temp_files(started)
        if any(n in path.read_bytes() for n in needles) or CANARY in path.name
    ]
    assert leaks == []
    assert all(CANARY not in line for line in ring.recent(1000))
    assert all(CANARY not in record.getMessage() for record in caplog.records)
    scratch_writer.abort()
