"""Retention sweep timing: preview and sweep a workspace of N candidates with recordings.

Each candidate (fictional, `tests.app.compliance.test_retention.seed`) has a resume
file, --recordings encrypted recordings of --kb KiB each, one analysis run with three
step results and a decision, all dated so that the clock can be moved past each
period (general policy: recordings 180 days, results and candidates 365 days).
The workspace is generated once; each run works on a fresh copy of it:

- preview:  `retention.preview` when everything of every candidate has expired;
- idle:     `run_sweep` when nothing has expired (the daily sweep on most days);
- media:    `run_sweep` deleting every recording and analysis run (one transaction per
            candidate, files overwritten and removed), candidates kept;
- erase:    `run_sweep` erasing every candidate (`erase_candidate`, certificate included).

Prints the median of --runs runs (and the generation time once).

Run: .venv/bin/python benchmarks/bench_retention.py [--count 1000] [--runs 3] [--kb 32]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.compliance import retention
from app.workspace import Session, Workspace
from tests.app.compliance.test_retention import DAY, T0, seed
from tests.app.conftest import ADMIN, ADMIN_PASSWORD
from tests.app.interviews_support import new_workspace

DECIDED = T0 + 300 * DAY
SCENARIOS: dict[str, float] = {
    "preview": T0 + 700 * DAY,
    "idle": T0 + 100 * DAY,
    "media": T0 + 400 * DAY,  # recordings (T0 + 180) and results (T0 + 365) expired
    "erase": T0 + 700 * DAY,  # no activity since DECIDED + 365 days
}


def generate(path: Path, count: int, recordings: int, kb: int) -> None:
    payload = bytes(range(256)) * (kb * 4)
    with new_workspace(path) as session:
        for i in range(count):
            seed(
                session,
                T0,
                name=f"Candidate {i}",
                recordings=recordings,
                decided_at=DECIDED,
                payload=payload,
            )


def measure(source: Path, scenario: str, now: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="bench-retention-") as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(source, copy)
        with Workspace.open(copy, ADMIN, ADMIN_PASSWORD) as session:
            work: Callable[[Session], object]
            if scenario == "preview":
                work = lambda s: retention.preview(s, now)  # noqa: E731
            else:
                work = lambda s: retention.run_sweep(s, now)  # noqa: E731
            started = time.perf_counter()
            result = work(session)
            seconds = time.perf_counter() - started
    if isinstance(result, retention.RetentionReport):
        summary = (
            f"{result.recordings_deleted} recordings, {result.analysis_runs_deleted} runs, "
            f"{result.candidates_erased} erased"
        )
    else:
        assert isinstance(result, retention.RetentionPlan)
        summary = f"{len(result.items)} items planned"
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="candidates")
    parser.add_argument("--recordings", type=int, default=2, help="recordings per candidate")
    parser.add_argument("--kb", type=int, default=32, help="size of each recording, KiB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-retention-src-") as tmp:
        source = Path(tmp) / "ws"
        started = time.perf_counter()
        generate(source, args.count, args.recordings, args.kb)
        print(
            f"generated {args.count} candidates x {args.recordings} recordings of {args.kb} KiB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"{'scenario':<10}{'median s':>10}{'per candidate ms':>18}  result")
        for scenario, now in SCENARIOS.items():
            runs = [measure(source, scenario, now) for _ in range(args.runs)]
            median = statistics.median(s for s, _ in runs)
            per = median / args.count * 1000
            print(f"{scenario:<10}{median:>10.2f}{per:>18.2f}  {runs[0][1]}")


if __name__ == "__main__":
    main()
