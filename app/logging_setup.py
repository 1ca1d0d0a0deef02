"""Logging for the whole app: named `candor.*` loggers, handlers configured once at start-up.

Our own messages never carry candidate data (names, contact details, resume or
transcript text); they name ids and counts. The in-memory ring buffer feeds the
crash dialog with recent lines, so a crash report can be shared safely.
"""

from __future__ import annotations

import collections
import logging
import threading

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RingBufferHandler(logging.Handler):
    """Keeps the last `capacity` formatted records in memory (never on disk)."""

    def __init__(self, capacity: int = 200) -> None:
        super().__init__()
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self._lines_lock = threading.Lock()
        self.setFormatter(logging.Formatter(_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a broken record must never take the app down
            self.handleError(record)
            return
        with self._lines_lock:
            self._lines.append(line)

    def recent(self, count: int = 50) -> list[str]:
        with self._lines_lock:
            return list(self._lines)[-count:]


_ring: RingBufferHandler | None = None


def configure(level: int = logging.INFO, *, stderr: bool = True) -> RingBufferHandler:
    """Install Candor's handlers once; later calls return the same ring buffer."""
    global _ring
    if _ring is not None:
        return _ring
    root = logging.getLogger("candor")
    root.setLevel(level)
    _ring = RingBufferHandler()
    root.addHandler(_ring)
    if stderr:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter(_FORMAT))
        console.setLevel(logging.WARNING)
        root.addHandler(console)
    # Third-party libraries stay quiet unless they warn.
    for noisy in ("faster_whisper", "deepface", "PIL", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return _ring


def recent_lines(count: int = 50) -> list[str]:
    return _ring.recent(count) if _ring is not None else []
