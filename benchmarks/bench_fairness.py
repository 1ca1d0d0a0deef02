"""Bias audit timing: build and write a role's audit for 10 000 generated candidates.

The candidates are fictional (`app.fairness.synthetic`): 14 groups over sex and
race/ethnicity with known invitation and decision counts, plus 3% without answers,
in one workspace. Each run measures, on the same data:

- build: `build_audit` (loads the role's people, unseals every answer, computes the
  three dimensions of both stages with Fisher's exact and z-tests, audit-logs);
- pdf / csv / json: `write_audit` of that audit;
- report: build + PDF, what `candor fairness report --format pdf` costs after sign-in.

With --check N, also times the counterfactual check (`check_role`) on N stored
resumes (the fictional test resumes, rotated): each is parsed and scored once per
swap, so this is what `candor fairness check` costs per candidate.

Prints the median of --runs runs (and the generation time once).

Run: .venv/bin/python benchmarks/bench_fairness.py [--count 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.scoring import RoleCriteria
from app.fairness.audit import build_audit
from app.fairness.demographics import RACE_ETHNICITY_CATEGORIES, SEX_CATEGORIES
from app.fairness.report import write_audit
from app.fairness.synthetic import SyntheticGroup, populate
from app.keys import KdfParams
from app.workspace import Session, Workspace


def groups(count: int) -> list[SyntheticGroup]:
    """Known rates per group: invitation 30-51%, advance 40-61% of those decided."""
    known = [(s, r) for s in SEX_CATEGORIES[:-1] for r in RACE_ETHNICITY_CATEGORIES[:-1]]
    unknown = count * 3 // 100
    each, extra = divmod(count - unknown, len(known))
    out = []
    for i, (sex, race) in enumerate(known):
        n = each + (1 if i < extra else 0)
        invited = n * (30 + 3 * (i % 8)) // 100
        decided = invited * 8 // 10
        advanced = decided * (40 + 3 * (i % 8)) // 100
        out.append(SyntheticGroup(sex, race, n, invited, advanced, decided - advanced, 55 + i))
    out.append(SyntheticGroup(None, None, unknown, unknown // 3, unknown // 8, unknown // 8))
    return out


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", type=int, default=0, metavar="N", help="resumes to check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Workspace.create(
            folder / "ws", "admin", "benchmark password", kdf=KdfParams.insecure_fast()
        ) as session:
            role_id = session.roles.create(RoleCriteria(title="Benchmark role", min_years=1))
            generate = timed(lambda: populate(session, role_id, groups(args.count), seed=1))
            print(f"generated {args.count} candidates in {generate:.2f} s")
            figures: dict[str, list[float]] = {}
            for _ in range(args.runs):
                started = time.perf_counter()
                audit = build_audit(session, role_id)
                figures.setdefault("build", []).append(time.perf_counter() - started)
                for fmt in ("pdf", "csv", "json"):
                    started = time.perf_counter()
                    write_audit(audit, folder / f"a.{fmt}", fmt)
                    figures.setdefault(fmt, []).append(time.perf_counter() - started)
                figures.setdefault("report", []).append(figures["build"][-1] + figures["pdf"][-1])
            assert audit.candidates == args.count
            print(f"median of {args.runs} runs, {audit.candidates} candidates:")
            for name, values in figures.items():
                print(f"  {name:7s} {statistics.median(values) * 1000:8.1f} ms")
            if args.check:
                check(session, args.check)


def check(session: Session, count: int) -> None:
    from analysis.resume import ResumeParser
    from app.fairness.counterfactual import check_role
    from tests.app.screening_support import MIDDLE, STRONG, WEAK

    role_id = session.roles.create(RoleCriteria(title="Checked role", min_years=5))
    people = (STRONG, MIDDLE, WEAK)
    for i in range(count):
        cid = session.candidates.add(f"Resume {i}", {})
        session.db.execute(
            "INSERT INTO resumes VALUES (?, 'x', 'r.txt', ?, 'txt', 1, '{}', ?, '{}', '{}', '{}')",
            (cid, f"bench{i}", people[i % 3].text()),
        )
        session.db.execute(
            "INSERT INTO role_candidates (role_id, candidate_id, added_at, status) "
            "VALUES (?, ?, '2026-01-01', 'parsed')",
            (role_id, cid),
        )
    parser = ResumeParser()
    parser.parse("warm-up")
    started = time.perf_counter()
    report = check_role(session, role_id, parser=parser)
    seconds = time.perf_counter() - started
    print(
        f"counterfactual check: {report.candidates} resumes, {report.swaps} swaps, "
        f"{len(report.changes)} changes in {seconds:.2f} s "
        f"({seconds / max(1, report.candidates) * 1000:.0f} ms per resume)"
    )


if __name__ == "__main__":
    main()
