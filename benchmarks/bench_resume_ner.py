"""Resume parser quality and throughput on shared/data/resumes-ner.

Prints precision/recall/F1 per field per dataset (relaxed and exact matching,
see analysis/resume/evaluation.py) and parse throughput (resumes/s, median of 3
runs over the dotin + DataTurks texts).

Splits: DataTurks `traindata.json` (200) is the development set the rules were
looked at against; DataTurks `testdata.json` (20) and `dotin_test50` (50) are
held out. Note that dotin's 12 Indeed_* resumes come from the same Indeed source
as DataTurks (one is the same resume with names replaced).

Run: .venv/bin/python benchmarks/bench_resume_ner.py [--threads 2] [--skip-dev]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.resume import ResumeParser
from analysis.resume.evaluation import (
    FIELDS,
    dataset_root,
    evaluate,
    load_dataturks,
    load_dotin,
)

TODAY = date(2024, 6, 1)  # fixed so "present" durations do not drift between runs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2, help="torch/BLAS threads (spaCy CPU)")
    ap.add_argument("--skip-dev", action="store_true", help="skip the DataTurks train set")
    ap.add_argument("--esco", action="store_true", help="also match ESCO labels")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    root = dataset_root(Path(__file__).resolve().parent)
    if not root.is_dir():
        print(f"dataset folder missing: {root}")
        return 2
    sets = {
        "dataturks_test (held out)": load_dataturks(root / "dataturks" / "testdata.json"),
        "dotin_test50 (held out)": load_dotin(root / "dotin_test50"),
    }
    if not args.skip_dev:
        sets["dataturks_train (dev)"] = load_dataturks(root / "dataturks" / "traindata.json")
    parser = ResumeParser(today=TODAY, match_esco=args.esco)

    header = (
        f"{'dataset':28} {'field':12} {'P':>6} {'R':>6} {'F1':>6}  {'exact F1':>8} {'n_gold':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, resumes in sets.items():
        profiles = parser.parse_many([r.text for r in resumes])
        relaxed = evaluate(resumes, profiles, relaxed=True)
        exact = evaluate(resumes, profiles, relaxed=False)
        for f in (*FIELDS, "phone"):
            if f == "phone":
                print(f"{name:28} {'phone':12} {'n/a: no phone labels in this set':>40}")
                continue
            c = relaxed[f]
            print(
                f"{name:28} {f:12} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
                f"  {exact[f].f1:8.3f} {c.n_gold:6d}"
            )
        print()

    texts = [r.text for r in sets["dataturks_test (held out)"] + sets["dotin_test50 (held out)"]]
    texts = texts + [r.text for r in sets.get("dataturks_train (dev)", [])]
    rates = []
    for _ in range(3):
        t0 = time.perf_counter()
        parser.parse_many(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    print(
        f"throughput: {statistics.median(rates):.1f} resumes/s (median of 3 runs over "
        f"{len(texts)} texts; runs {', '.join(f'{r:.1f}' for r in rates)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
