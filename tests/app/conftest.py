"""Shared fixtures for tests of the application core.

Workspaces here use `KdfParams.insecure_fast()` so that a sign-in costs
microseconds instead of the ~0.3 s of the real Argon2id parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlcipher3

from app.keys import KdfParams, KeyStore
from app.workspace import Session, Workspace

ADMIN = "admin"
ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture
def fast_kdf() -> KdfParams:
    return KdfParams.insecure_fast()


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "ws"


@pytest.fixture
def session(workspace_path: Path, fast_kdf: KdfParams) -> Iterator[Session]:
    """A new workspace, signed in as its administrator."""
    with Workspace.create(workspace_path, ADMIN, ADMIN_PASSWORD, kdf=fast_kdf) as s:
        yield s


@pytest.fixture
def raw_db(workspace_path: Path) -> Callable[[], sqlcipher3.Connection]:
    """Opens the workspace database directly with its key, bypassing every guard.

    For tests that must tamper with the database the way an attacker would.
    """

    def connect() -> sqlcipher3.Connection:
        key = KeyStore(workspace_path).unwrap(ADMIN, ADMIN_PASSWORD)
        conn = sqlcipher3.connect(str(workspace_path / "candor.db"), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return conn

    return connect
