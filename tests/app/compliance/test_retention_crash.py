"""A retention sweep killed by SIGKILL leaves every candidate swept or untouched, never
half, and running it again completes it (files included).

The child process kills itself at chosen points: inside a candidate's transaction,
after a commit while files are being removed, inside an erasure's transaction, between
the audit entry announcing an erasure and the erasure, and between candidates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.compliance import retention
from app.workspace import Session, Workspace
from tests.app.compliance.test_retention import (
    DAY,
    T0,
    Seeded,
    erased,
    file_exists,
    kept_refs,
    runs_of,
    seed,
)
from tests.app.conftest import ADMIN, ADMIN_PASSWORD
from tests.app.interviews_support import new_workspace

REPO = Path(__file__).resolve().parents[3]
NOW = T0 + 370 * DAY  # general: recordings (180) and results (365) of T0 expire; and those
# candidates without later activity are erased (365)

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from app.audit import AuditLog
    from app.compliance import retention
    from app.workspace import Workspace

    path, point, nth, now = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    seen = {"n": 0}

    def hit():
        seen["n"] += 1
        if seen["n"] == nth:
            os.kill(os.getpid(), signal.SIGKILL)

    record = AuditLog.record
    def record_hook(self, action, subject="", details=None):
        seq = record(self, action, subject, details)
        if action == point:
            hit()
        return seq
    AuditLog.record = record_hook

    remove = retention.remove_recording
    def remove_hook(media, ref):
        remove(media, ref)
        if point == "file":
            hit()
    retention.remove_recording = remove_hook

    from app.compliance import erasure
    erase = erasure.erase_candidate
    def erase_hook(*args, **kwargs):
        if point == "erase":
            hit()
        return erase(*args, **kwargs)
    erasure.erase_candidate = erase_hook

    class Killer:
        def progress(self, fraction, text=""):
            if point == "progress":
                hit()
        def cancelled(self):
            return False
        def check(self):
            pass
        def slice(self, start, end):
            return self

    session = Workspace.open(path, sys.argv[5], sys.argv[6])
    retention.run_sweep(session, now, task=Killer())
    print("FINISHED", flush=True)
    """
)


def _seed_mix(session: Session) -> tuple[list[Seeded], list[Seeded]]:
    """Three candidates kept (decided recently: only recordings and results go) and three
    erased (no activity since T0), interleaved."""
    kept, gone = [], []
    for i in range(3):
        kept.append(seed(session, T0, name=f"Kept {i}", decided_at=T0 + 300 * DAY))
        gone.append(seed(session, T0, name=f"Gone {i}"))
    return kept, gone


def _assert_whole(session: Session, kept: list[Seeded], gone: list[Seeded]) -> int:
    """Each candidate is either untouched or fully swept; returns how many are swept."""
    swept = 0
    for s in kept:
        state = (kept_refs(session, s), runs_of(session, s))
        assert state in ((2, 1), (0, 0)), f"candidate {s.candidate_id} half swept: {state}"
        assert not erased(session, s)
        if state == (0, 0):
            swept += 1
        else:
            assert all(file_exists(session, r) for r in s.refs), "a kept recording lost its file"
    for s in gone:
        if erased(session, s):
            swept += 1
            assert runs_of(session, s) == 0 and kept_refs(session, s) == 0
        else:
            assert (kept_refs(session, s), runs_of(session, s)) == (2, 1)
            assert all(file_exists(session, r) for r in (*s.refs, s.resume))
    assert session.db.query("PRAGMA integrity_check") == [("ok",)]
    assert session.audit.verify().ok
    return swept


def _kill_at(path: Path, point: str, nth: int) -> str:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), point, str(nth), repr(NOW), ADMIN, ADMIN_PASSWORD],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    return child.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize(
    ("point", "nth"),
    [
        ("retention.deleted", 2),  # inside the second kept candidate's transaction
        ("file", 3),  # after a commit, between two of its files
        ("candidate.erased", 2),  # inside the second erasure's transaction
        ("erase", 2),  # the erasure announced (committed), not yet begun
        ("progress", 4),  # between candidates
    ],
)
def test_a_killed_sweep_leaves_candidates_whole_and_a_rerun_completes_it(
    tmp_path: Path, point: str, nth: int
) -> None:
    path = tmp_path / "ws"
    with new_workspace(path) as session:
        kept, gone = _seed_mix(session)
    _kill_at(path, point, nth)
    with Workspace.open(path, ADMIN, ADMIN_PASSWORD) as session:
        swept = _assert_whole(session, kept, gone)
        assert 0 < swept < 6
        left = [r for s in kept if runs_of(session, s) == 0 for r in s.refs]
        assert any(file_exists(session, r) for r in left) == (point == "file")
        report = retention.run_sweep(session, NOW)
        assert _assert_whole(session, kept, gone) == 6
        assert all(erased(session, s) for s in gone)
        assert not any(file_exists(session, r) for s in kept + gone for r in s.refs)
        assert report.plan.pending_files >= len(left) > 0  # journalled, then removed
        assert retention.preview(session, NOW).items == ()
        assert (
            session.db.scalar("SELECT count(*) FROM settings WHERE key LIKE 'retention.pending%'")
            == 0
        )
