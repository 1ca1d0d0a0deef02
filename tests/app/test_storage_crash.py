"""A process killed (SIGKILL) in the middle of a write leaves a sound workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.keys import KdfParams
from app.workspace import Workspace

from .conftest import ADMIN, ADMIN_PASSWORD

REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.workspace import Workspace

    session = Workspace.open(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    for i in range(20):
        session.candidates.add(f"committed {i}", {"n": i})
    print("COMMITTED", flush=True)
    session.db.execute("PRAGMA cache_size = 20")  # a small cache spills the transaction to disk
    with session.db.transaction():
        i = 0
        while True:
            session.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"uncommitted {i}", "x" * 2000)
            )
            i += 1
            if i == 2000:
                print("WRITING", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_write_keeps_committed_rows_and_integrity(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    Workspace.create(path, ADMIN, ADMIN_PASSWORD, kdf=KdfParams.insecure_fast()).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), ADMIN, ADMIN_PASSWORD],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "COMMITTED"
        assert child.stdout.readline().strip() == "WRITING"
        time.sleep(0.05)  # let it write more pages of the open transaction
        assert child.poll() is None, "the child must still be mid-write when killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    wal = path / "candor.db-wal"
    assert wal.stat().st_size > 1_000_000, "uncommitted pages were on disk when it died"

    with Workspace.open(path, ADMIN, ADMIN_PASSWORD) as session:
        assert session.db.query("PRAGMA integrity_check") == [("ok",)]
        assert session.candidates.count() == 20
        assert session.candidates.get(20).display_name == "committed 19"
        assert session.db.scalar("SELECT count(*) FROM settings WHERE key LIKE 'uncommitted%'") == 0
        assert session.audit.verify().ok
