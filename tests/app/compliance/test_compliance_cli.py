"""`candor requests ...` and `candor retention ...`, in-process: the register with its
deadlines, the sweep (dry run first), legal holds, and clear errors instead of tracebacks."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from app.workspace import Workspace
from tests.app.cli_support import run
from tests.app.compliance.test_retention import DAY, erased, file_exists, kept_refs, seed
from tests.app.conftest import ADMIN, ADMIN_PASSWORD
from tests.app.interviews_support import PASSWORD, RECRUITER, new_workspace


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    with new_workspace(path, "eu") as session:
        session.candidates.add("Ada Example", {})  # 1
        session.candidates.add("Gone Example", {})  # 2
        session.candidates.delete(2)
    return path


def candor(
    mp: pytest.MonkeyPatch, cap: pytest.CaptureFixture[str], ws: Path, *argv: str, user: str = ADMIN
) -> tuple[int, str, str]:
    password = ADMIN_PASSWORD if user == ADMIN else PASSWORD
    common = ["--workspace", str(ws), "--user", user, "--password-stdin"]
    return run(mp, cap, [argv[0], argv[1], *common, *argv[2:]], password + "\n")


def test_a_request_is_added_listed_shown_and_closed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ws: Path
) -> None:
    code, out, _ = candor(
        monkeypatch, capsys, ws, "requests", "add", "--candidate", "1", "--kind", "erasure",
        "--received", "2025-01-31", "--note", "letter of 30 January",
    )  # fmt: skip
    assert code == 0
    assert "Request #1: erasure for candidate #1, received 2025-01-31, due 2025-02-28" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "requests", "list")
    assert code == 0 and "2025-02-28 (overdue)" in out and "Open: 1 overdue" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "requests", "show", "1")
    assert code == 0 and "letter of 30 January" in out and "overdue" in out
    code, out, _ = candor(
        monkeypatch, capsys, ws, "requests", "close", "1", "--status", "fulfilled"
    )
    assert (code, out) == (0, "Request #1 is fulfilled.\n")
    code, out, _ = candor(monkeypatch, capsys, ws, "requests", "list", "--open")
    assert (code, out) == (0, "No open requests.\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["requests", "add", "--candidate", "9", "--kind", "access"], "#9 does not exist"),
        (["requests", "add", "--candidate", "2", "--kind", "access"], "#2 has been erased"),
        (["requests", "show", "7"], "no data-subject request #7"),
        (["requests", "close", "7", "--status", "refused"], "no data-subject request #7"),
        (["retention", "hold", "9", "--reason", "Case 1"], "#9 does not exist"),
        (["retention", "hold", "2", "--reason", "Case 1"], "#2 has been erased"),
        (["retention", "release", "1"], "#1 is not on legal hold"),
    ],
)
def test_errors_are_messages_not_tracebacks(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ws: Path,
    argv: list[str],
    message: str,
) -> None:
    code, out, err = candor(monkeypatch, capsys, ws, *argv)
    assert code == 1 and message in err and "Traceback" not in err and out == ""


def test_a_malformed_date_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ws: Path
) -> None:
    with pytest.raises(SystemExit) as info:
        candor(
            monkeypatch, capsys, ws, "requests", "add", "--candidate", "1", "--kind", "access",
            "--received", "31/01/2025",
        )  # fmt: skip
    assert info.value.code == 2
    assert "not a date: '31/01/2025' (write YYYY-MM-DD)" in capsys.readouterr().err


def test_retention_status_dry_run_and_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ws: Path
) -> None:
    with Workspace.open(ws, ADMIN, ADMIN_PASSWORD) as session:  # eu: recordings kept 90 days
        seeded = seed(session, time.time() - 100 * DAY, decided_at=time.time() - DAY)
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "status")
    assert code == 0 and "Retention periods (policy eu)" in out
    assert re.search(r"interview_media +90 ", out) and "kept: the audit log is never pruned" in out
    assert f"#{seeded.candidate_id}" in out and "2 recordings" in out

    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "run", "--dry-run")
    assert code == 0 and "Would remove: 2 recording(s)" in out and "Nothing was changed" in out
    with Workspace.open(ws, ADMIN, ADMIN_PASSWORD) as session:
        assert kept_refs(session, seeded) == 2

    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "run")
    assert code == 0 and "Removed: 2 recording(s), 0 analysis run(s)" in out
    with Workspace.open(ws, ADMIN, ADMIN_PASSWORD) as session:
        assert kept_refs(session, seeded) == 0
        assert not any(file_exists(session, r) for r in seeded.refs)
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "status")
    assert "Nothing is past its period." in out


def test_a_held_candidate_is_listed_skipped_and_released(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ws: Path
) -> None:
    with Workspace.open(ws, ADMIN, ADMIN_PASSWORD) as session:
        seeded = seed(session, time.time() - 200 * DAY)  # eu: inactive 180 days: erased
    cid = str(seeded.candidate_id)
    code, out, _ = candor(
        monkeypatch, capsys, ws, "retention", "hold", cid, "--reason", "Case 2026-014"
    )
    assert code == 0 and "on legal hold" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "holds")
    assert code == 0 and "Case 2026-014" in out and f"#{cid}" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "run")
    assert code == 0 and "Kept by a legal hold (1 candidate(s))" in out
    assert "0 candidate(s) erased; 1 candidate(s) skipped (legal hold)" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "release", cid)
    assert code == 0 and "released" in out
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "run")
    assert code == 0 and "1 candidate(s) erased" in out
    with Workspace.open(ws, ADMIN, ADMIN_PASSWORD) as session:
        assert erased(session, seeded)
    code, out, _ = candor(monkeypatch, capsys, ws, "retention", "holds")
    assert out == "No candidate is on legal hold.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["requests", "list"],
        ["requests", "add", "--candidate", "1", "--kind", "access"],
        ["retention", "status"],
        ["retention", "run"],
        ["retention", "hold", "1", "--reason", "Case 1"],
        ["retention", "holds"],
    ],
)
def test_recruiters_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ws: Path, argv: list[str]
) -> None:
    code, _, err = candor(monkeypatch, capsys, ws, *argv, user=RECRUITER)
    assert code == 1 and "not allowed to handle data-subject requests" in err
