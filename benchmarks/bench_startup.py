"""Cold start to the sign-in window, and idle memory, of the desktop app.

Each run is a fresh Python process (as `candor` would be) that builds the app
exactly as `views.gui.run_gui` does, waits until the sign-in window has been
shown and the event loop is idle, and reports; the parent measures wall time
from process start. Prints a table with the median of --runs runs.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--platform offscreen]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app import logging_setup
from views.errors import ErrorRouter
from views.gui import CandorGui
from views.jobs import QtJobRunner

app = QApplication(sys.argv[:1])
ring = logging_setup.configure(stderr=False)
router = ErrorRouter(ring.recent)
runner = QtJobRunner(error_sink=router.handle)
gui = CandorGui(runner, router)
gui.start()
result = {}

def shown():
    result["shown_at"] = time.time()
    QTimer.singleShot(2000, idle)

def idle():
    with open("/proc/self/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    result["idle_rss_kib"] = rss
    result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["visible"] = gui.welcome.isVisible()
    print(json.dumps(result), flush=True)
    gui.shutdown()
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
"""


def one_run(platform: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    with tempfile.TemporaryDirectory() as state:
        env["CANDOR_STATE_DIR"] = state
        start = time.time()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["visible"]
    return {
        "start_s": data["shown_at"] - start,
        "idle_rss_mib": data["idle_rss_kib"] / 1024,
        "peak_rss_mib": data["peak_rss_kib"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen")
    args = parser.parse_args()
    one_run(args.platform)  # warm the OS file cache: "cold" means a new process, not a cold disk
    runs = [one_run(args.platform) for _ in range(args.runs)]
    print(
        f"Candor start-up, {args.runs} runs, QT_QPA_PLATFORM={args.platform}, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'measure':<34}{'median':>10}{'min':>10}{'max':>10}")
    for key, label in (
        ("start_s", "process start -> sign-in shown (s)"),
        ("idle_rss_mib", "idle memory, RSS (MiB)"),
        ("peak_rss_mib", "peak memory, RSS (MiB)"),
    ):
        values = [r[key] for r in runs]
        print(
            f"{label:<34}{statistics.median(values):>10.2f}{min(values):>10.2f}{max(values):>10.2f}"
        )


if __name__ == "__main__":
    main()
