"""Resume parser quality and throughput on shared/data/resumes-ner.

Prints precision/recall/F1 per field per dataset (relaxed and exact matching,
see analysis/resume/evaluation.py), parse throughput (resumes/s, median of 3
runs over the dotin + DataTurks texts) and how parse time grows on long,
repetitive resumes (1000 vs 3000 entries: a ratio near 3 is linear).

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
    _scaling(parser)
    return 0


# Long, repetitive resumes: parse time should grow in proportion to the length (a rule
# that rescans the text per entry shows up here as a ratio far above 3).
_LONG = {
    "entries on one line": "Analyst, Acme Ltd, Pune, Maharashtra, India, Jan 2019 - Dec 2020, ",
    "flattened (no line breaks)": "Analyst  Acme Ltd  2019 - 2020  Did things.  ",
    "entries on lines": "Analyst\nAcme Ltd - Pune, Maharashtra\nJan 2019 - Dec 2020\n",
    "education lines": "BSc Physics, Northbridge University, Leeds, UK, 2015\n",
    "many sections": "SKILLS\nPython\nEXPERIENCE\nAnalyst\n",
}


def _scaling(parser: ResumeParser) -> None:
    print(f"\n{'long input':28} {'1000 x (s)':>10} {'3000 x (s)':>10} {'ratio':>6}")
    for name, unit in _LONG.items():
        heading = "EDUCATION\n" if name.startswith("education") else "EXPERIENCE\n"
        seconds = []
        for n in (1000, 3000):
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                parser.parse(heading + unit * n)
                runs.append(time.perf_counter() - t0)
            seconds.append(statistics.median(runs))
        print(f"{name:28} {seconds[0]:10.2f} {seconds[1]:10.2f} {seconds[1] / seconds[0]:6.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
