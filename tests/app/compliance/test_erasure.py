"""Erasure on request: nothing of the candidate is left readable with the workspace keys,
the certificate says what went, and only administrators may do it."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.accounts import Role
from app.compliance.access import export_candidate
from app.compliance.certificate import ErasureCertificate, write_certificate
from app.compliance.erasure import erase_candidate, remove_orphaned_media, stored_certificate
from app.errors import (
    CandidateErased,
    CandidateNotFound,
    CandidateOnLegalHold,
    InvalidInput,
    PermissionDenied,
)
from app.keys import KeyStore
from app.workspace import Session, Workspace

from ..conftest import ADMIN, ADMIN_PASSWORD
from .candidate_support import CANARY, build_candidate

PAGE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64), SQLCipher 4 defaults (app.storage.db keeps them)
WAL_HEADER, FRAME_HEADER = 32, 24
KEEP = "Keepcanary9902"
PASSWORD = "a long enough password"


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    body_start = 16 if first else 0  # page 1 begins with the plaintext salt
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[body_start : PAGE - RESERVE]) + decryptor.finalize()


def decrypted_db(path: Path, key: bytes) -> bytes:
    """Every page of the main file, free pages included."""
    raw = path.read_bytes()
    return b"".join(
        _decrypt_page(raw[start : start + PAGE], key, start == 0)
        for start in range(0, len(raw) - PAGE + 1, PAGE)
    )


def decrypted_wal(path: Path, key: bytes) -> bytes:
    """Every frame of the write-ahead log (old and new page images alike)."""
    if not path.exists():
        return b""
    raw = path.read_bytes()
    out = []
    for start in range(WAL_HEADER, len(raw) - FRAME_HEADER - PAGE + 1, FRAME_HEADER + PAGE):
        (page_number,) = struct.unpack(">I", raw[start : start + 4])
        page = raw[start + FRAME_HEADER : start + FRAME_HEADER + PAGE]
        out.append(_decrypt_page(page, key, page_number == 1))
    return b"".join(out)


def table_dump(connect: Callable[[], sqlcipher3.Connection]) -> str:
    conn = connect()
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(
            repr(row) for table in tables for row in conn.execute(f'SELECT * FROM "{table}"')
        )
    finally:
        conn.close()


def _data_key(session: Session) -> bytes:
    return KeyStore(session.path).unwrap(ADMIN, ADMIN_PASSWORD)


def test_wal_decryption_sees_data_before_it_is_checkpointed(session: Session) -> None:
    build_candidate(session, KEEP)
    wal = decrypted_wal(session.path / "candor.db-wal", _data_key(session))
    assert KEEP.encode() in wal  # so the absence checks below can fail


def test_erasure_leaves_the_canary_nowhere_in_tables_pages_wal_or_files(
    session: Session, raw_db: Callable[[], sqlcipher3.Connection], tmp_path: Path
) -> None:
    kept = build_candidate(session, KEEP)
    erased = build_candidate(session, CANARY, role_id=kept.role_id)
    export_candidate(session, erased.candidate_id, tmp_path / "copies")
    assert CANARY in table_dump(raw_db)

    cert = erase_candidate(session, erased.candidate_id, request_id=erased.request_id)
    write_certificate(cert, tmp_path / "certs")

    dump = table_dump(raw_db)
    assert CANARY not in dump and CANARY.lower() not in dump
    assert KEEP in dump
    key = _data_key(session)
    pages = decrypted_db(session.path / "candor.db", key)
    assert KEEP.encode() in pages  # the page decryption works
    wal = session.path / "candor.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
    for blob in (pages, decrypted_wal(wal, key)):
        assert CANARY.encode() not in blob
        assert CANARY.lower().encode() not in blob
        assert CANARY.encode("utf-16-le") not in blob
    assert session.db.scalar("PRAGMA secure_delete") == 1  # freed bytes are zeroed
    assert not (session.media.root / str(erased.candidate_id)).exists()
    for path in session.path.rglob("*"):
        if path.is_file() and path.suffix != ".cmedia" and not path.name.startswith("candor.db"):
            assert CANARY.encode() not in path.read_bytes(), path
    for path in (tmp_path / "certs").iterdir():
        assert CANARY.encode() not in path.read_bytes()


def test_free_pages_hold_no_canary_after_erasure(session: Session) -> None:
    erased = build_candidate(session, CANARY, answers=1)
    session.db.checkpoint()
    erase_candidate(session, erased.candidate_id)
    free = int(session.db.scalar("PRAGMA freelist_count"))
    pages = decrypted_db(session.path / "candor.db", _data_key(session))
    assert free >= 0 and CANARY.encode() not in pages


def test_certificate_lists_what_went_the_audit_head_and_the_exported_copies(
    session: Session, tmp_path: Path
) -> None:
    built = build_candidate(session)
    copy = export_candidate(session, built.candidate_id, tmp_path)
    cert = erase_candidate(session, built.candidate_id, request_id=built.request_id)

    last = session.audit.entries(limit=100_000)[-1]
    assert (cert.audit_seq, cert.audit_hash) == (last.seq, last.hash)
    assert last.action == "candidate.erased"
    assert cert.destroyed["media_key"] == 1
    assert cert.destroyed["resumes"] == 1
    assert cert.destroyed["interview_answers"] == 3
    assert cert.destroyed["analysis_results"] == 7
    assert cert.destroyed["identity_results"] == 4
    assert cert.destroyed["ratings"] == 1 and cert.destroyed["decisions"] == 1
    assert cert.destroyed["media_files"] == 5  # resume, 3 answers, the waiver
    assert [str(c) for c in cert.exported_copies] == [str(copy.path)]
    assert cert.erased_by == ADMIN and cert.request_id == built.request_id
    assert stored_certificate(session, built.candidate_id) == cert
    assert ErasureCertificate.from_json(cert.to_json()) == cert
    status = session.db.query_one(
        "SELECT status, closed_by, closed_at IS NOT NULL FROM data_requests WHERE id = ?",
        (built.request_id,),
    )
    assert status == ("fulfilled", ADMIN, 1)
    pdf, data = write_certificate(cert, tmp_path / "out")
    assert pdf.read_bytes().startswith(b"%PDF") and json.loads(data.read_text())["candidate_id"]
    assert CANARY not in data.read_text()


def test_legal_hold_refuses_erasure_and_names_the_release_command(session: Session) -> None:
    built = build_candidate(session, answers=1)
    session.db.execute(
        "INSERT INTO legal_holds (candidate_id, reason, set_by, set_at) "
        "VALUES (?, 'litigation', 'admin', '2026-01-01')",
        (built.candidate_id,),
    )
    called: list[int] = []
    with pytest.raises(CandidateOnLegalHold) as raised:
        erase_candidate(session, built.candidate_id, cancel_jobs=called.append)
    assert "candor retention release" in raised.value.hint
    assert called == []
    assert session.candidates.get(built.candidate_id).display_name == f"Ada {CANARY}"


def test_running_jobs_are_cancelled_before_the_erasure(session: Session) -> None:
    built = build_candidate(session, answers=1)
    seen: list[bool] = []

    def cancel(candidate_id: int) -> None:
        assert candidate_id == built.candidate_id
        seen.append(session.candidates.media_key(candidate_id) is not None)

    erase_candidate(session, built.candidate_id, cancel_jobs=cancel)
    assert seen == [True]


def test_unknown_erased_and_wrong_request_are_refused(session: Session) -> None:
    first = build_candidate(session, answers=1)
    second = build_candidate(session, "Othercanary", answers=1, role_id=first.role_id)
    with pytest.raises(CandidateNotFound):
        erase_candidate(session, 999)
    with pytest.raises(InvalidInput, match="another candidate"):
        erase_candidate(session, first.candidate_id, request_id=second.request_id)
    with pytest.raises(InvalidInput, match="does not exist"):
        erase_candidate(session, first.candidate_id, request_id=999)
    erase_candidate(session, first.candidate_id)
    with pytest.raises(CandidateErased):
        erase_candidate(session, first.candidate_id)
    session.db.execute(
        "UPDATE data_requests SET status = 'refused' WHERE id = ?", (second.request_id,)
    )
    with pytest.raises(InvalidInput, match="already closed"):
        erase_candidate(session, second.candidate_id, request_id=second.request_id)


def test_recruiters_and_reviewers_cannot_erase_administrators_can(
    session: Session, workspace_path: Path
) -> None:
    built = build_candidate(session, answers=1)
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    session.users.add("rob", Role.REVIEWER, PASSWORD)
    for name in ("rita", "rob"):
        with (
            Workspace.open(workspace_path, name, PASSWORD) as other,
            pytest.raises(PermissionDenied),
        ):
            erase_candidate(other, built.candidate_id)
    assert session.candidates.count() == 1
    erase_candidate(session, built.candidate_id)
    assert session.candidates.count() == 0


def test_a_media_folder_left_by_a_crash_is_removed_by_the_next_erasure(
    session: Session,
) -> None:
    first = build_candidate(session, answers=1)
    second = build_candidate(session, "Othercanary", answers=1, role_id=first.role_id)
    erase_candidate(session, first.candidate_id)
    left = session.media.root / str(first.candidate_id)
    left.mkdir()
    (left / ("ab" * 16 + ".cmedia")).write_bytes(b"noise under a destroyed key")
    erase_candidate(session, second.candidate_id)
    assert not left.exists()
    assert remove_orphaned_media(session) == 0


def test_a_media_folder_left_by_a_crash_is_removed_at_the_next_sign_in(
    session: Session, workspace_path: Path
) -> None:
    built = build_candidate(session, answers=1)
    erase_candidate(session, built.candidate_id)
    left = session.media.root / str(built.candidate_id)
    left.mkdir()
    (left / ("cd" * 16 + ".cmedia")).write_bytes(b"noise under a destroyed key")
    Workspace.open(workspace_path, ADMIN, ADMIN_PASSWORD).close()
    assert not left.exists()
