"""Erase time and access-export size for the demo candidate.

    .venv/bin/python benchmarks/bench_compliance.py            # 7 runs
    .venv/bin/python benchmarks/bench_compliance.py --runs 15 --json out.json

The candidate is the demo's Ada Okafor: her sample resume
(resources/demo/resumes/ada_okafor.txt) and the demo interview's three recorded
answers (WebM, VP8 + Opus, 640x480, made by `app.demo_interview.make_material`;
random WebM-sized stand-ins of 1.5 MB each if espeak-ng or scikit-image is
missing), plus transcripts, face observations, a rating, a decision and a request.
Each run copies a prepared workspace and times, on that copy:

- erase: `erase_candidate` end to end (one transaction, WAL checkpoint, media removal)
  and `write_certificate` (PDF + JSON);
- export: `export_candidate` as a folder and as a zip (time and size).

Prints the median (and min/max) of each over the runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.compliance.access import export_candidate  # noqa: E402
from app.compliance.certificate import write_certificate  # noqa: E402
from app.compliance.erasure import erase_candidate  # noqa: E402
from app.demo_interview import DemoMaterialUnavailable, make_material  # noqa: E402
from app.keys import KdfParams  # noqa: E402
from app.workspace import Workspace  # noqa: E402
from tests.app.compliance.candidate_support import build_candidate, recording  # noqa: E402

PASSWORD = "benchmark password"
RESUME = ROOT / "resources" / "demo" / "resumes" / "ada_okafor.txt"


def recordings(folder: Path) -> tuple[list[bytes], str]:
    try:
        paths = make_material(folder, 3)
        return [p.read_bytes() for p in paths], "demo interview answers (WebM VP8+Opus)"
    except DemoMaterialUnavailable as exc:
        print(f"note: {exc.message} Using random stand-ins.", file=sys.stderr)
        return [recording(i, 1_500_000) for i in range(3)], "random 1.5 MB stand-ins"


def prepare(folder: Path) -> tuple[Path, int, str, int]:
    answers, what = recordings(folder / "material")
    path = folder / "template"
    with Workspace.create(path, "admin", PASSWORD, kdf=KdfParams.insecure_fast()) as session:
        other = build_candidate(session, "Othercandidate", answers=1)
        built = build_candidate(
            session,
            "Okafor",
            role_id=other.role_id,
            text=RESUME.read_text(encoding="utf-8"),
            recordings=answers,
        )
        session.db.checkpoint()
    return path, built.candidate_id, what, sum(len(a) for a in answers)


def timed(run: Callable[..., object], *args: object, **kwargs: object) -> float:
    started = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="candor-bench-") as tmp:
        folder = Path(tmp)
        template, cid, what, media_bytes = prepare(folder)
        erase_s, cert_s, folder_s, zip_s = [], [], [], []
        folder_bytes, zip_bytes, files = 0, 0, 0
        for run in range(args.runs):
            ws = folder / f"ws-{run}"
            shutil.copytree(template, ws)
            with Workspace.open(ws, "admin", PASSWORD) as session:
                out = folder / f"out-{run}"
                folder_s.append(timed(export_candidate, session, cid, out / "f"))
                zip_s.append(timed(export_candidate, session, cid, out / "z", as_zip=True))
                [copy] = list((out / "f").iterdir())
                folder_bytes = sum(p.stat().st_size for p in copy.rglob("*") if p.is_file())
                files = sum(1 for p in copy.rglob("*") if p.is_file())
                [zipped] = list((out / "z").iterdir())
                zip_bytes = zipped.stat().st_size
                started = time.perf_counter()
                cert = erase_candidate(session, cid)
                erase_s.append(time.perf_counter() - started)
                cert_s.append(timed(write_certificate, cert, out / "cert"))
            shutil.rmtree(ws)

    def row(name: str, values: list[float]) -> tuple[str, str, str, str]:
        return (
            name,
            f"{statistics.median(values) * 1000:.1f}",
            f"{min(values) * 1000:.1f}",
            f"{max(values) * 1000:.1f}",
        )

    print(f"Demo candidate: resume {RESUME.name}, 3 answers: {what}, {media_bytes:,} bytes")
    print(f"{args.runs} runs; times in ms\n")
    rows = [
        ("measure", "median", "min", "max"),
        row("erase_candidate (incl. checkpoint, media removal)", erase_s),
        row("write_certificate (PDF + JSON)", cert_s),
        row("export_candidate folder", folder_s),
        row("export_candidate zip", zip_s),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    print(f"\nAccess export: {files} files, folder {folder_bytes:,} bytes, zip {zip_bytes:,} bytes")
    if args.json:
        figures = {
            "runs": args.runs,
            "recordings": what,
            "media_bytes": media_bytes,
            "erase_ms_median": statistics.median(erase_s) * 1000,
            "certificate_ms_median": statistics.median(cert_s) * 1000,
            "export_folder_ms_median": statistics.median(folder_s) * 1000,
            "export_zip_ms_median": statistics.median(zip_s) * 1000,
            "export_files": files,
            "export_folder_bytes": folder_bytes,
            "export_zip_bytes": zip_bytes,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
