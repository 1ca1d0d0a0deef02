"""Read many resume files in worker processes, each under a time limit.

A pdfium call that hangs cannot be interrupted from a thread, so each file is read in a
separate process; a worker that runs past the limit (or crashes) is killed and replaced,
that file gets TIMED_OUT (or CORRUPT), and the batch goes on. Forking the app's process
is unsafe (it runs Qt threads), so workers come from a fork server (a clean, single-
threaded process started once, with this module preloaded: a new worker takes
milliseconds) or, where there is none (Windows), from "spawn" (about half a second).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from analysis.documents.extract import DEFAULT_MAX_BYTES, extract_text
from analysis.documents.result import DocumentStatus, ExtractedDocument, failed
from analysis.tasks import Task

log = logging.getLogger("candor.documents")

Reader = Callable[[Path], ExtractedDocument]
_READY = "ready"


def extract_many(
    paths: Sequence[Path],
    task: Task,
    *,
    timeout_s: float = 20.0,
    workers: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    read: Reader | None = None,
) -> Iterator[tuple[Path, ExtractedDocument]]:
    """Yield (path, result) for every path, in the order files finish.

    `timeout_s` limits each file; `task.check()` runs between files (a cancel kills the
    workers); progress goes to `task`. `read` replaces `extract_text` (it must be a
    module-level function, as it is sent to the workers); `max_bytes` applies to the default.
    """
    total = len(paths)
    if total == 0:
        return
    pool = _Pool(min(max(workers, 1), total), read, max_bytes)
    waiting = deque(range(total))
    done = 0
    try:
        task.progress(0.0, f"Reading resumes: 0 of {total}")
        while waiting or pool.busy():
            task.check()
            pool.assign(waiting, paths)
            for index, result in pool.collect(timeout_s, total):
                done += 1
                task.progress(done / total, f"Reading resumes: {done} of {total}")
                yield paths[index], result
    finally:
        pool.close()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    index: int | None = None  # the file it is reading
    started: float = field(default=0.0)


class _Pool:
    def __init__(self, size: int, read: Reader | None, max_bytes: int) -> None:
        self._context = _context()
        self._read = read
        self._max_bytes = max_bytes
        self._workers = [self._start() for _ in range(size)]
        self._failed_starts = 0

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child_end, self._read, self._max_bytes),
            name="candor-document-reader",
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process=process, conn=parent_end)

    def busy(self) -> bool:
        return any(w.index is not None for w in self._workers)

    def assign(self, waiting: deque[int], paths: Sequence[Path]) -> None:
        for worker in self._workers:
            if waiting and worker.ready and worker.index is None:
                index = waiting.popleft()
                worker.conn.send((index, str(paths[index])))
                worker.index = index
                worker.started = time.monotonic()

    def collect(self, timeout_s: float, total: int) -> list[tuple[int, ExtractedDocument]]:
        """Wait for a finished file, a started worker or a deadline; return finished files."""
        now = time.monotonic()
        deadlines = [w.started + timeout_s for w in self._workers if w.index is not None]
        # Wake at least every half second so a cancel is seen promptly.
        wait_s = max(0.0, min([*deadlines, now + 0.5]) - now)
        watched: list[Connection | int] = []
        for worker in self._workers:
            watched += [worker.conn, worker.process.sentinel]
        ready: set[object] = set(wait(watched, timeout=wait_s))
        finished: list[tuple[int, ExtractedDocument]] = []
        for slot, worker in enumerate(self._workers):
            outcome = self._outcome(worker, ready, timeout_s, total)
            if outcome is None:
                continue
            if outcome[1] is not None:
                finished.append((outcome[0], outcome[1]))
            if outcome[2]:
                self._count_failed_start(worker)
                self._stop(worker)
                self._workers[slot] = self._start()
        return finished

    def _outcome(
        self, worker: _Worker, ready: set[object], timeout_s: float, total: int
    ) -> tuple[int, ExtractedDocument | None, bool] | None:
        """(file index, its result or None, replace the worker?) or None when nothing happened."""
        index = worker.index if worker.index is not None else -1
        if worker.conn in ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                message = None
            if message == _READY:
                worker.ready = True
                return None
            if isinstance(message, tuple):
                worker.index = None
                return message[0], _from_worker(message[1], message[0], total), False
        if worker.process.sentinel in ready or worker.conn in ready:
            if index >= 0:
                log.warning("A document reader process died on file %d of %d", index + 1, total)
            else:
                log.warning("A document reader process died while starting")
            result = failed(
                DocumentStatus.CORRUPT,
                "Reading this file crashed the document reader; the file is probably damaged.",
                "unknown",
            )
            return index, (result if index >= 0 else None), True
        if worker.index is not None and time.monotonic() - worker.started > timeout_s:
            log.warning("File %d of %d took longer than %.0f s", index + 1, total, timeout_s)
            result = failed(
                DocumentStatus.TIMED_OUT,
                f"Reading this file took longer than {timeout_s:g} seconds, so it was stopped. "
                "It may be damaged or unusually complex; try saving it again as PDF.",
                "unknown",
            )
            return index, result, True
        return None

    def _count_failed_start(self, worker: _Worker) -> None:
        """A worker that dies before it is ready is a broken install, not a bad file."""
        self._failed_starts = 0 if worker.ready else self._failed_starts + 1
        if self._failed_starts > 3:
            raise RuntimeError("document reader processes die at start-up")

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def close(self) -> None:
        for worker in self._workers:
            try:
                if worker.process.is_alive() and worker.index is None:
                    worker.conn.send(None)  # a clean exit
            except OSError:
                pass
        deadline = time.monotonic() + 1.0
        for worker in self._workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            self._stop(worker)


def _context() -> Any:  # ForkServerContext or SpawnContext; typeshed has no common type

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _from_worker(payload: object, index: int, total: int) -> ExtractedDocument:
    if isinstance(payload, ExtractedDocument):
        return payload
    # An unexpected exception in the reader is a bug: log where it happened (no content),
    # and let the rest of the batch go on.
    log.error("Internal error reading file %d of %d:\n%s", index + 1, total, payload)
    return failed(
        DocumentStatus.CORRUPT,
        "Candor hit an internal error reading this file; the error was logged.",
        "unknown",
    )


def _worker_main(conn: Connection, read: Reader | None, max_bytes: int) -> None:
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path = message
        payload: ExtractedDocument | str
        try:
            if read is None:
                payload = extract_text(Path(path), max_bytes=max_bytes)
            else:
                payload = read(Path(path))
        except Exception as exc:
            payload = _stack_without_content(exc)
        conn.send((index, payload))


def _stack_without_content(exc: Exception) -> str:
    """Exception type and frame locations only: its message and source lines may quote the file."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    return "\n".join([type(exc).__name__, *where])
