"""Candidates: their record, their media key, and erasure by crypto-shredding.

Each candidate gets a random 256-bit media key, kept only in the (encrypted)
database; their media files are encrypted under it by `app.media`. Erasing a
candidate replaces the row by a tombstone without any personal data and
destroys the key (`secure_delete` zeroes the freed bytes, and the WAL is
checkpointed), so their media files become unreadable noise.

Limits: a backup of the *database* taken before the erasure still holds the
key (encrypted under the data key); media backups alone are unrecoverable.

Every read of a candidate's data by a person (`get`) is audit-logged. The
media key accessor is for the media store, not for people, and is not.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from app.accounts import Permission, User, now_iso
from app.audit import AuditLog
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, WorkspaceLocked
from app.signin import Clock
from app.storage.db import Database

log = logging.getLogger("candor.candidates")

MEDIA_KEY_BYTES = 32
MAX_DISPLAY_NAME = 200


@dataclass(frozen=True)
class Candidate:
    id: int
    created_at: str
    display_name: str
    data: Mapping[str, object]


class MediaEraser(Protocol):
    """What erasure needs from the media store (`app.media.MediaStore`)."""

    def delete_candidate(self, candidate_id: int) -> object: ...


class CandidateRepo:
    """Candidate records for the signed-in `user`. Also the media store's key provider."""

    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        user: User,
        clock: Clock = time.time,
        media: MediaEraser | None = None,
    ) -> None:
        self._db = db
        self._audit = audit
        self._user = user
        self._clock = clock
        self.media = media

    def add(self, display_name: str, data: Mapping[str, object]) -> int:
        self._user.require(Permission.ADD_CANDIDATES)
        name = display_name.strip()
        if not name:
            raise InvalidInput("A candidate needs a name to show.", "Type the candidate's name.")
        if len(name) > MAX_DISPLAY_NAME:
            raise InvalidInput(f"A candidate's name can be at most {MAX_DISPLAY_NAME} characters.")
        data_json = json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
        with self._db.transaction():
            candidate_id = self._db.execute(
                "INSERT INTO candidates (created_at, display_name, data_json, media_key) "
                "VALUES (?, ?, ?, ?)",
                (now_iso(self._clock), name, data_json, secrets.token_bytes(MEDIA_KEY_BYTES)),
            )
            self._audit.record("candidate.created", _subject(candidate_id))
        return candidate_id

    def get(self, candidate_id: int) -> Candidate:
        """The candidate's record; the read is audit-logged."""
        self._user.require(Permission.READ_CANDIDATES)
        with self._db.transaction():
            row = self._row(candidate_id, "created_at, display_name, data_json")
            self._audit.record("candidate.read", _subject(candidate_id))
        return Candidate(candidate_id, str(row[0]), str(row[1]), json.loads(str(row[2])))

    def update_data(self, candidate_id: int, changes: Mapping[str, object]) -> None:
        """Merge `changes` into the candidate's data (e.g. references to their media)."""
        self._user.require(Permission.ADD_CANDIDATES)
        with self._db.transaction():
            (data_json,) = self._row(candidate_id, "data_json")
            data = json.loads(str(data_json))
            data.update(changes)
            self._db.execute(
                "UPDATE candidates SET data_json = ? WHERE id = ?",
                (json.dumps(data, ensure_ascii=False, sort_keys=True), candidate_id),
            )
            self._audit.record(
                "candidate.updated", _subject(candidate_id), {"fields": sorted(changes)}
            )

    def ids(self) -> list[int]:
        """Ids of candidates not erased (no personal data, so not audit-logged)."""
        rows = self._db.query("SELECT id FROM candidates WHERE erased_at IS NULL ORDER BY id")
        return [int(row[0]) for row in rows]

    def count(self) -> int:
        """How many candidates are not erased."""
        return int(self._db.scalar("SELECT count(*) FROM candidates WHERE erased_at IS NULL"))

    def delete(self, candidate_id: int) -> None:
        """Erase the candidate: destroy their media key and data, keep a bare tombstone.

        Inside a caller's transaction (`app.compliance.erasure`) the checkpoint and the
        removal of the media files wait for its commit: a crash before it leaves the
        candidate whole, files included.
        """
        self._user.require(Permission.ERASE_CANDIDATES)
        with self._db.transaction():
            row = self._db.query_one(
                "SELECT erased_at FROM candidates WHERE id = ?", (candidate_id,)
            )
            if row is None:
                raise CandidateNotFound(candidate_id)
            if row[0] is None:
                self._db.execute(
                    "UPDATE candidates SET display_name = '', data_json = '{}', "
                    "media_key = NULL, erased_at = ? WHERE id = ?",
                    (now_iso(self._clock), candidate_id),
                )
                self._audit.record(
                    "candidate.deleted", _subject(candidate_id), {"method": "crypto-shredding"}
                )
            self._db.after_commit(lambda: self._after_erasure(candidate_id))

    def _after_erasure(self, candidate_id: int) -> None:
        # Push the zeroed pages into the main file and empty the WAL of old copies.
        with contextlib.suppress(WorkspaceLocked):
            self._db.checkpoint()
        if self.media is not None:
            self.media.delete_candidate(candidate_id)

    def media_key(self, candidate_id: int) -> bytes:
        """The candidate's media key; CandidateErased once they were erased."""
        (key,) = self._row(candidate_id, "media_key")
        if not isinstance(key, bytes):
            raise CandidateErased(candidate_id)
        return key

    def key_for(self, candidate_id: int) -> bytes:
        """`app.media.MediaStore`'s key-provider protocol; same as `media_key`."""
        return self.media_key(candidate_id)

    def _row(self, candidate_id: int, columns: str) -> tuple[object, ...]:
        row = self._db.query_one(
            f"SELECT erased_at, {columns} FROM candidates WHERE id = ?", (candidate_id,)
        )
        if row is None:
            raise CandidateNotFound(candidate_id)
        if row[0] is not None:
            raise CandidateErased(candidate_id)
        return row[1:]


def _subject(candidate_id: int) -> str:
    return f"candidate:{candidate_id}"
