"""Batch extraction in worker processes: time limits, crashes, cancel, progress."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from analysis.documents import DocumentStatus, ExtractedDocument, extract_many, extract_text
from analysis.errors import Cancelled
from analysis.tasks import NullTask, TaskState

S = DocumentStatus


# Readers for the workers: module-level so the spawned processes can import them.
def hang_on_marker(path: Path) -> ExtractedDocument:
    if path.name.startswith("hang"):
        time.sleep(120)  # stands in for a pdfium call that never returns
    return extract_text(path)


def crash_on_marker(path: Path) -> ExtractedDocument:
    if path.name.startswith("crash"):
        os._exit(70)  # the process dies as it would on a segfault in native code
    return extract_text(path)


def fail_on_marker(path: Path) -> ExtractedDocument:
    if path.name.startswith("bug"):
        raise ValueError("Jane Example's secret phone number")
    return extract_text(path)


def _resumes(tmp_path: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_text(f"Resume {name}\nExperience: nursing", encoding="utf-8")
        paths.append(path)
    return paths


def test_batch_gives_every_file_its_own_status_and_reports_progress(tmp_path: Path) -> None:
    good = _resumes(tmp_path, ["a.txt", "b.txt"])
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00junk" * 300)
    word97 = tmp_path / "old.docx"
    word97.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    progress: list[float] = []
    task = TaskState(on_progress=lambda fraction, _text: progress.append(fraction))

    results = dict(extract_many([*good, empty, broken, word97], task, workers=2))

    assert {path: r.status for path, r in results.items()} == {
        good[0]: S.PARSED,
        good[1]: S.PARSED,
        empty: S.EMPTY,
        broken: S.CORRUPT,
        word97: S.UNSUPPORTED,
    }
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert "nursing" in results[good[0]].text


def test_a_hanging_file_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = _resumes(tmp_path, ["first.txt", "hang.txt", "after1.txt", "after2.txt"])
    started = time.monotonic()
    results = dict(extract_many(paths, NullTask(), timeout_s=1.5, workers=1, read=hang_on_marker))
    assert time.monotonic() - started < 30
    assert results[paths[1]].status is S.TIMED_OUT
    assert "1.5 seconds" in results[paths[1]].message
    # One worker only: the files after the hang were read by its replacement.
    assert [results[p].status for p in (paths[0], paths[2], paths[3])] == [S.PARSED] * 3


def test_a_reader_crash_is_a_corrupt_file_not_a_failed_batch(tmp_path: Path) -> None:
    paths = _resumes(tmp_path, ["crash.txt", "fine.txt"])
    results = dict(extract_many(paths, NullTask(), workers=1, read=crash_on_marker))
    assert results[paths[0]].status is S.CORRUPT
    assert "crashed" in results[paths[0]].message
    assert results[paths[1]].status is S.PARSED


def test_an_internal_error_is_logged_without_document_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = _resumes(tmp_path, ["bug.txt", "fine.txt"])
    with caplog.at_level(logging.ERROR, logger="candor.documents"):
        results = dict(extract_many(paths, NullTask(), workers=1, read=fail_on_marker))
    assert results[paths[0]].status is S.CORRUPT
    assert "internal error" in results[paths[0]].message
    assert results[paths[1]].status is S.PARSED
    assert "ValueError" in caplog.text and "fail_on_marker" in caplog.text
    assert "secret" not in caplog.text and "bug.txt" not in caplog.text


def test_cancel_stops_the_batch_and_its_workers(tmp_path: Path) -> None:
    paths = [*_resumes(tmp_path, [f"r{i}.txt" for i in range(6)]), tmp_path / "hang.txt"]
    paths[-1].write_text("x", encoding="utf-8")
    task = TaskState()
    seen = []
    with pytest.raises(Cancelled):
        for path, _result in extract_many(paths[::-1], task, workers=2, read=hang_on_marker):
            seen.append(path)
            task.cancel()
    assert len(seen) == 1
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_no_paths_start_no_workers() -> None:
    assert list(extract_many([], NullTask())) == []
    assert multiprocessing.active_children() == []
