"""Candor's encrypted media store: resumes, recordings and scratch files, encrypted at rest.

Each file lives at ``<root>/<candidate id>/<random file id>.cmedia`` (names never
carry candidate data) and is encrypted in authenticated chunks (format in
`app.media_format`, reader and writer in `app.media_stream`) under a key derived
from its candidate's key, which the workspace database keeps. The database stores
a `MediaRef` (JSON) per file.

Erasing a candidate is crypto-shredding: the database destroys the candidate's
key, after which no copy of their media, including old backups, can be decrypted.
`MediaStore.delete_candidate` removing the files is a courtesy that frees space.

Crash safety: a writer hands every full chunk to the OS as soon as it is
encrypted, so a killed recording leaves a file that ``open(ref,
allow_incomplete=True)`` reads up to its last complete chunk (and says it is
incomplete), and that `MediaStore.recover` turns into a complete file. A failed
write (disk full, I/O error) removes the partial file instead: it raises
`MediaDiskFull` / `MediaWriteFailed`, and files written earlier are untouched.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from analysis.tasks import Task
from app.media_format import (
    DEFAULT_CHUNK_SIZE,
    FILE_ID_PATTERN,
    FILE_ID_SIZE,
    KEY_SIZE,
    BytesLike,
    MediaCorrupt,
    MediaDiskFull,
    MediaError,
    MediaIncomplete,
    MediaNotFound,
    MediaRef,
    MediaSourceUnreadable,
    MediaVersionUnsupported,
    MediaWriteFailed,
    check_chunk_size,
)
from app.media_stream import MediaReader, MediaWriter

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "KeyProvider",
    "MediaCorrupt",
    "MediaDiskFull",
    "MediaError",
    "MediaIncomplete",
    "MediaNotFound",
    "MediaReader",
    "MediaRef",
    "MediaSourceUnreadable",
    "MediaStore",
    "MediaVersionUnsupported",
    "MediaWriteFailed",
    "MediaWriter",
]

log = logging.getLogger("candor.media")

FILE_SUFFIX = ".cmedia"
SCRATCH_DIR = ".scratch"
_COPY_BLOCK = 1024 * 1024


class KeyProvider(Protocol):
    def key_for(self, candidate_id: int) -> bytes:
        """The candidate's 32-byte media key; raises a CandorError once it was destroyed."""
        ...


class _EphemeralKeys:
    """One random key held only in memory: what scratch files are encrypted with."""

    def __init__(self) -> None:
        self._key = os.urandom(KEY_SIZE)

    def key_for(self, candidate_id: int) -> bytes:
        return self._key


class MediaStore:
    """Encrypted media files of one workspace, under `root`.

    One MediaStore per workspace per process: opening one clears the scratch
    folder (`root/.scratch`), whose files are unreadable anyway once the
    in-memory key of the session that wrote them is gone.
    """

    def __init__(
        self, root: Path, keys: KeyProvider, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        check_chunk_size(chunk_size)
        self.root = root
        self._keys = keys
        self._chunk_size = chunk_size
        self._scratch: MediaStore | None = None
        self.clear_scratch()

    @property
    def scratch(self) -> MediaStore:
        """A store inside the workspace for temporary files, under an ephemeral key.

        Use it instead of the system temp folder for anything derived from
        candidate data (transcoding, extracted audio). Same API as this store.
        """
        if self._scratch is None:
            self._scratch = MediaStore(
                self.root / SCRATCH_DIR, _EphemeralKeys(), chunk_size=self._chunk_size
            )
        return self._scratch

    def clear_scratch(self) -> None:
        """Remove every scratch file and forget the scratch key."""
        self._scratch = None
        # Leftovers are harmless (their key is gone), so a locked file must not block.
        shutil.rmtree(self.root / SCRATCH_DIR, ignore_errors=True)

    def writer(self, candidate_id: int, kind: str, *, chunk_size: int | None = None) -> MediaWriter:
        ref = MediaRef(candidate_id, os.urandom(FILE_ID_SIZE).hex(), kind)
        key = self._keys.key_for(candidate_id)
        return MediaWriter(self._path(ref), ref, key, chunk_size or self._chunk_size)

    def put_bytes(self, candidate_id: int, kind: str, data: BytesLike) -> MediaRef:
        with self.writer(candidate_id, kind) as writer:
            writer.write(data)
        return writer.close()

    def put_file(
        self, candidate_id: int, kind: str, src: Path, task: Task | None = None
    ) -> MediaRef:
        """Encrypt a file into the store, streaming (constant memory); progress on `task`."""
        try:
            source = src.open("rb")
            total = os.fstat(source.fileno()).st_size
        except OSError as exc:
            raise MediaSourceUnreadable() from exc
        with source, self.writer(candidate_id, kind) as writer:
            while True:
                if task is not None:
                    task.check()
                try:
                    block = source.read(_COPY_BLOCK)
                except OSError as exc:
                    raise MediaSourceUnreadable() from exc
                if not block:
                    break
                writer.write(block)
                if task is not None and total:
                    task.progress(min(writer.bytes_written / total, 1.0))
        return writer.close()

    def open(self, ref: MediaRef, *, allow_incomplete: bool = False) -> MediaReader:
        """A seekable reader of the plaintext (see `MediaReader`).

        Raises MediaNotFound, MediaCorrupt, or MediaIncomplete when the file lacks its
        final chunk; `allow_incomplete=True` instead exposes the authentic complete
        chunks, with `reader.complete` False (recovery of a killed recording).
        """
        key = self._keys.key_for(ref.candidate_id)
        return MediaReader(
            self._path(ref),
            key,
            bytes.fromhex(ref.file_id),
            expected_size=ref.size,
            allow_incomplete=allow_incomplete,
        )

    def read_bytes(self, ref: MediaRef) -> bytes:
        """The whole plaintext, checked against the ref's sha256 when it has one."""
        with self.open(ref) as reader:
            data = reader.readall()
        if ref.sha256 is not None and hashlib.sha256(data).hexdigest() != ref.sha256:
            raise MediaCorrupt("its content does not match its record")
        return data

    def recover(self, ref: MediaRef) -> MediaRef:
        """Turn an interrupted file into a complete one holding its authentic chunks.

        Writes a new file (a new file id: the database must store the returned ref)
        and then removes the old one. A complete file is returned as it is, with
        size and sha256 filled in.
        """
        with self.open(ref, allow_incomplete=True) as reader:
            if reader.complete:
                digest = hashlib.sha256()
                while block := reader.read(_COPY_BLOCK):
                    digest.update(block)
                return replace(ref, size=reader.size(), sha256=digest.hexdigest())
            with self.writer(ref.candidate_id, ref.kind) as writer:
                while block := reader.read(_COPY_BLOCK):
                    writer.write(block)
        recovered = writer.close()
        self.delete(ref)
        log.info("recovered an interrupted media file (%d bytes kept)", recovered.size)
        return recovered

    def delete(self, ref: MediaRef) -> None:
        self._path(ref).unlink(missing_ok=True)

    def file_ids(self, candidate_id: int) -> list[str]:
        """File ids on disk for a candidate: lets the app find files no record points to."""
        folder = self._candidate_dir(candidate_id)
        if not folder.is_dir():
            return []
        return sorted(
            p.stem for p in folder.glob(f"*{FILE_SUFFIX}") if FILE_ID_PATTERN.fullmatch(p.stem)
        )

    def delete_candidate(self, candidate_id: int) -> None:
        """Remove a candidate's files, scratch files included.

        Destroying the candidate's key in the database is what erases the media
        (crypto-shredding: backups and any copy left behind become unreadable), so
        do that first. Removing the files only frees space: a file that cannot be
        removed now (Windows keeps open files locked) is logged and left for a
        later attempt instead of failing the erasure.
        """
        stores = [self] if self._scratch is None else [self, self._scratch]
        for store in stores:
            try:
                shutil.rmtree(store._candidate_dir(candidate_id))
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning(
                    "could not remove all media files of an erased candidate: %s",
                    errno.errorcode.get(exc.errno or 0, "unknown error"),
                )

    def _candidate_dir(self, candidate_id: int) -> Path:
        # An int check, not just a type hint: this path is handed to rmtree.
        if type(candidate_id) is not int or candidate_id < 0:
            raise ValueError("candidate_id must be a non-negative int")
        return self.root / str(candidate_id)

    def _path(self, ref: MediaRef) -> Path:
        return self._candidate_dir(ref.candidate_id) / f"{ref.file_id}{FILE_SUFFIX}"
