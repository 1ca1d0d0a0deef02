"""kill -9 during erasure: every candidate is either whole or fully erased, never half.

A child process signs in and erases the workspace's candidates one after another; the
test kills it (SIGKILL) at a different moment in each round, then opens the
workspace and checks every candidate. No pause hooks: the kill lands wherever the
child happens to be (in a transaction, in the checkpoint, removing files...).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.compliance.erasure import footprint, remove_orphaned_media, stored_certificate
from app.errors import CandidateErased
from app.keys import KdfParams
from app.screening import store
from app.workspace import Session, Workspace

from ..conftest import ADMIN, ADMIN_PASSWORD
from .candidate_support import Built, build_candidate

CANDIDATES = 6
ROOT = Path(__file__).resolve().parents[3]
CHILD = """
import sys
from pathlib import Path
from app.compliance.erasure import erase_candidate
from app.workspace import Workspace

path, password, *pairs = sys.argv[1:]
with Workspace.open(Path(path), "admin", password) as session:
    print("ready", flush=True)
    for pair in pairs:
        candidate, request = (int(x) for x in pair.split(":"))
        erase_candidate(session, candidate, request_id=request)
        print("erased", candidate, flush=True)
"""


@dataclass(frozen=True)
class Template:
    path: Path
    built: tuple[Built, ...]
    footprints: dict[int, dict[str, int]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("crash") / "ws"
    with Workspace.create(path, ADMIN, ADMIN_PASSWORD, kdf=KdfParams.insecure_fast()) as s:
        first = build_candidate(s, "Crashcanary0", answers=2, answer_bytes=256 * 1024)
        built = [first] + [
            build_candidate(
                s, f"Crashcanary{i}", answers=2, answer_bytes=256 * 1024, role_id=first.role_id
            )
            for i in range(1, CANDIDATES)
        ]
        prints = {b.candidate_id: footprint(s.db, b.candidate_id) for b in built}
    return Template(path, tuple(built), prints)


def _kill_after(workspace: Path, built: tuple[Built, ...], delay: float) -> list[str]:
    pairs = [f"{b.candidate_id}:{b.request_id}" for b in built]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workspace), ADMIN_PASSWORD, *pairs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    if ready.strip() != "ready":
        child.kill()
        _, err = child.communicate(timeout=30)
        pytest.fail(f"the child did not start: {err}")
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    return out.split("\n")


def _state(session: Session, template: Template, built: Built) -> str:
    """'intact' or 'erased', after asserting that the candidate is wholly one of them."""
    cid = built.candidate_id
    erased_at = session.db.scalar("SELECT erased_at FROM candidates WHERE id = ?", (cid,))
    request = session.db.scalar(
        "SELECT status FROM data_requests WHERE id = ?", (built.request_id,)
    )
    if erased_at is None:
        assert session.candidates.get(cid).display_name.startswith("Ada Crashcanary")
        assert footprint(session.db, cid) == template.footprints[cid]
        assert store.load_resume(session.db, cid).text.startswith("Ada Crashcanary")
        assert session.media.read_bytes(built.refs[0]) == built.resume
        assert [session.media.read_bytes(r) for r in built.refs[1:]] == list(built.recordings)
        assert stored_certificate(session, cid) is None
        assert request == "open"
        return "intact"
    left = footprint(session.db, cid)
    # Consent records are append-only evidence without personal data: they stay, and the
    # waiver file they name is shredded with the key (checked just below).
    left.pop("consent_evidence")
    assert all(count == 0 for count in left.values()), left
    with pytest.raises(CandidateErased):
        session.candidates.media_key(cid)
    certificate = stored_certificate(session, cid)
    assert certificate is not None and certificate.request_id == built.request_id
    assert request == "fulfilled"
    assert not (session.media.root / str(cid)).exists()  # a crash's leftovers: gone at sign-in
    assert remove_orphaned_media(session) == 0
    return "erased"


def test_kill_9_during_erasure_leaves_each_candidate_whole_or_erased(
    template: Template, tmp_path: Path
) -> None:
    seen: dict[str, int] = {"intact": 0, "erased": 0}
    delays = (0.0, 0.002, 0.004, 0.006, 0.009, 0.012, 0.016, 0.021, 0.028, 1.0)
    for round_, delay in enumerate(delays):
        workspace = tmp_path / f"ws-{round_}"
        shutil.copytree(template.path, workspace)
        printed = _kill_after(workspace, template.built, delay)
        with Workspace.open(workspace, ADMIN, ADMIN_PASSWORD) as session:
            states = [_state(session, template, b) for b in template.built]
            assert session.audit.verify().ok
        done = [line for line in printed if line.startswith("erased")]
        assert states.count("erased") >= len(done)  # what the child saw committed stays
        for state in states:
            seen[state] += 1
    assert seen["intact"] and seen["erased"]  # the kills landed before, during and after
