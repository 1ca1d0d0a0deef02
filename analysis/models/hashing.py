"""sha256 of model files, streamed, with a cache so repeated status checks stay cheap.

A model file is hundreds of megabytes; hashing it again on every status call
would make the Settings page slow. A file whose path, inode, size, mtime and ctime
are unchanged is taken to have the same content: any write (a corrupted copy, a
truncated file, a replacement) changes one of them. The cache guards against
accidents, not against someone who forges timestamps.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

BLOCK = 1024 * 1024


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def digest_of_listing(entries: Iterable[tuple[str, str]]) -> str:
    """One checksum for a model made of several files: sha256 of its sorted `name  sha256` lines.

    The same set of files gives the same digest wherever the folder lives.
    """
    lines = "".join(f"{name}  {sha}\n" for name, sha in sorted(entries))
    return hashlib.sha256(lines.encode()).hexdigest()


class HashCache:
    """Thread-safe memo of file hashes keyed by what any write to the file changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, int, int, int, int], str] = {}

    @staticmethod
    def _key(path: Path) -> tuple[str, int, int, int, int]:
        stat = path.stat()
        return (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)

    def sha256(self, path: Path) -> str:
        key = self._key(path)
        with self._lock:
            cached = self._known.get(key)
        if cached is not None:
            return cached
        sha = sha256_file(path)
        with self._lock:
            self._known[key] = sha
        return sha

    def remember(self, path: Path, sha: str) -> None:
        """Record a hash computed while writing the file, so it is not read back again."""
        key = self._key(path)
        with self._lock:
            self._known[key] = sha
