"""Interview analysis speed: a synthetic 10-minute interview, from files and as it arrives.

    .venv/bin/python benchmarks/bench_pipeline.py [--answers 10] [--seconds 60] [--repeat 3]

The interview is made in a temporary folder with PyAV (never kept): answer i loops a
different speech clip from ../shared/data/speech as its sound and a talking-face video
from ../shared/data/video (512 x 512, 25 fps) as its picture, VP8 + Opus in WebM.

Reported:
- from files: `AnalysisService.analyse_files` (import = encryption, then every step),
  models already loaded (they load once per session); x real time = wall time / length
  of the interview, median of `--repeat` runs; time per step summed over answers.
- as it arrives: answers 1..n-1 are analysed as they are stored (while the next question
  would play), then the last answer is stored; the time from there to the PDF report
  written is the "last answer to report" latency. The slowest single answer is also
  reported: it must stay below an answer's length for the analysis to keep up.
Targets (issue 5): <= 0.15x real time on 2 cores; last answer to report <= 15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis.models import ModelRegistry  # noqa: E402
from app.analysis_pipeline.models import PipelineModels  # noqa: E402
from app.analysis_pipeline.pipeline import QuestionSpec  # noqa: E402
from app.analysis_pipeline.results import read_run  # noqa: E402
from app.analysis_pipeline.service import AnalysisService  # noqa: E402
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec  # noqa: E402
from app.keys import KdfParams  # noqa: E402
from app.reports.candidate import build_candidate_report, write_candidate_report  # noqa: E402
from app.workspace import Session, Workspace  # noqa: E402
from tests.app import pipeline_support as support  # noqa: E402

# Mono clips, 112 s together: an answer strings different ones (in a rotated order) so
# that no stretch repeats itself; a looped clip makes Whisper's repetition guard decode
# the same window again and again, which no real answer does.
CLIPS = sorted(
    p.name
    for p in support.SPEECH.iterdir()
    if p.suffix in (".wav", ".flac") and "stereo" not in p.name
)
GAP_S = 0.6
QUESTION = QuestionSpec(
    "Tell us about a situation you handled and what you learned from it.",
    ("the situation", "what you did", "what you learned"),
)


def answer_sound(index: int, seconds: float, clips: list[np.ndarray]) -> np.ndarray:
    """Different clips one after another, starting at clip `index`, cut to `seconds`."""
    gap = np.zeros(int(GAP_S * support.OPUS_RATE), dtype=np.float32)
    parts, total, k = [], 0, index
    while total < seconds * support.OPUS_RATE:
        clip = clips[k % len(clips)]
        parts += [clip, gap]
        total += len(clip) + len(gap)
        k += 1
    return np.concatenate(parts)[: int(seconds * support.OPUS_RATE)]


def make_interview(folder: Path, answers: int, seconds: float, size: int) -> list[Path]:
    faces = support.face_frames(support.FACE_VIDEO, size)
    clips = [support.read_samples(support.SPEECH / name) for name in CLIPS]
    return [
        support.make_recording(
            folder / f"answer{index + 1:02d}.webm",
            audio=answer_sound(index * 3, seconds, clips),
            faces=faces,
            seconds=seconds,
        )
        for index in range(answers)
    ]


def new_session(folder: Path) -> tuple[Session, int]:
    session = Workspace.create(folder, "admin", "benchmark pass", kdf=KdfParams.insecure_fast())
    return session, session.candidates.add("Bench Candidate", {})


def from_files(models: PipelineModels, files: list[Path], folder: Path) -> dict[str, object]:
    session, candidate = new_session(folder)
    with session:
        service = AnalysisService(session, models)
        start = time.perf_counter()
        run_id = service.analyse_files(
            candidate, files, [QUESTION] * len(files), identity_consented=True
        )
        wall = time.perf_counter() - start
        store = AnalysisStore(session.db)
        run = store.run(run_id)
        assert run is not None
        steps = read_run(store, run).step_seconds()
    return {"wall_s": wall, "steps_s": steps}


def as_it_arrives(models: PipelineModels, files: list[Path], folder: Path) -> dict[str, float]:
    session, candidate = new_session(folder)
    with session:
        service = AnalysisService(session, models)
        pipeline = service.start(candidate, "interview:bench", identity_consented=True)
        per_answer = []
        for index, path in enumerate(files):
            ref = session.media.put_file(candidate, "answer", path)
            answer = AnswerSpec(
                f"q{index + 1:02d}", index, QUESTION.question, QUESTION.key_points, ref
            )
            start = time.perf_counter()
            pipeline.analyse_answer(answer)
            per_answer.append(time.perf_counter() - start)
            if index == len(files) - 1:
                last_started = start
        pipeline.finish()
        report = build_candidate_report(session, candidate)
        write_candidate_report(report, folder.parent / f"{folder.name}.pdf")
        latency = time.perf_counter() - last_started
    return {"last_answer_to_report_s": latency, "slowest_answer_s": max(per_answer)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=512, help="picture side in pixels")
    parser.add_argument("--cores", type=int, default=2, help="CPU cores to run on")
    parser.add_argument("--model-dir", type=Path, help="provisioned model folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, available[: args.cores])
    with tempfile.TemporaryDirectory(prefix="candor-bench-") as tmp:
        folder = Path(tmp)
        model_dir = args.model_dir or folder / "models"
        registry = ModelRegistry(model_dir, prefer_device="cpu")
        if args.model_dir is None:
            registry.provision()
        start = time.perf_counter()
        files = make_interview(folder, args.answers, args.seconds, args.size)
        made = time.perf_counter() - start
        print(f"made {args.answers} x {args.seconds:.0f} s answers in {made:.1f} s")
        length = args.answers * args.seconds
        models = PipelineModels(registry)
        cold = from_files(models, files[:1], folder / "warm-up")
        print(f"one answer, models loading first: {cold['wall_s']:.1f} s")
        runs = [from_files(models, files, folder / f"files{i}") for i in range(args.repeat)]
        walls = [float(r["wall_s"]) for r in runs]  # type: ignore[arg-type]
        median = statistics.median(walls)
        middle = runs[walls.index(median)]
        arrival = as_it_arrives(models, files, folder / "arrival")
    figures = {
        "interview_s": length,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "from_files_wall_s": walls,
        "x_real_time_median": median / length,
        "steps_s_of_median_run": middle["steps_s"],
        **arrival,
    }
    shown = ", ".join(f"{w:.1f}" for w in walls)
    print(f"from files: {shown} s -> median {median / length:.3f}x real time")
    for step, seconds in sorted(middle["steps_s"].items()):  # type: ignore[union-attr]
        print(f"  {step:<10} {seconds:7.1f} s ({seconds / length:.3f}x)")
    latency, slowest = arrival["last_answer_to_report_s"], arrival["slowest_answer_s"]
    print(f"as it arrives: last answer stored -> report written {latency:.1f} s")
    print(f"  slowest answer {slowest:.1f} s (an answer lasts {args.seconds:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
