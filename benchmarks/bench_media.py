"""Throughput of the encrypted media store: encrypt (write) and decrypt (read).

Usage: .venv/bin/python benchmarks/bench_media.py [--mb 64] [--runs 5] [--dir PATH]

Each run writes a fresh 64 MB file of random bytes through `MediaStore.put_bytes`
(encryption, disk write and the closing fsync included), reads it back
sequentially in 64 KiB reads (what a QIODevice wrapper asks for), and makes
random 4 KiB seek+reads. The table shows the median of the runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from app.media import DEFAULT_CHUNK_SIZE, MediaStore


class _FixedKeys:
    def __init__(self) -> None:
        self._key = os.urandom(32)

    def key_for(self, candidate_id: int) -> bytes:
        return self._key


def run(root: Path, megabytes: int, runs: int) -> list[tuple[str, float, float, float, str]]:
    store = MediaStore(root, _FixedKeys())
    data = os.urandom(megabytes * 1024 * 1024)
    size_mb = len(data) / 1e6
    writes, reads, seeks = [], [], []
    random_reads = 2000
    rng = random.Random(0)
    for _ in range(runs):
        start = time.perf_counter()
        ref = store.put_bytes(1, "video", data)
        writes.append(size_mb / (time.perf_counter() - start))

        start = time.perf_counter()
        with store.open(ref) as reader:
            while reader.read(DEFAULT_CHUNK_SIZE):
                pass
        reads.append(size_mb / (time.perf_counter() - start))

        start = time.perf_counter()
        with store.open(ref) as reader:
            for _ in range(random_reads):
                reader.seek(rng.randrange(len(data) - 4096))
                reader.read(4096)
        seeks.append(random_reads / (time.perf_counter() - start))
        store.delete(ref)

    def row(name: str, values: list[float], unit: str) -> tuple[str, float, float, float, str]:
        return name, statistics.median(values), min(values), max(values), unit

    return [
        row(f"encrypt + write {megabytes} MB (fsync)", writes, "MB/s"),
        row(f"decrypt sequential {megabytes} MB", reads, "MB/s"),
        row("random 4 KiB seek+read", seeks, "reads/s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to write (default: a temp dir)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        rows = run(Path(folder) / "media", args.mb, args.runs)
    print(
        f"chunk size {DEFAULT_CHUNK_SIZE // 1024} KiB, {args.runs} runs, cpu count {os.cpu_count()}"
    )
    print(f"{'operation':<34} {'median':>10} {'min':>10} {'max':>10}  unit")
    for name, median, low, high, unit in rows:
        print(f"{name:<34} {median:>10.1f} {low:>10.1f} {high:>10.1f}  {unit}")


if __name__ == "__main__":
    main()
