"""The workspace facade: create, open, refuse, back off, settings, candidates."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.accounts import Role
from app.errors import (
    CandidateErased,
    CandidateNotFound,
    DiskFull,
    InvalidInput,
    NotAWorkspace,
    PermissionDenied,
    TooManyAttempts,
    WorkspaceCorrupt,
    WorkspaceExists,
    WorkspaceTooNew,
    WrongCredentials,
)
from app.keys import KdfParams, KeyStore
from app.signin import AUTH_STATE_FILE, MAX_DELAY_S, delay_after
from app.workspace import Session, Workspace

from .conftest import ADMIN, ADMIN_PASSWORD

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"


class FakeClock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- create and open --------------------------------------------------------


def test_create_makes_a_workspace_signed_in_as_administrator(
    workspace_path: Path, fast_kdf: KdfParams
) -> None:
    assert not Workspace.is_workspace(workspace_path)
    with Workspace.create(workspace_path, ADMIN, ADMIN_PASSWORD, "eu", kdf=fast_kdf) as s:
        assert (s.path, s.user.name, s.user.role, s.policy_id) == (
            workspace_path, ADMIN, Role.ADMINISTRATOR, "eu",
        )  # fmt: skip
    assert Workspace.is_workspace(workspace_path)
    assert {p.name for p in workspace_path.iterdir()} >= {
        "workspace.json", "keyslots.json", "audit-head.json", "candor.db", "media",
    }  # fmt: skip
    marker = json.loads((workspace_path / "workspace.json").read_text())
    assert marker["format"] == "candor-workspace" and marker["format_version"] == 1
    assert marker["created_with"].startswith("candor ")
    assert ADMIN not in (workspace_path / "workspace.json").read_text()
    with Workspace.open(workspace_path, ADMIN, ADMIN_PASSWORD) as again:
        assert again.policy_id == "eu"
        assert again.audit.verify().ok


def test_create_refuses_an_existing_workspace(session: Session, fast_kdf: KdfParams) -> None:
    before = sha(session.path / "keyslots.json")
    with pytest.raises(WorkspaceExists):
        Workspace.create(session.path, "other", PASSWORD, kdf=fast_kdf)
    assert sha(session.path / "keyslots.json") == before


def test_create_refuses_a_folder_that_is_not_empty(tmp_path: Path, fast_kdf: KdfParams) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NotAWorkspace, match="not empty"):
        Workspace.create(tmp_path, ADMIN, ADMIN_PASSWORD, kdf=fast_kdf)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(NotAWorkspace, match="file"):
        Workspace.create(tmp_path / "notes.txt", ADMIN, ADMIN_PASSWORD, kdf=fast_kdf)


def test_create_validates_before_touching_the_disk(tmp_path: Path, fast_kdf: KdfParams) -> None:
    target = tmp_path / "ws"
    with pytest.raises(InvalidInput):
        Workspace.create(target, ADMIN, "short", kdf=fast_kdf)
    with pytest.raises(InvalidInput):
        Workspace.create(target, "bad name", ADMIN_PASSWORD, kdf=fast_kdf)
    with pytest.raises(InvalidInput):
        Workspace.create(target, ADMIN, ADMIN_PASSWORD, "../etc", kdf=fast_kdf)
    assert not target.exists()


@pytest.mark.parametrize("existed", [True, False])
def test_failed_create_leaves_nothing_behind(
    tmp_path: Path, fast_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    target = tmp_path / "ws"
    if existed:
        target.mkdir()

    def disk_full(path: Path, data: object) -> None:
        raise DiskFull()

    # The marker is the last thing written: fail there, after everything else exists.
    monkeypatch.setattr("app.workspace.write_json_atomic", disk_full)
    with pytest.raises(DiskFull):
        Workspace.create(target, ADMIN, ADMIN_PASSWORD, kdf=fast_kdf)
    assert (list(target.iterdir()) == []) if existed else not target.exists()


def test_open_refuses_what_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="no such folder"):
        Workspace.open(tmp_path / "absent", ADMIN, ADMIN_PASSWORD)
    with pytest.raises(NotAWorkspace):
        Workspace.open(tmp_path, ADMIN, ADMIN_PASSWORD)
    (tmp_path / "workspace.json").write_text('{"format": "something-else"}')
    with pytest.raises(NotAWorkspace):
        Workspace.open(tmp_path, ADMIN, ADMIN_PASSWORD)
    assert not Workspace.is_workspace(tmp_path)


def test_workspace_from_a_newer_candor_is_refused(session: Session) -> None:
    session.close()
    marker = session.path / "workspace.json"
    marker.write_text(json.dumps({"format": "candor-workspace", "format_version": 7}))
    with pytest.raises(WorkspaceTooNew, match="version 7"):
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD)


def test_newer_database_schema_is_refused_without_writing(session: Session) -> None:
    session.db.execute("PRAGMA user_version = 42")
    session.close()
    db_file = session.path / "candor.db"
    before = sha(db_file)
    with pytest.raises(WorkspaceTooNew) as caught:
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD)
    assert "42" in caught.value.message
    assert sha(db_file) == before


@pytest.mark.parametrize("damage", ["truncate", "replace", "empty", "delete"])
def test_damaged_database_is_refused_and_left_as_is(session: Session, damage: str) -> None:
    with session.db.transaction():
        for i in range(50):
            session.candidates.add(f"Person {i}", {"notes": "x" * 2000})
    session.close()
    db_file = session.path / "candor.db"
    data = db_file.read_bytes()
    if damage == "truncate":
        db_file.write_bytes(data[: len(data) // 2])
    elif damage == "replace":
        db_file.write_bytes(b"\0" * len(data))
    elif damage == "empty":
        db_file.write_bytes(b"")
    else:
        db_file.unlink()
    before = sha(db_file) if db_file.exists() else None
    with pytest.raises(WorkspaceCorrupt):
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD)
    assert (sha(db_file) if db_file.exists() else None) == before


def test_missing_keyslots_is_reported(session: Session) -> None:
    session.close()
    (session.path / "keyslots.json").unlink()
    with pytest.raises(WorkspaceCorrupt, match="keyslots"):
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD)


def test_wrong_password_changes_nothing_in_the_database(session: Session) -> None:
    session.close()
    before = sha(session.path / "candor.db")
    with pytest.raises(WrongCredentials):
        Workspace.open(session.path, ADMIN, "wrong password")
    assert sha(session.path / "candor.db") == before


def test_settings_persist(session: Session) -> None:
    assert session.get_setting("theme") is None
    assert session.get_setting("theme", "dark") == "dark"
    session.set_setting("theme", "light")
    session.set_setting("theme", "high-contrast")
    session.close()
    with Workspace.open(session.path, ADMIN, ADMIN_PASSWORD) as again:
        assert again.get_setting("theme") == "high-contrast"


# --- back-off ---------------------------------------------------------------


def test_delay_doubles_after_three_failures_up_to_a_cap() -> None:
    assert [delay_after(n) for n in range(9)] == [0, 0, 0, 1, 2, 4, 8, 16, MAX_DELAY_S]
    assert delay_after(50) == MAX_DELAY_S


def test_ten_quick_failures_back_off_and_right_password_waits(session: Session) -> None:
    session.close()
    clock = FakeClock()
    outcomes = []
    for _ in range(10):
        try:
            Workspace.open(session.path, ADMIN, "wrong password", clock=clock)
        except (WrongCredentials, TooManyAttempts) as exc:
            outcomes.append(type(exc).__name__)
    assert outcomes == ["WrongCredentials"] * 3 + ["TooManyAttempts"] * 7

    with pytest.raises(TooManyAttempts) as caught:  # even the right password must wait
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD, clock=clock)
    assert caught.value.retry_after == pytest.approx(1.0)
    assert "Wait 1 second" in caught.value.message

    clock.now += 1.0
    with pytest.raises(WrongCredentials):  # the fourth real failure
        Workspace.open(session.path, ADMIN, "wrong again", clock=clock)
    clock.now += 1.5
    with pytest.raises(TooManyAttempts) as caught:
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD, clock=clock)
    assert caught.value.retry_after == pytest.approx(0.5)

    clock.now += 0.5
    with Workspace.open(session.path, ADMIN, ADMIN_PASSWORD, clock=clock) as opened:
        failures = [e for e in opened.audit.entries() if e.action == "sign_in.failed"]
    assert len(failures) == 4  # refused-early attempts never reached a password check
    state = json.loads((session.path / AUTH_STATE_FILE).read_text())
    assert state["failures"] == 0 and state["pending"] == []
    for _ in range(3):  # forgiven: three fresh free attempts
        with pytest.raises(WrongCredentials):
            Workspace.open(session.path, ADMIN, "wrong password", clock=clock)


def test_back_off_is_shared_with_other_processes(session: Session) -> None:
    session.close()
    clock = FakeClock(time.time())
    for step in (0.0, 0.0, 0.0, 1.0, 2.0):  # five failures, each as early as allowed
        clock.now += step
        with pytest.raises(WrongCredentials):
            Workspace.open(session.path, ADMIN, "wrong password", clock=clock)
    child = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from app.errors import TooManyAttempts
        from app.workspace import Workspace
        try:
            Workspace.open(Path(sys.argv[1]), sys.argv[2], sys.argv[3]).close()
        except TooManyAttempts as exc:
            print("backing off", round(exc.retry_after))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", child, str(session.path), ADMIN, ADMIN_PASSWORD],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.startswith("backing off")


def test_unknown_and_disabled_names_count_towards_back_off(session: Session) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    session.users.disable("rita")
    session.close()
    clock = FakeClock()
    for name in ("nobody", "rita", ADMIN):
        with pytest.raises(WrongCredentials):
            Workspace.open(session.path, name, "wrong password", clock=clock)
    with pytest.raises(TooManyAttempts):
        Workspace.open(session.path, ADMIN, ADMIN_PASSWORD, clock=clock)


# --- candidates -------------------------------------------------------------


class RecordingMedia:
    def __init__(self) -> None:
        self.deleted: list[int] = []

    def delete_candidate(self, candidate_id: int) -> bool:
        self.deleted.append(candidate_id)
        return True


def test_candidate_round_trip_and_media_key(session: Session) -> None:
    first = session.candidates.add("  Ada Lovelace ", {"skills": ["math"], "years": 3})
    second = session.candidates.add("Alan Turing", {})
    candidate = session.candidates.get(first)
    assert (candidate.id, candidate.display_name, dict(candidate.data)) == (
        first, "Ada Lovelace", {"skills": ["math"], "years": 3},
    )  # fmt: skip
    key_one, key_two = session.candidates.media_key(first), session.candidates.media_key(second)
    assert len(key_one) == 32 and key_one != key_two
    assert session.candidates.key_for(first) == key_one
    assert session.candidates.ids() == [first, second]
    assert session.candidates.count() == 2
    with pytest.raises(CandidateNotFound):
        session.candidates.get(999)
    with pytest.raises(InvalidInput):
        session.candidates.add("   ", {})


def test_deleted_candidate_is_unreadable_forever(session: Session) -> None:
    media = RecordingMedia()
    session.candidates.media = media
    candidate = session.candidates.add("Grace Hopper", {"email": "grace@example.org"})
    session.candidates.delete(candidate)
    assert media.deleted == [candidate]
    with pytest.raises(CandidateErased):
        session.candidates.media_key(candidate)
    with pytest.raises(CandidateErased):
        session.candidates.get(candidate)
    assert session.candidates.ids() == []
    row = session.db.query_one(
        "SELECT display_name, data_json, media_key FROM candidates WHERE id = ?", (candidate,)
    )
    assert row == ("", "{}", None)
    session.candidates.delete(candidate)  # erasing twice is harmless
    with pytest.raises(CandidateNotFound):
        session.candidates.delete(12345)
    later = session.candidates.add("Someone Else", {})
    assert later != candidate  # ids are never reused


def test_roles_limit_candidate_access(session: Session) -> None:
    candidate = session.candidates.add("Ada Lovelace", {})
    session.users.add("rene", Role.REVIEWER, PASSWORD)
    session.users.add("kiosk-1", Role.KIOSK, PASSWORD)
    with Workspace.open(session.path, "rene", PASSWORD) as reviewer:
        assert reviewer.candidates.get(candidate).display_name == "Ada Lovelace"
        with pytest.raises(PermissionDenied):
            reviewer.candidates.add("New Person", {})
        with pytest.raises(PermissionDenied):
            reviewer.candidates.delete(candidate)
    with (
        Workspace.open(session.path, "kiosk-1", PASSWORD) as kiosk,
        pytest.raises(PermissionDenied),
    ):
        kiosk.candidates.get(candidate)


def test_erasing_a_candidate_reaches_the_sessions_media_store(session: Session) -> None:
    assert session.candidates.media is session.media


def test_session_keeps_the_data_key_out_of_plaintext_files(session: Session) -> None:
    key = KeyStore(session.path).unwrap(ADMIN, ADMIN_PASSWORD)
    for path in session.path.iterdir():
        if path.is_file() and path.suffix == ".json":
            content = path.read_bytes()
            assert key not in content and key.hex().encode() not in content


def test_reauthenticate_checks_the_password_with_back_off(session: Session) -> None:
    session.close()
    clock = FakeClock()
    with Workspace.open(session.path, ADMIN, ADMIN_PASSWORD, clock=clock) as opened:
        for _ in range(3):
            with pytest.raises(WrongCredentials):
                opened.reauthenticate("wrong password")
        with pytest.raises(TooManyAttempts):
            opened.reauthenticate(ADMIN_PASSWORD)
        clock.now += 1.0
        opened.reauthenticate(ADMIN_PASSWORD)
        recorded = [(e.action, e.subject) for e in opened.audit.entries()]
        assert recorded.count(("sign_in.failed", f"user:{ADMIN}")) == 3
        assert recorded[-1] == ("session.unlocked", f"user:{ADMIN}")
        assert opened.audit.verify().ok


def test_right_password_on_a_damaged_workspace_does_not_back_off(session: Session) -> None:
    session.close()
    (session.path / "candor.db").write_bytes(b"\0" * 8192)
    for _ in range(6):  # each attempt reaches the real problem, never TooManyAttempts
        with pytest.raises(WorkspaceCorrupt):
            Workspace.open(session.path, ADMIN, ADMIN_PASSWORD)
