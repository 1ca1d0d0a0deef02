"""Streams in and out of encrypted media files: `MediaWriter` and `MediaReader`.

The format itself (header, chunk layout, STREAM encryption) is in `app.media_format`;
callers get these objects from `app.media.MediaStore`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from app.media_format import (
    HEADER_SIZE,
    TAG_SIZE,
    BytesLike,
    ChunkCipher,
    Header,
    MediaCorrupt,
    MediaDiskFull,
    MediaIncomplete,
    MediaNotFound,
    MediaRef,
    MediaWriteFailed,
    check_chunk_size,
    parse_header,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

log = logging.getLogger("candor.media")


class MediaWriter:
    """Encrypts a stream of bytes into one media file, chunk by chunk.

    Each full chunk is encrypted and handed to the OS at once (nothing waits in a
    Python buffer), so a killed process loses at most the chunk being filled.
    `close()` writes the final chunk, fsyncs and returns the `MediaRef`; calling it
    again returns the same ref. Leaving a ``with`` block normally closes; leaving
    it by an exception (a Cancelled included) aborts, which removes the file.
    """

    def __init__(self, path: Path, ref: MediaRef, key: bytes, chunk_size: int) -> None:
        check_chunk_size(chunk_size)
        self.pending_ref = ref
        self._path = path
        self._header = Header(bytes.fromhex(ref.file_id), chunk_size)
        self._cipher = ChunkCipher(key, self._header)
        self._buffer = bytearray()
        self._index = 0
        self._size = 0
        self._hash = hashlib.sha256()
        self._ref: MediaRef | None = None
        self._dead = False
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # owner-only: the bytes are encrypted, but nobody else needs to see even those
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            self._file = os.fdopen(fd, "wb", buffering=0)
        except OSError as exc:
            self._dead = True
            raise _write_error(exc) from exc
        self._guarded(self._write_all, self._header.pack())

    @property
    def bytes_written(self) -> int:
        """Plaintext bytes accepted so far."""
        return self._size

    def write(self, data: BytesLike) -> int:
        self._check_writable()
        view = memoryview(data).cast("B")
        accepted = len(view)
        self._hash.update(view)
        chunk_size = self._header.chunk_size
        if self._buffer:
            take = min(chunk_size - len(self._buffer), len(view))
            self._buffer += view[:take]
            view = view[take:]
            if len(self._buffer) == chunk_size:
                self._guarded(self._emit, self._buffer, False)
                self._buffer.clear()
        # Whole chunks go straight from the caller's buffer: no copy of large writes.
        while len(view) >= chunk_size:
            self._guarded(self._emit, view[:chunk_size], False)
            view = view[chunk_size:]
        self._buffer += view
        self._size += accepted
        return accepted

    def close(self) -> MediaRef:
        if self._ref is not None:
            return self._ref
        self._check_writable()
        self._guarded(self._finish)
        self._ref = replace(self.pending_ref, size=self._size, sha256=self._hash.hexdigest())
        return self._ref

    def abort(self) -> None:
        """Stop and remove the file. Does nothing after a successful close()."""
        if self._ref is None:
            self._discard()

    def __enter__(self) -> MediaWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def _check_writable(self) -> None:
        if self._dead or self._ref is not None:
            raise ValueError("this media writer is closed")

    def _emit(self, plaintext: BytesLike, final: bool) -> None:
        self._write_all(self._cipher.seal(self._index, plaintext, final))
        self._index += 1

    def _finish(self) -> None:
        self._emit(self._buffer, True)
        self._buffer.clear()
        os.fsync(self._file.fileno())
        self._file.close()
        _fsync_dir(self._path.parent)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = self._file.write(view)
            if not written:
                raise OSError(errno.EIO, "write made no progress")
            view = view[written:]

    def _guarded(self, step: Callable[..., None], *args: Any) -> None:
        try:
            step(*args)
        except OSError as exc:
            self._discard()
            raise _write_error(exc) from exc

    def _discard(self) -> None:
        if self._dead:
            return
        self._dead = True
        self._buffer.clear()
        with contextlib.suppress(OSError):  # the file is being thrown away anyway
            self._file.close()
        self._path.unlink(missing_ok=True)


def _write_error(exc: OSError) -> MediaWriteFailed:
    log.warning(
        "media write failed (%s); the partial file was removed",
        errno.errorcode.get(exc.errno or 0, "unknown error"),
    )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return MediaDiskFull()
    return MediaWriteFailed()


def _fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable (POSIX; Windows cannot open folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on directories; the data itself was synced
    finally:
        os.close(fd)


class MediaReader(io.RawIOBase):
    """Seekable reader of a media file's plaintext, decrypting only the chunks it needs.

    A binary file object (read, readinto, seek, tell) plus `size()` and `complete`;
    it keeps the current chunk decrypted so sequential small reads cost one
    decryption per chunk. Every chunk is authenticated before any of its bytes is
    returned: a read that touches a damaged chunk raises MediaCorrupt and moves
    nothing. Not thread-safe: one reader per consumer.
    """

    def __init__(
        self,
        path: Path,
        candidate_key: bytes,
        file_id: bytes,
        *,
        expected_size: int | None = None,
        allow_incomplete: bool = False,
    ) -> None:
        super().__init__()
        self._pos = 0
        self._size = 0
        self._chunks = 0
        self._complete = False
        self._header: Header | None = None
        self._cipher: ChunkCipher | None = None
        self._cached_index = -1
        self._cached = memoryview(b"")
        try:
            self._file = path.open("rb")
        except FileNotFoundError:
            raise MediaNotFound() from None
        try:
            self._locate_chunks(candidate_key, file_id, expected_size, allow_incomplete)
        except BaseException:
            self.close()
            raise

    @property
    def complete(self) -> bool:
        """False when the file lacks its final chunk and only a prefix is readable."""
        return self._complete

    def size(self) -> int:
        """Plaintext bytes readable (all of them, or the authentic prefix if incomplete)."""
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        self._check_open()
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET, /) -> int:
        self._check_open()
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}.get(whence)
        if base is None:
            raise ValueError(f"invalid whence ({whence})")
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        self._check_open()
        target = memoryview(buffer).cast("B")
        wanted = max(min(len(target), self._size - self._pos), 0)
        done, pos = 0, self._pos
        while done < wanted:
            index, within = divmod(pos, self._chunk_size)
            plain = self._chunk(index)
            count = min(len(plain) - within, wanted - done)
            target[done : done + count] = plain[within : within + count]
            done += count
            pos += count
        self._pos = pos
        return done

    def readall(self) -> bytes:
        buffer = bytearray(max(self._size - self._pos, 0))
        return bytes(buffer[: self.readinto(buffer)])

    def close(self) -> None:
        if not self.closed:
            self._cached = memoryview(b"")
            if hasattr(self, "_file"):
                self._file.close()
        super().close()

    @property
    def _chunk_size(self) -> int:
        assert self._header is not None  # only reached when size > 0
        return self._header.chunk_size

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed media reader")

    def _locate_chunks(
        self, key: bytes, file_id: bytes, expected_size: int | None, allow_incomplete: bool
    ) -> None:
        length = os.fstat(self._file.fileno()).st_size
        raw = self._file.read(HEADER_SIZE)
        if len(raw) < HEADER_SIZE:
            if allow_incomplete:
                return  # killed before the header was out: nothing to recover
            raise MediaIncomplete()
        header = parse_header(raw)
        if header.file_id != file_id:
            raise MediaCorrupt("it belongs to another record")
        self._header, self._cipher = header, ChunkCipher(key, header)
        full, tail = header.split(length)
        if tail >= TAG_SIZE and self._load(full, tail, final=True):
            self._chunks, self._complete = full + 1, True
            self._size = full * header.chunk_size + tail - TAG_SIZE
            if expected_size is not None and expected_size != self._size:
                raise MediaCorrupt("its size does not match its record")
            return
        if not allow_incomplete:
            if expected_size is not None and length >= header.file_length(expected_size):
                raise MediaCorrupt("its last part failed authentication")
            raise MediaIncomplete()
        # Recovery: keep the longest run of full chunks that ends in an authentic one.
        # A kill only tears the end of a file, so if not even the first chunk is
        # authentic the key is wrong or the file damaged: that is not recoverable.
        on_disk = full
        while full > 0 and not self._load(full - 1, header.stride, final=False):
            full -= 1
        if on_disk and not full:
            raise MediaCorrupt("none of its parts could be verified")
        self._chunks, self._size = full, full * header.chunk_size

    def _load(self, index: int, length: int, final: bool) -> bool:
        """Read and decrypt one chunk into the cache; False if it is not authentic."""
        assert self._header is not None and self._cipher is not None
        self._file.seek(self._header.chunk_offset(index))
        sealed = self._file.read(length)
        if len(sealed) != length:
            raise MediaIncomplete("it became shorter while being read")
        plain = self._cipher.open(index, sealed, final)
        if plain is None:
            return False
        self._cached_index, self._cached = index, memoryview(plain)
        return True

    def _chunk(self, index: int) -> memoryview:
        if index != self._cached_index:
            assert self._header is not None
            final = self._complete and index == self._chunks - 1
            length = (
                self._size - index * self._header.chunk_size + TAG_SIZE
                if final
                else self._header.stride
            )
            if not self._load(index, length, final):
                raise MediaCorrupt(f"part {index + 1} failed authentication")
        return self._cached
