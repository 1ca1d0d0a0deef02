"""The SQLCipher database layer: opening, refusing, migrating, transactions, errors."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlcipher3

from app.errors import DiskFull, WorkspaceCorrupt, WorkspaceLocked, WorkspaceTooNew
from app.keys import new_data_key
from app.storage import (
    MIGRATIONS,
    Database,
    Migration,
    latest_version,
    map_sqlite_error,
    migrate,
    read_json,
    write_json_atomic,
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def key() -> bytes:
    return new_data_key()


@pytest.fixture
def db_path(tmp_path: Path, key: bytes) -> Path:
    path = tmp_path / "candor.db"
    db = Database.open(path, key, create=True)
    db.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    db.close()
    return path


def test_new_database_is_encrypted_and_at_latest_schema(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "candor.db"
    db = Database.open(path, key, create=True)
    assert db.user_version() == latest_version(MIGRATIONS)
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "candidates", "settings", "audit_log"} <= tables
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA synchronous") == 2  # FULL
    db.close()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


def test_reopening_keeps_data(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    assert db.scalar("SELECT value FROM settings WHERE key = 'k'") == "v"
    db.close()


def test_wrong_key_is_refused_and_file_unchanged(db_path: Path) -> None:
    before = sha(db_path)
    with pytest.raises(WorkspaceCorrupt):
        Database.open(db_path, new_data_key())
    assert sha(db_path) == before


def test_plain_sqlite_file_is_refused_and_unchanged(tmp_path: Path, key: bytes) -> None:
    foreign = tmp_path / "candor.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sha(foreign)
    with pytest.raises(WorkspaceCorrupt):
        Database.open(foreign, key)
    assert sha(foreign) == before


def test_non_database_file_is_refused_and_unchanged(tmp_path: Path, key: bytes) -> None:
    text = tmp_path / "candor.db"
    text.write_bytes(b"not a database at all\n" * 500)
    before = sha(text)
    with pytest.raises(WorkspaceCorrupt):
        Database.open(text, key)
    assert sha(text) == before


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_database_is_refused_and_unchanged(
    tmp_path: Path, key: bytes, fraction: float
) -> None:
    path = tmp_path / "candor.db"
    db = Database.open(path, key, create=True)
    with db.transaction():
        for i in range(300):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"k{i}", "x" * 500))
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    before = sha(path)
    with pytest.raises(WorkspaceCorrupt):
        Database.open(path, key)
    assert sha(path) == before


def test_missing_or_empty_database_is_refused(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(WorkspaceCorrupt, match="missing"):
        Database.open(tmp_path / "candor.db", key)
    (tmp_path / "candor.db").touch()
    with pytest.raises(WorkspaceCorrupt, match="empty"):
        Database.open(tmp_path / "candor.db", key)
    assert (tmp_path / "candor.db").stat().st_size == 0


def test_newer_schema_is_refused_and_nothing_written(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    db.execute(f"PRAGMA user_version = {latest_version(MIGRATIONS) + 5}")
    db.close()
    before = sha(db_path)
    with pytest.raises(WorkspaceTooNew) as caught:
        Database.open(db_path, key)
    assert caught.value.found == latest_version(MIGRATIONS) + 5
    assert caught.value.supported == latest_version(MIGRATIONS)
    assert str(caught.value.found) in caught.value.message
    assert sha(db_path) == before


def test_pending_migrations_apply_in_order(db_path: Path, key: bytes) -> None:
    n = len(MIGRATIONS)
    chain = (
        *MIGRATIONS,
        Migration(n + 1, "add notes", ("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",)),
        Migration(n + 2, "seed a note", ("INSERT INTO notes (body) VALUES ('hello')",)),
    )
    db = Database.open(db_path, key, migrations=chain)
    assert db.user_version() == n + 2
    assert db.scalar("SELECT body FROM notes") == "hello"
    db.close()
    # The shipped chain now sees a newer database and refuses it.
    with pytest.raises(WorkspaceTooNew):
        Database.open(db_path, key)


def test_failing_migration_rolls_back_every_pending_step(db_path: Path, key: bytes) -> None:
    n = len(MIGRATIONS)
    chain = (
        *MIGRATIONS,
        Migration(n + 1, "fine", ("CREATE TABLE notes (id INTEGER PRIMARY KEY)",)),
        Migration(n + 2, "broken", ("INSERT INTO no_such_table VALUES (1)",)),
    )
    with pytest.raises(sqlcipher3.OperationalError):
        Database.open(db_path, key, migrations=chain)
    db = Database.open(db_path, key)
    assert db.user_version() == n
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'notes'") == 0
    db.close()


def test_migration_chain_must_count_without_gaps() -> None:
    with pytest.raises(ValueError, match="numbered"):
        n = len(MIGRATIONS)
        latest_version((*MIGRATIONS, Migration(n + 2, "skips one", ())))


def test_migrate_is_a_no_op_at_latest(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    assert migrate(db) == latest_version(MIGRATIONS)
    db.close()


def test_transaction_commits_together_or_not_at_all(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    with pytest.raises(RuntimeError), db.transaction():
        db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert db.scalar("SELECT count(*) FROM settings WHERE key = 'a'") == 0
    with db.transaction():
        db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        with pytest.raises(RuntimeError), db.transaction():  # nested: a savepoint
            db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
            raise RuntimeError("inner")
    assert db.query("SELECT key FROM settings WHERE key IN ('a', 'b')") == [("a",)]
    db.close()


def test_after_commit_callbacks_run_only_after_commit(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    ran: list[str] = []
    with db.transaction():
        db.after_commit(lambda: ran.append("committed"))
        assert ran == []
    assert ran == ["committed"]
    with pytest.raises(RuntimeError), db.transaction():
        db.after_commit(lambda: ran.append("rolled back"))
        raise RuntimeError("boom")
    assert ran == ["committed"]
    db.close()


def test_threads_share_one_connection_safely(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(50):
                with db.transaction():
                    db.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (f"t{n}-{i}",))
                    db.query("SELECT count(*) FROM settings")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.scalar("SELECT count(*) FROM settings WHERE key LIKE 't%'") == 200
    db.close()


def test_busy_workspace_raises_workspace_locked(db_path: Path, key: bytes) -> None:
    holder = Database.open(db_path, key)
    waiter = Database.open(db_path, key, busy_timeout=0.1)
    with holder.transaction():
        holder.execute("INSERT INTO settings (key, value) VALUES ('h', '1')")
        with pytest.raises(WorkspaceLocked), waiter.transaction():
            pass
    holder.close()
    waiter.close()


def test_full_disk_raises_disk_full(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    pages = db.scalar("PRAGMA page_count")
    db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(DiskFull), db.transaction():
        for i in range(100):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"f{i}", "x" * 4000))
    db.close()


def test_unexpected_sql_errors_stay_bugs(db_path: Path, key: bytes) -> None:
    db = Database.open(db_path, key)
    with pytest.raises(sqlcipher3.OperationalError) as caught:
        db.query("SELECT * FROM no_such_table")
    assert map_sqlite_error(caught.value) is None
    db.close()


def test_sidecar_json_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    write_json_atomic(target, {"a": 1})
    write_json_atomic(target, {"a": 2})
    assert read_json(target) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp file left
    assert target.stat().st_mode & 0o077 == 0
    assert read_json(tmp_path / "absent.json") is None
    target.write_text("{not json")
    with pytest.raises(WorkspaceCorrupt):
        read_json(target)
