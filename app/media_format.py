"""The on-disk format of Candor's encrypted media files, their `MediaRef`, and the errors.

A file is a 32-byte header followed by chunks::

    header = b"CNDMEDIA" | version (1 byte) | 3 zero bytes | file id (16) | chunk size (4, BE)
    chunk i = AES-256-GCM(per-file key, nonce(i, final), plaintext_i, aad(header, i, final))

The per-file key is HKDF-SHA256(candidate key, salt=file id, info=b"candor-media-v1"),
so every file has its own key and a nonce only needs to be unique within a file:
it is the chunk index plus the final flag. This is the STREAM construction (as in
Tink's streaming AEAD and age): the associated data binds each chunk to the header,
to its position and to whether it is the last one, so a flipped byte, two swapped
chunks, a dropped chunk, a tampered header, a truncated file and a missing final
chunk all fail authentication instead of decrypting to wrong bytes.

Every chunk but the last carries exactly `chunk_size` plaintext bytes; the last one
carries fewer (possibly zero). A file's length therefore says where each chunk
lies and how big the plaintext is, which gives O(1) random access, and a file
whose length ends on a chunk boundary is known to lack its final chunk.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from analysis.errors import CandorError

MAGIC = b"CNDMEDIA"
FORMAT_VERSION = 1
KEY_SIZE = 32
FILE_ID_SIZE = 16
TAG_SIZE = 16
DEFAULT_CHUNK_SIZE = 64 * 1024
# Bounds checked before anything is allocated: a tampered header must not make
# the reader allocate gigabytes before authentication gets a chance to fail.
MIN_CHUNK_SIZE = 16
MAX_CHUNK_SIZE = 16 * 1024 * 1024
HKDF_INFO = b"candor-media-v1"

_HEADER = struct.Struct(">8sB3s16sI")
HEADER_SIZE = _HEADER.size  # 32

BytesLike = bytes | bytearray | memoryview

FILE_ID_PATTERN = re.compile(r"[0-9a-f]{32}")
_KIND = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_REF_VERSION = 1


class MediaError(CandorError):
    """Base of every expected failure of the media store."""


class MediaNotFound(MediaError):
    def __init__(self) -> None:
        super().__init__(
            "A media file of this candidate is missing from the workspace.",
            "Restore the workspace's media folder from a backup, or record or import it again.",
        )


class MediaCorrupt(MediaError):
    """The file failed authentication: it was damaged or tampered with, or the key is wrong."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"A media file could not be verified: {detail}.",
            "The file was damaged or altered and Candor will not show unverified content. "
            "Restore it from a backup or record or import it again.",
        )
        self.detail = detail


class MediaIncomplete(MediaCorrupt):
    """The file ends before its final chunk: a write was interrupted or the file truncated."""

    def __init__(
        self,
        detail: str = "it ends before its last part (the recording or copy "
        "was interrupted, or the file was cut short)",
    ) -> None:
        super().__init__(detail)


class MediaVersionUnsupported(MediaError):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"A media file uses storage format {version}, "
            "which this version of Candor cannot read.",
            "Open this workspace with the newer Candor that wrote it.",
        )


class MediaWriteFailed(MediaError):
    """Writing a media file failed; the partial file was removed, earlier files are intact."""

    def __init__(
        self,
        message: str = "A media file could not be written.",
        hint: str = "Check that the workspace folder is writable, then try again.",
    ) -> None:
        super().__init__(message, hint)


class MediaDiskFull(MediaWriteFailed):
    def __init__(self) -> None:
        super().__init__(
            "The disk is full: the media file could not be saved.",
            "Free some disk space, then record or import it again. "
            "Files saved before this one are intact.",
        )


class MediaSourceUnreadable(MediaError):
    def __init__(self) -> None:
        super().__init__(
            "The file to import could not be read.",
            "Check that the file still exists and that you are allowed to read it.",
        )


@dataclass(frozen=True)
class Header:
    file_id: bytes
    chunk_size: int
    version: int = FORMAT_VERSION

    def pack(self) -> bytes:
        return _HEADER.pack(MAGIC, self.version, b"\0\0\0", self.file_id, self.chunk_size)

    @property
    def stride(self) -> int:
        """Bytes on disk taken by one full chunk."""
        return self.chunk_size + TAG_SIZE

    def chunk_offset(self, index: int) -> int:
        return HEADER_SIZE + index * self.stride

    def file_length(self, plaintext_size: int) -> int:
        """The length of a complete file holding `plaintext_size` bytes."""
        full = plaintext_size // self.chunk_size
        return self.chunk_offset(full) + plaintext_size - full * self.chunk_size + TAG_SIZE

    def split(self, file_length: int) -> tuple[int, int]:
        """(number of full chunks, bytes after them) for a file of this length."""
        return divmod(max(file_length - HEADER_SIZE, 0), self.stride)


def check_chunk_size(chunk_size: int) -> None:
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size must be in [{MIN_CHUNK_SIZE}, {MAX_CHUNK_SIZE}]")


def parse_header(raw: bytes) -> Header:
    """Parse and sanity-check a header. Authenticity comes later, from the chunks' AAD."""
    magic, version, reserved, file_id, chunk_size = _HEADER.unpack(raw)
    if magic != MAGIC:
        raise MediaCorrupt("it is not a Candor media file")
    if version != FORMAT_VERSION:
        raise MediaVersionUnsupported(version)
    # The chunks authenticate `Header.pack()`, so every raw byte must round-trip.
    if reserved != b"\0\0\0" or not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise MediaCorrupt("its header is damaged")
    return Header(file_id=file_id, chunk_size=chunk_size, version=version)


class ChunkCipher:
    """Seals and opens the chunks of one file (one header, one derived key)."""

    def __init__(self, candidate_key: bytes, header: Header) -> None:
        if len(candidate_key) != KEY_SIZE:
            raise ValueError("a candidate key must be 32 bytes")
        file_key = HKDF(
            algorithm=hashes.SHA256(), length=KEY_SIZE, salt=header.file_id, info=HKDF_INFO
        ).derive(candidate_key)
        self._aead = AESGCM(file_key)
        self._header_bytes = header.pack()

    def _nonce_and_aad(self, index: int, final: bool) -> tuple[bytes, bytes]:
        flag = b"\x01" if final else b"\x00"
        position = index.to_bytes(8, "big")
        # The final flag is in the nonce too, so that a chunk index sealed once as
        # "not last" (a torn write) and once as "last" never shares a nonce.
        return b"\0\0\0" + position + flag, self._header_bytes + position + flag

    def seal(self, index: int, plaintext: BytesLike, final: bool) -> bytes:
        nonce, aad = self._nonce_and_aad(index, final)
        return self._aead.encrypt(nonce, plaintext, aad)

    def open(self, index: int, ciphertext: BytesLike, final: bool) -> bytes | None:
        """The plaintext, or None when the chunk is not authentic at this position."""
        nonce, aad = self._nonce_and_aad(index, final)
        try:
            return self._aead.decrypt(nonce, ciphertext, aad)
        except InvalidTag:
            return None


@dataclass(frozen=True)
class MediaRef:
    """What the database keeps about one media file.

    `size` (plaintext bytes) and `sha256` (hex, of the plaintext) are known once the
    writer closed; a ref taken while a recording is still being written
    (`MediaWriter.pending_ref`) has them as None.
    """

    candidate_id: int
    file_id: str
    kind: str
    size: int | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        if type(self.candidate_id) is not int or self.candidate_id < 0:
            raise ValueError("candidate_id must be a non-negative int")
        if not FILE_ID_PATTERN.fullmatch(self.file_id):
            raise ValueError("file_id must be 32 lowercase hex digits")
        if not _KIND.fullmatch(self.kind):
            raise ValueError("kind must be a short lowercase word such as 'video'")
        if self.size is not None and (type(self.size) is not int or self.size < 0):
            raise ValueError("size must be a non-negative int or None")
        if self.sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise ValueError("sha256 must be 64 lowercase hex digits or None")

    def to_json(self) -> str:
        return json.dumps(
            {
                "v": _REF_VERSION,
                "candidate_id": self.candidate_id,
                "file_id": self.file_id,
                "kind": self.kind,
                "size": self.size,
                "sha256": self.sha256,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> MediaRef:
        """Parse `to_json` output; raises ValueError on anything else."""
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("v") != _REF_VERSION:
            raise ValueError("not a media reference")
        try:
            return cls(
                candidate_id=data["candidate_id"],
                file_id=data["file_id"],
                kind=data["kind"],
                size=data.get("size"),
                sha256=data.get("sha256"),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError("not a media reference") from exc
