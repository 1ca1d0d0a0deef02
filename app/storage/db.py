"""The workspace database: one SQLCipher file, opened with a raw 256-bit key.

Choices, and why:

- The key is a random data key given as a raw key (`x'<hex>'`), so SQLCipher
  skips its own PBKDF2: the password work is done once, by Argon2id, in
  `app.keys`, and a password change never re-encrypts the database.
- Opening reads before it writes: the first page is decrypted, the schema
  version checked and a quick integrity check run before any PRAGMA or
  migration that could write. A wrong key, a foreign or truncated file, or a
  database from a newer Candor is refused with its bytes untouched.
- `journal_mode=WAL` lets readers (the UI) run while a job writes.
- `synchronous=FULL`: in WAL mode NORMAL is crash-safe for the process but may
  lose the last commits on power loss. The audit anchor (`app.audit`) is written
  to a sidecar file after each commit; if the database could silently lose a
  commit the anchor would point past the end of the log and raise a false
  tampering alarm. FULL costs one fsync per commit, which our write rate (a
  person's actions, not bulk ingest) easily affords.
- `secure_delete=ON`: erased rows (a candidate's media key) are overwritten with
  zeros in the file instead of lingering in free pages.
- One connection per workspace, shared by threads: `check_same_thread=False`
  and a re-entrant lock held for each statement and for a whole transaction, so
  one thread at a time uses it (the job runner's workers included).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from app.errors import DiskFull, WorkspaceCorrupt, WorkspaceLocked, WorkspaceTooNew
from app.storage.migrations import MIGRATIONS, Migration, latest_version, migrate

log = logging.getLogger("candor.storage")

Row = tuple[Any, ...]
Params = Sequence[object]

#: Raised by a statement that breaks a UNIQUE/CHECK/FOREIGN KEY rule; repositories catch it.
IntegrityError = sqlcipher3.IntegrityError

#: How long a statement waits for another process's write lock before WorkspaceLocked.
BUSY_TIMEOUT_S = 5.0

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 5, 6, 11, 13, 26


def map_sqlite_error(exc: BaseException) -> Exception | None:
    """The CandorError an SQLite failure means for the user, or None if it is a bug."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull()
    if not isinstance(exc, sqlcipher3.DatabaseError):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return DiskFull()
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return WorkspaceLocked()
    if primary == _SQLITE_NOTADB or "file is not a database" in text:
        return WorkspaceCorrupt("its database cannot be decrypted (damaged or replaced)")
    if primary == _SQLITE_CORRUPT or "malformed" in text:
        return WorkspaceCorrupt("its database file is damaged or truncated")
    return None


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn expected SQLite/OS failures into CandorErrors; let bugs through unchanged."""
    try:
        yield
    except (sqlcipher3.DatabaseError, OSError) as exc:
        mapped = map_sqlite_error(exc)
        if mapped is None:
            raise
        raise mapped from exc


class Database:
    """An open, keyed, migrated workspace database. Use `Database.open`."""

    def __init__(self, connection: Any, path: Path) -> None:
        self._conn = connection
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._after_commit: list[Callable[[], None]] = []
        self._closed = False

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes,
        *,
        create: bool = False,
        migrations: Sequence[Migration] = MIGRATIONS,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> Database:
        """Open (or with `create`, make) the database at `path` and bring its schema up to date.

        Raises WorkspaceCorrupt for a missing, empty, undecryptable or damaged file,
        WorkspaceTooNew for a schema newer than `migrations` knows; in both cases
        nothing has been written to the file.
        """
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        if create:
            # Owner-only from the first byte; SQLite gives -wal/-shm the same mode.
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        if not create:
            if not path.is_file():
                raise WorkspaceCorrupt("its database file is missing")
            if path.stat().st_size == 0:
                raise WorkspaceCorrupt("its database file is empty")
        supported = latest_version(migrations)
        with translate_errors():
            conn = sqlcipher3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
        try:
            with translate_errors():
                _key_and_check(conn, key, supported, check_integrity=not create)
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA secure_delete = ON")
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                conn.execute("PRAGMA synchronous = FULL")
            if str(mode).lower() != "wal":
                log.warning("WAL journal mode unavailable; using %s", mode)
            db = cls(conn, path)
            migrate(db, migrations)
        except BaseException:
            conn.close()
            raise
        return db

    # --- statements -------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the last inserted row id (0 if none)."""
        with self._lock, translate_errors():
            cursor = self._live().execute(sql, tuple(params))
            return int(cursor.lastrowid or 0)

    def execute_count(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        with self._lock, translate_errors():
            return int(self._live().execute(sql, tuple(params)).rowcount)

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self._lock, translate_errors():
            return [tuple(row) for row in self._live().execute(sql, tuple(params)).fetchall()]

    def query_one(self, sql: str, params: Params = ()) -> Row | None:
        with self._lock, translate_errors():
            row = self._live().execute(sql, tuple(params)).fetchone()
            return None if row is None else tuple(row)

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    # --- transactions -----------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        """All statements inside commit together or not at all.

        The write lock is taken at the start (IMMEDIATE, or EXCLUSIVE for
        migrations), so a busy workspace fails early with WorkspaceLocked
        instead of half-way. Nested use becomes a savepoint. Callbacks given to
        `after_commit` run once the outermost transaction has committed.
        """
        with self._lock:
            if self._depth:
                yield from self._savepoint()
                return
            with translate_errors():
                self._live().execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
                with translate_errors():
                    self._conn.execute("COMMIT")
            except BaseException:
                self._after_commit.clear()
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            callbacks, self._after_commit = self._after_commit, []
            for callback in callbacks:
                callback()

    def _savepoint(self) -> Iterator[None]:
        name = f"sp{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
            raise
        else:
            self._conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after the current transaction commits (now, if there is none)."""
        with self._lock:
            if self._depth:
                self._after_commit.append(callback)
                return
        callback()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # --- life -------------------------------------------------------------

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (after erasing data)."""
        with self._lock, translate_errors():
            self._live().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._conn.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _live(self) -> Any:
        if self._closed:
            raise RuntimeError("the workspace database is closed")
        return self._conn


def _key_and_check(conn: Any, key: bytes, supported: int, *, check_integrity: bool) -> None:
    """Key the connection and prove, by reading only, that the file is ours and sound."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # failures are reported as exceptions
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # decrypts page 1
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > supported:
        raise WorkspaceTooNew("database schema", found, supported)
    if check_integrity:
        result = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise WorkspaceCorrupt("its database failed the integrity check")
