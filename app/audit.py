"""The append-only, hash-chained audit log, and its anchor outside the database.

Each entry (seq, ts, actor, action, subject, details) is chained:
``hash = SHA-256(previous hash || canonical JSON of the entry)``, the first
entry chaining from 64 zeros. The seq is inside the hashed JSON, so editing an
entry, removing one in the middle or swapping two breaks the chain at that
point, and `verify()` says where. SQL triggers refuse UPDATE and DELETE on the
table, so the application itself cannot rewrite history.

A chain alone cannot tell that its *last* entries were cut off. So after every
commit the head (seq + hash) is written to the sidecar `audit-head.json`
together with an HMAC-SHA256 under a key derived (HKDF) from the data key: the
anchor cannot be forged or edited without the key, and it lives in a different
file from the log, so cutting the end of the log in the database (or restoring
an older database beside a newer anchor) is reported. The anchor is written
*after* the commit (the database uses synchronous=FULL), so a crash can only
leave it one step behind, which is not reported; it is never created again once
lost, so deleting it is reported too.

Limits, stated plainly: anyone who holds the data key (every enabled user's
password unwraps it) could rewrite the whole chain *and* re-sign the anchor.
Detecting that would need a witness off this machine (e.g. printing the head in
exported reports); the chain and anchor catch edits made with database tools,
by accident or by a careless hand.

Entries never hold candidate data: subjects are ids ("candidate:12"), details
are counts, reasons and settings keys.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import WorkspaceCorrupt
from app.signin import Clock
from app.storage.db import Database
from app.storage.files import read_json, write_json_atomic

log = logging.getLogger("candor.audit")

ANCHOR_FILE = "audit-head.json"
GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"
_TRIGGERS = ("audit_log_no_delete", "audit_log_no_update")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    action: str
    subject: str
    details: str  # canonical JSON text, as hashed
    hash: str


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    problems: list[str] = field(default_factory=list)


def canonical_details(details: Mapping[str, object] | None) -> str:
    return json.dumps(
        dict(details or {}), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def entry_hash(prev_hash: str, seq: int, ts: str, actor: str, action: str, subject: str,
               details: str) -> str:  # fmt: skip
    body = json.dumps(
        {"seq": seq, "ts": ts, "actor": actor, "action": action, "subject": subject,
         "details": details},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(bytes.fromhex(prev_hash) + body.encode("utf-8")).hexdigest()


class AuditAnchor:
    """The signed head of the log in `<workspace>/audit-head.json`."""

    def __init__(self, folder: Path, data_key: bytes) -> None:
        self.path = folder / ANCHOR_FILE
        self._mac_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"candor audit anchor v1"
        ).derive(data_key)

    def read(self) -> tuple[int, str] | None:
        """(seq, hash) of the anchored head; None if absent. Raises WorkspaceCorrupt if forged."""
        data = read_json(self.path)
        if data is None:
            return None
        seq, head, mac = data.get("seq"), data.get("hash"), data.get("mac")
        if not (isinstance(seq, int) and isinstance(head, str) and isinstance(mac, str)):
            raise WorkspaceCorrupt(f"{ANCHOR_FILE} has an unexpected layout")
        if not hmac.compare_digest(self._mac(seq, head), mac):
            raise WorkspaceCorrupt(f"{ANCHOR_FILE} was altered")
        return seq, head

    def advance(self, seq: int, head: str) -> None:
        """Move the anchor forward to (seq, head); never backwards, never re-created."""
        try:
            current = self.read()
        except WorkspaceCorrupt:
            log.warning("audit anchor damaged; leaving it as evidence")
            return
        if current is None and seq != 1:
            log.warning("audit anchor missing; not re-creating it")
            return
        if current is not None and current[0] >= seq:
            return
        write_json_atomic(self.path, {"seq": seq, "hash": head, "mac": self._mac(seq, head)})

    def _mac(self, seq: int, head: str) -> str:
        return hmac.new(self._mac_key, f"{seq}:{head}".encode(), hashlib.sha256).hexdigest()


class AuditLog:
    """Records what people did in this workspace; `actor` is the signed-in user."""

    def __init__(self, db: Database, anchor: AuditAnchor, actor: str, clock: Clock = time.time):
        self._db = db
        self._anchor = anchor
        self._actor = actor
        self._clock = clock

    def record(
        self, action: str, subject: str = "", details: Mapping[str, object] | None = None
    ) -> int:
        """Append one event by the signed-in user; returns its seq.

        Inside a caller's transaction the entry commits (or not) with the change
        it describes. Never put candidate data or passwords in `subject`/`details`.
        """
        return self.record_as(self._actor, action, subject, details)

    def record_as(
        self,
        actor: str,
        action: str,
        subject: str = "",
        details: Mapping[str, object] | None = None,
    ) -> int:
        """Append an event on behalf of someone else (e.g. SYSTEM_ACTOR for failed sign-ins)."""
        if not action:
            raise ValueError("an audit action is required")
        ts = datetime.fromtimestamp(self._clock(), UTC).isoformat(timespec="microseconds")
        text = canonical_details(details)
        with self._db.transaction():
            last = self._db.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS_HASH)
            digest = entry_hash(prev, seq, ts, actor, action, subject, text)
            self._db.execute(
                "INSERT INTO audit_log (seq, ts, actor, action, subject, details, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seq, ts, actor, action, subject, text, digest),
            )
            self._db.after_commit(lambda: self._anchor.advance(seq, digest))
        return seq

    def entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        rows = self._db.query(
            "SELECT seq, ts, actor, action, subject, details, hash FROM audit_log "
            "WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return [AuditEntry(int(r[0]), *(str(v) for v in r[1:])) for r in rows]

    def verify(self) -> AuditReport:
        """Check the whole chain, the anchored head and the append-only triggers."""
        problems: list[str] = []
        rows = self._db.query(
            "SELECT seq, ts, actor, action, subject, details, hash FROM audit_log ORDER BY seq"
        )
        prev, expected, last_seq = GENESIS_HASH, 1, 0
        by_seq: dict[int, str] = {}
        for seq, ts, actor, action, subject, details, stored in rows:
            if seq != expected:
                problems.append(f"entries {expected} to {seq - 1} are missing")
            elif entry_hash(prev, seq, ts, actor, action, subject, details) != stored:
                problems.append(f"entry {seq} was altered, re-ordered or does not follow {seq - 1}")
            prev, expected, last_seq = str(stored), seq + 1, seq
            by_seq[seq] = str(stored)
        problems.extend(self._check_anchor(by_seq, last_seq))
        present = {
            r[0] for r in self._db.query("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        if missing := [name for name in _TRIGGERS if name not in present]:
            problems.append(f"the append-only protection was removed ({', '.join(missing)})")
        return AuditReport(ok=not problems, entries=len(rows), problems=problems)

    def _check_anchor(self, by_seq: dict[int, str], last_seq: int) -> list[str]:
        try:
            anchor = self._anchor.read()
        except WorkspaceCorrupt as exc:
            return [f"the anchored head of the log is not trustworthy: {exc.message}"]
        if anchor is None:
            return ["the anchored head of the log is missing"] if by_seq else []
        seq, head = anchor
        if seq > last_seq:
            return [
                f"the log ends at entry {last_seq} but its anchored head is entry {seq}: "
                "entries at the end were removed"
            ]
        if by_seq.get(seq) != head:
            return [f"entry {seq} differs from the anchored head of the log: entries were replaced"]
        return []
