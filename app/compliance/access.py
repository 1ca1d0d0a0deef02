"""Access and portability: a copy of everything Candor holds about one candidate.

`export_candidate` writes one folder (or one zip) holding:

    candidate.json   schema_version, the profile as JSON Resume plus Candor's own fields,
                     screening scores with evidence, interviews, transcripts and analysis
                     results, ratings and decisions with reasons, consents with their
                     notice versions, requests about the candidate
    audit.json       the audit log entries about this candidate
    resume/...       the original resume file, decrypted
    recordings/...   the recorded answers, decrypted
    consents/...     signed consent waivers, if any
    summary.pdf      a readable summary

The copy is for the candidate, so it is plain (decrypted): the zip is an ordinary,
unencrypted zip (no well-kept passphrase-zip library ships with Candor; hand it over
through a channel the organisation trusts). Everything is written into a hidden
folder beside the target and renamed into place at the end, so a full or unwritable
disk, a cancel or a crash never leaves a half-written copy under the final name. The
media are streamed from the encrypted store straight into the output, never through
temp files elsewhere. Each export is audit-logged and recorded in the inventory.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from analysis.tasks import NullTask, Task
from app.accounts import Permission
from app.compliance.access_data import SCHEMA_VERSION, MediaItem, audit_entries, gather
from app.compliance.access_pdf import write_summary
from app.compliance.inventory import record_export
from app.errors import OutputNotWritable
from app.media import MediaError, MediaRef, MediaStore

if TYPE_CHECKING:
    from app.workspace import Session

EXPORT_KIND = "access_export"
_BLOCK = 1024 * 1024
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x1a\x45\xdf\xa3", ".webm"),  # Matroska / WebM, what the kiosk records
    (4, b"ftyp", ".mp4"),
    (0, b"OggS", ".ogg"),
    (0, b"fLaC", ".flac"),
    (0, b"ID3", ".mp3"),
    (8, b"WAVE", ".wav"),
    (8, b"AVI ", ".avi"),
)


@dataclass(frozen=True)
class AccessExport:
    path: Path
    file_count: int
    size_bytes: int


def export_candidate(
    session: Session,
    candidate_id: int,
    out_dir: Path,
    *,
    as_zip: bool = False,
    task: Task | None = None,
) -> AccessExport:
    """Write the candidate's copy into `out_dir`; returns where it went and its size.

    Raises PermissionDenied, CandidateNotFound, CandidateErased, OutputNotWritable
    (nothing is left behind), or Cancelled.
    """
    session.user.require(Permission.EXPORT_CANDIDATE_DATA)
    task = task or NullTask()
    task.progress(0.0, "Reading the candidate's records")
    db = session.db
    with db.transaction():  # one consistent snapshot
        document, media = gather(db, candidate_id, lambda ref: _extension(session.media, ref))
        audit = audit_entries(db, candidate_id)
    header = {
        "format": "candor-access-export",
        "schema_version": SCHEMA_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": session.user.name,
        "files": ["candidate.json", "audit.json", "summary.pdf", *sorted(i.name for i in media)],
    }
    document = {**header, **document}
    out_dir = Path(out_dir).expanduser().absolute()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    final = _free_name(out_dir, f"candidate-{candidate_id}-data-{stamp}", ".zip" if as_zip else "")
    work = out_dir / f".{final.name}.{secrets.token_hex(4)}.part"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work.mkdir(mode=0o700)
        write_summary(document, len(audit), work / "summary.pdf")
        task.progress(0.1, "Writing the copy")
        if as_zip:
            size = _write_zip(session.media, work / "export.zip", document, audit, media, task)
            (work / "export.zip").rename(final)
        else:
            size = _write_folder(session.media, work, document, audit, media, task)
            work.rename(final)
    except OSError as exc:
        raise OutputNotWritable(str(out_dir)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    files = len(media) + 3
    with db.transaction():
        record_export(session, EXPORT_KIND, final, [candidate_id], blind=False)
        session.audit.record(
            "candidate.access_exported",
            f"candidate:{candidate_id}",
            {"files": files, "bytes": size, "zip": as_zip, "media_files": len(media)},
        )
    task.progress(1.0, "Copy written")
    return AccessExport(final, files, size)


# -- writing --------------------------------------------------------------------------


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def _write_folder(
    store: MediaStore,
    folder: Path,
    document: dict[str, Any],
    audit: list[dict[str, Any]],
    media: list[MediaItem],
    task: Task,
) -> int:
    size = 0
    for index, item in enumerate(media):
        task.check()
        task.progress(0.1 + 0.85 * index / max(1, len(media)), "Decrypting the files")
        target = folder / item.name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _owner_only(target) as out:
            size += _copy(store, item.ref, out, task)
    for name, data in (
        ("candidate.json", _json_bytes(document)),
        ("audit.json", _json_bytes(audit)),
    ):
        with _owner_only(folder / name) as out:
            out.write(data)
        size += len(data)
    (folder / "summary.pdf").chmod(0o600)
    return size + (folder / "summary.pdf").stat().st_size


def _write_zip(
    store: MediaStore,
    path: Path,
    document: dict[str, Any],
    audit: list[dict[str, Any]],
    media: list[MediaItem],
    task: Task,
) -> int:
    with _owner_only(path) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("candidate.json", _json_bytes(document))
        zf.writestr("audit.json", _json_bytes(audit))
        zf.write(path.parent / "summary.pdf", "summary.pdf", zipfile.ZIP_STORED)
        for index, item in enumerate(media):
            task.check()
            task.progress(0.1 + 0.85 * index / max(1, len(media)), "Decrypting the files")
            info = zipfile.ZipInfo(item.name, datetime.now(UTC).timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED  # recordings are compressed already
            info.external_attr = 0o600 << 16
            with zf.open(info, "w", force_zip64=True) as out:
                _copy(store, item.ref, out, task)
    return path.stat().st_size


def _copy(store: MediaStore, ref: MediaRef, out: IO[bytes], task: Task) -> int:
    """Stream one file's plaintext from the encrypted store into `out`."""
    copied = 0
    with store.open(ref, allow_incomplete=True) as reader:
        while block := reader.read(_BLOCK):
            task.check()
            out.write(block)
            copied += len(block)
    return copied


@contextlib.contextmanager
def _owner_only(path: Path) -> Any:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _extension(store: MediaStore, ref: MediaRef) -> str:
    """The file type of a recording, from its first bytes (imports may be any format)."""
    try:
        with store.open(ref, allow_incomplete=True) as reader:
            head = reader.read(16)
    except MediaError:  # the copy itself then reports what is wrong with the file
        return ".bin"
    for offset, magic, ext in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return ext
    return ".bin"


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
