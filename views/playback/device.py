"""A `QIODevice` over a decrypting `MediaReader`, for `QMediaPlayer.setSourceDevice`.

The recording is decrypted chunk by chunk as the player reads it: no plaintext
file is ever written. The device is random-access (not sequential), so the
player can read the WebM's index at the end and seek. Qt's FFmpeg backend reads
it from its own thread, one call at a time; nothing else may use the reader
meanwhile. Closing the device closes the reader.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QIODevice

from analysis.errors import CandorError
from app.media import MediaReader

log = logging.getLogger("candor.views.playback")


class MediaReaderDevice(QIODevice):
    """Read-only, unbuffered (the reader keeps the current chunk decrypted already)."""

    def __init__(self, reader: MediaReader) -> None:
        super().__init__()
        self._reader = reader
        self.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._reader.size()

    def seek(self, pos: int) -> bool:
        if pos < 0 or pos > self._reader.size() or self._reader.closed:
            return False
        super().seek(pos)
        self._reader.seek(pos)
        return True

    def atEnd(self) -> bool:
        return self._reader.closed or self.pos() >= self._reader.size()

    def bytesAvailable(self) -> int:
        if self._reader.closed:
            return 0
        return max(self._reader.size() - self.pos(), 0) + super().bytesAvailable()

    def readData(self, maxlen: int) -> bytes:
        if self._reader.closed:
            return b""
        try:
            self._reader.seek(self.pos())
            return self._reader.read(max(maxlen, 0)) or b""
        except CandorError as exc:  # a damaged chunk: the player reports a read error
            log.warning("an answer recording could not be read: %s", type(exc).__name__)
            self.setErrorString(exc.message)
            return b""

    def writeData(self, data: bytes, maxlen: int = -1) -> int:  # type: ignore[override]
        return -1

    def close(self) -> None:
        super().close()
        self._reader.close()
