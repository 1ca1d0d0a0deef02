"""Resume text extraction throughput on the shared resume PDFs and DOCX files.

    .venv/bin/python benchmarks/bench_extract.py [--files 200] [--runs 3] [--workers 2]

The resume-layouts and resume-jd-match PDFs and DOCX files are repeated to --files
files. Two figures, each the median of --runs runs:
  - in-process: `extract_text` on one core, one file after another;
  - batch: `extract_many` with --workers worker processes, start-up included, as the
    app runs it (per-file time limit, crash isolation).
Issue 3's later target is 500 resumes parsed *and scored* at >= 25 resumes/s on 2 cores,
so extraction alone needs to be several times faster than that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.documents import extract_many, extract_text  # noqa: E402
from analysis.tasks import NullTask  # noqa: E402

DATA = REPO / ".." / "shared" / "data"
SETS = ("resume-layouts", "resume-jd-match")


def corpus(count: int) -> list[Path]:
    files = sorted(
        p for name in SETS for p in (DATA / name).rglob("*") if p.suffix in (".pdf", ".docx")
    )
    if not files:
        sys.exit(f"no PDF or DOCX under {DATA} ({', '.join(SETS)})")
    return [files[i % len(files)] for i in range(count)]


def in_process(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        extract_text(path)
    return len(paths) / (time.perf_counter() - started)


def batch(paths: list[Path], workers: int) -> float:
    started = time.perf_counter()
    for _ in extract_many(paths, NullTask(), workers=workers):
        pass
    return len(paths) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    paths = corpus(args.files)
    unique = sorted(set(paths))
    statuses = Counter(extract_text(p).status.value for p in unique)
    kinds = Counter(p.suffix for p in unique)
    print(
        f"{len(paths)} files from {len(unique)} distinct ({dict(kinds)}), statuses {dict(statuses)}"
    )
    per_file = {p.name: _time_one(p) for p in unique}
    slowest = sorted(per_file.items(), key=lambda item: -item[1])[:3]
    print("slowest files (ms): " + ", ".join(f"{n} {ms:.1f}" for n, ms in slowest))

    rows = [
        ("in-process, 1 core", [in_process(paths) for _ in range(args.runs)]),
        (
            f"extract_many, {args.workers} workers",
            [batch(paths, args.workers) for _ in range(args.runs)],
        ),
    ]
    print(f"\n{'mode':<28} {'median files/s':>15} {'runs':>30}")
    for label, rates in rows:
        runs = ", ".join(f"{r:.0f}" for r in rates)
        print(f"{label:<28} {statistics.median(rates):>15.0f} {runs:>30}")


def _time_one(path: Path) -> float:
    started = time.perf_counter()
    extract_text(path)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
