"""The audit log: what is recorded, and that tampering of any kind is detected.

Tampering is done the way an attacker with the data key would: a raw SQLCipher
connection that drops the append-only triggers and edits the table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from app.accounts import Role
from app.audit import ANCHOR_FILE, AuditReport
from app.errors import WrongCredentials
from app.workspace import Session, Workspace

from .conftest import ADMIN, ADMIN_PASSWORD

RawDb = Callable[[], sqlcipher3.Connection]
PASSWORD = "a long enough password"


def actions(session: Session) -> list[str]:
    return [entry.action for entry in session.audit.entries()]


def fill_log(session: Session, n: int = 6) -> None:
    for i in range(n):
        session.audit.record("test.event", f"thing:{i}", {"i": i})


def reopen_and_verify(path: Path) -> AuditReport:
    # Verification reads the log; it must work even after tampering.
    with Workspace.open(path, ADMIN, ADMIN_PASSWORD) as session:
        return session.audit.verify()


def tamper(raw_db: RawDb, *statements: str) -> None:
    conn = raw_db()
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_clean_log_verifies(session: Session) -> None:
    fill_log(session)
    report = session.audit.verify()
    assert report == AuditReport(ok=True, entries=len(actions(session)), problems=[])


def test_record_chains_entries_by_the_signed_in_user(session: Session) -> None:
    seq = session.audit.record("report.exported", "candidate:7", {"pages": 3})
    entry = session.audit.entries()[-1]
    assert (entry.seq, entry.actor, entry.action, entry.subject) == (
        seq, ADMIN, "report.exported", "candidate:7",
    )  # fmt: skip
    assert json.loads(entry.details) == {"pages": 3}
    assert entry.ts.endswith("+00:00")
    previous = session.audit.entries()[-2]
    assert entry.hash != previous.hash and len(entry.hash) == 64


def test_people_actions_are_recorded(session: Session) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    session.users.add("rene", Role.REVIEWER, PASSWORD)
    session.users.reset_password("rene", "rene new password")
    session.users.disable("rene")
    session.users.change_own_password(ADMIN_PASSWORD, "admin new password")
    candidate = session.candidates.add("Grace Hopper", {"email": "grace@example.org"})
    session.candidates.get(candidate)
    session.candidates.delete(candidate)
    session.set_setting("idle_lock_minutes", "10")
    with pytest.raises(WrongCredentials):
        Workspace.open(session.path, "rita", "not rita's password")
    with pytest.raises(WrongCredentials):
        Workspace.open(session.path, "guessed-name", "whatever password")
    with Workspace.open(session.path, "rita", PASSWORD) as rita:
        entries = rita.audit.entries()
    recorded = [(e.actor, e.action, e.subject) for e in entries]
    for expected in [
        (ADMIN, "workspace.created", ""),
        (ADMIN, "user.added", "user:rita"),
        (ADMIN, "user.password_reset", "user:rene"),
        (ADMIN, "user.disabled", "user:rene"),
        (ADMIN, "user.password_changed", f"user:{ADMIN}"),
        (ADMIN, "candidate.created", f"candidate:{candidate}"),
        (ADMIN, "candidate.read", f"candidate:{candidate}"),
        (ADMIN, "candidate.deleted", f"candidate:{candidate}"),
        (ADMIN, "setting.changed", "setting:idle_lock_minutes"),
        ("system", "sign_in.failed", "user:rita"),
        ("system", "sign_in.failed", "user:(unknown)"),
        ("rita", "sign_in.succeeded", "user:rita"),
    ]:
        assert expected in recorded
    text = json.dumps([e.__dict__ for e in entries])
    for secret in [PASSWORD, ADMIN_PASSWORD, "not rita's password", "guessed-name",
                   "Grace Hopper", "grace@example.org"]:  # fmt: skip
        assert secret not in text


def test_triggers_refuse_update_and_delete(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    conn = raw_db()
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
    conn.close()
    assert session.audit.verify().ok


def test_edited_entry_is_detected(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    session.close()
    tamper(raw_db, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
    report = reopen_and_verify(session.path)
    assert not report.ok
    assert any("entry 3 was altered" in p for p in report.problems)
    assert any("append-only protection was removed" in p for p in report.problems)


def test_edit_with_recomputed_hash_is_detected_at_the_next_entry(
    session: Session, raw_db: RawDb
) -> None:
    fill_log(session)
    session.close()
    conn = raw_db()
    row = conn.execute("SELECT seq, ts, actor, action, subject, details FROM audit_log "
                       "WHERE seq = 3").fetchone()  # fmt: skip
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 2").fetchone()[0]
    conn.close()
    from app.audit import entry_hash

    forged = entry_hash(prev, row[0], row[1], "nobody", row[3], row[4], row[5])
    tamper(raw_db, f"UPDATE audit_log SET actor = 'nobody', hash = '{forged}' WHERE seq = 3")
    report = reopen_and_verify(session.path)
    assert any("entry 4 was altered" in p for p in report.problems)


def test_removed_middle_entry_is_detected(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    session.close()
    tamper(raw_db, "DELETE FROM audit_log WHERE seq = 4")
    report = reopen_and_verify(session.path)
    assert not report.ok
    assert any("entries 4 to 4 are missing" in p for p in report.problems)


def test_removed_first_entries_are_detected(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    session.close()
    tamper(raw_db, "DELETE FROM audit_log WHERE seq <= 2")
    report = reopen_and_verify(session.path)
    assert any("entries 1 to 2 are missing" in p for p in report.problems)


@pytest.mark.parametrize("cut", [1, 2])
def test_removed_last_entries_are_detected(session: Session, raw_db: RawDb, cut: int) -> None:
    fill_log(session)
    last = session.audit.entries()[-1].seq
    session.close()
    # Cut the end and re-create the triggers: the chain itself is still consistent.
    tamper(
        raw_db,
        f"DELETE FROM audit_log WHERE seq > {last - cut}",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    )
    with Workspace.open(session.path, ADMIN, ADMIN_PASSWORD) as reopened:
        # Signing in appended one new entry at the cut; the anchor remembers the old head.
        report = reopened.audit.verify()
    assert not report.ok
    if cut == 1:  # the new entry took the anchored seq, with another hash
        expected = f"entry {last} differs from the anchored head of the log: entries were replaced"
    else:
        expected = (
            f"the log ends at entry {last - cut + 1} but its anchored head is entry {last}: "
            "entries at the end were removed"
        )
    assert report.problems == [expected]


def test_truncation_without_new_entries_is_detected(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    last = session.audit.entries()[-1].seq
    tamper(raw_db, f"DELETE FROM audit_log WHERE seq > {last - 3}")
    report = session.audit.verify()
    assert report.problems == [
        f"the log ends at entry {last - 3} but its anchored head is entry {last}: "
        "entries at the end were removed",
        "the append-only protection was removed (audit_log_no_delete, audit_log_no_update)",
    ]


def test_reordered_entries_are_detected(session: Session, raw_db: RawDb) -> None:
    fill_log(session)
    session.close()
    swap = (
        "UPDATE audit_log SET seq = CASE seq WHEN 3 THEN -4 WHEN 4 THEN -3 END WHERE seq IN (3, 4)",
        "UPDATE audit_log SET seq = -seq WHERE seq < 0",
    )
    tamper(raw_db, *swap)
    report = reopen_and_verify(session.path)
    assert not report.ok
    assert any("entry 3 was altered" in p for p in report.problems)
    assert any("entry 4 was altered" in p for p in report.problems)


def test_deleted_or_forged_anchor_is_detected(session: Session) -> None:
    fill_log(session)
    anchor = session.path / ANCHOR_FILE
    data = json.loads(anchor.read_text())
    data["seq"] -= 1
    anchor.write_text(json.dumps(data))
    assert any("not trustworthy" in p for p in session.audit.verify().problems)
    anchor.unlink()
    session.audit.record("after.deletion")  # must not silently re-create the anchor
    assert session.audit.verify().problems == ["the anchored head of the log is missing"]


def test_rolled_back_entry_leaves_no_trace(session: Session) -> None:
    before = session.audit.entries()
    anchor_before = (session.path / ANCHOR_FILE).read_text()
    with pytest.raises(RuntimeError), session.db.transaction():
        session.audit.record("never.happened")
        raise RuntimeError("abort")
    assert session.audit.entries() == before
    assert (session.path / ANCHOR_FILE).read_text() == anchor_before
    assert session.audit.verify().ok
