"""The export inventory: every file Candor wrote outside its encryption.

Reports, shortlists, copies for a candidate and deletion certificates leave the
encrypted workspace, so Candor cannot erase them. It records each one (what kind,
where, blind or not, for which role, by whom, when, and which candidates it holds)
so that an erasure can name the copies a person must delete by hand.

Recording is part of the export the user was allowed to make, so it checks no
permission of its own; listing the inventory is for those who may export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.accounts import Permission, now_iso
from app.errors import InvalidInput
from app.storage.db import Database

if TYPE_CHECKING:
    from app.workspace import Session

MAX_KIND = 40


@dataclass(frozen=True)
class ExportedFile:
    id: int
    kind: str
    path: str
    blind: bool
    role_id: int | None
    exported_by: str
    exported_at: str
    candidate_ids: tuple[int, ...]


def record_export(
    session: Session,
    kind: str,
    path: Path,
    candidate_ids: Sequence[int],
    *,
    blind: bool,
    role_id: int | None = None,
) -> int:
    """Note a file just written outside the workspace; returns its inventory id."""
    kind = kind.strip()
    if not kind or len(kind) > MAX_KIND:
        raise InvalidInput(f"An export kind must be 1-{MAX_KIND} characters.")
    where = str(Path(path).expanduser().absolute())
    ids = sorted({int(c) for c in candidate_ids})
    db = session.db
    with db.transaction():
        export_id = db.execute(
            "INSERT INTO exported_files (kind, path, blind, role_id, exported_by, exported_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, where, int(blind), role_id, session.user.name, now_iso()),
        )
        for candidate_id in ids:
            db.execute(
                "INSERT INTO exported_file_candidates (export_id, candidate_id) VALUES (?, ?)",
                (export_id, candidate_id),
            )
    return export_id


def list_exports(
    session: Session, *, candidate_id: int | None = None, limit: int = 500
) -> list[ExportedFile]:
    """Recorded exports, newest first (only those holding `candidate_id` when given)."""
    session.user.require(Permission.EXPORT_CANDIDATE_DATA)
    return exports_of(session.db, candidate_id=candidate_id, limit=limit)


def exports_of(
    db: Database, *, candidate_id: int | None = None, limit: int = 500
) -> list[ExportedFile]:
    """`list_exports` without the permission check, for erasure's certificate."""
    if candidate_id is None:
        rows = db.query(
            "SELECT id, kind, path, blind, role_id, exported_by, exported_at "
            "FROM exported_files ORDER BY id DESC LIMIT ?",
            (limit,),
        )
    else:
        rows = db.query(
            "SELECT f.id, f.kind, f.path, f.blind, f.role_id, f.exported_by, f.exported_at "
            "FROM exported_files f JOIN exported_file_candidates c ON c.export_id = f.id "
            "WHERE c.candidate_id = ? ORDER BY f.id DESC LIMIT ?",
            (candidate_id, limit),
        )
    if not rows:
        return []
    holders: dict[int, list[int]] = {int(r[0]): [] for r in rows}
    marks = ", ".join("?" * len(holders))
    for export_id, held in db.query(
        f"SELECT export_id, candidate_id FROM exported_file_candidates "
        f"WHERE export_id IN ({marks}) ORDER BY candidate_id",
        tuple(holders),
    ):
        holders[int(export_id)].append(int(held))
    return [
        ExportedFile(
            id=int(r[0]),
            kind=str(r[1]),
            path=str(r[2]),
            blind=bool(r[3]),
            role_id=None if r[4] is None else int(r[4]),
            exported_by=str(r[5]),
            exported_at=str(r[6]),
            candidate_ids=tuple(holders[int(r[0])]),
        )
        for r in rows
    ]
