"""Speed of video observations from files, as a multiple of real time (lower is faster).

Usage: .venv/bin/python benchmarks/bench_video_speed.py [--runs 3] [--minutes 10]
       [--model-dir DIR] [--keep DIR] [--expressions]

Analyses the three shared clips and two synthetic interviews of `--minutes` minutes,
letterboxed to 640 x 480 and encoded once as VP8 WebM at 30 frames/s (what the kiosk
records):
- one speaker: the first HDTF clip played forwards and backwards in turn (no cuts), the
  reference being that speaker: the ordinary case;
- three clips: the frames of the three clips looped (a cut every 8-9 s, two thirds of the
  time someone other than the reference): the worst case, every cut re-checks identity
  and every mismatch is confirmed.
Each run is the whole per-answer analysis from the file: decoding, face detection and
tracking, identity checks against the reference, recording quality (expressions only
with --expressions). The table shows the median of the runs, the fastest and the
slowest, and how many identity checks (dlib embeddings, ~0.1 s each here) were made.
Target: <= 0.15x real time on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from analysis.models import ModelRegistry
from analysis.video import (
    ExpressionAnalyzer,
    FaceDetector,
    FaceEmbedder,
    IdentityReference,
    analyse_video,
    iter_video_frames,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "video"
CLIPS = (
    "hdtf_WDA_AlexandriaOcasioCortez_000.mp4",
    "hdtf_WDA_KatieHill_000.mp4",
    "whitehouse_short_hamilton_clip.mp4",
)
FPS = 30


def letterbox(image: np.ndarray, width: int = 640, height: int = 480) -> np.ndarray:
    scale = min(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (round(image.shape[1] * scale), round(image.shape[0] * scale)))
    canvas = np.zeros((height, width, 3), np.uint8)
    top, left = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    canvas[top : top + resized.shape[0], left : left + resized.shape[1]] = resized
    return canvas


def synthetic_interview(path: Path, minutes: float, *, one_speaker: bool) -> None:
    """Frames of the clips (every frame, letterboxed) looped into a VP8 WebM at 30 fps."""
    if one_speaker:
        forwards = [letterbox(f.bgr) for f in iter_video_frames(DATA / CLIPS[0], every_s=0)]
        frames = forwards + forwards[::-1]  # forwards then backwards: no cut at the loop
    else:
        frames = [
            letterbox(f.bgr) for name in CLIPS for f in iter_video_frames(DATA / name, every_s=0)
        ]
    total = round(minutes * 60 * FPS)
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=FPS, options={"deadline": "realtime"})
        stream.width, stream.height, stream.pix_fmt = 640, 480, "yuv420p"
        stream.bit_rate = 1_000_000
        stream.codec_context.time_base = Fraction(1, FPS)
        for index in range(total):
            frame = av.VideoFrame.from_ndarray(frames[index % len(frames)], format="bgr24")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep the synthetic file")
    parser.add_argument("--expressions", action="store_true")
    args = parser.parse_args()

    model_dir = args.model_dir or Path(tempfile.mkdtemp(prefix="candor-models-"))
    registry = ModelRegistry(model_dir, prefer_device="cpu")
    registry.provision()
    detector = FaceDetector.load(registry)
    embedder = FaceEmbedder.load(registry)
    expressions = ExpressionAnalyzer.load(registry, allowed=True) if args.expressions else None
    first = next(iter(iter_video_frames(DATA / CLIPS[0])))
    reference = IdentityReference.from_frames(
        [first], detector=detector, embedder=embedder, consented=True
    )

    folder = args.keep or Path(tempfile.mkdtemp(prefix="candor-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    synthetic = []
    for kind in ("one-speaker", "three-clips"):
        path = folder / f"interview-{args.minutes:g}min-{kind}.webm"
        if not path.is_file():
            started = time.perf_counter()
            synthetic_interview(path, args.minutes, one_speaker=kind == "one-speaker")
            print(f"encoded {path.name} in {time.perf_counter() - started:.0f} s")
        synthetic.append(path)

    print(f"cores available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()}")
    print("x = seconds of analysis per second of video (wall clock); cpu x = CPU seconds used")
    print(
        f"{'file':40} {'length s':>8} {'median x':>9} {'min x':>6} {'max x':>6} "
        f"{'cpu x':>6} {'ids':>4} {'load':>5}"
    )
    for path in [*(DATA / name for name in CLIPS), *synthetic]:
        ratios, cpu, checks = [], [], 0
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = analyse_video(
                path, detector, reference=reference, embedder=embedder, expressions=expressions
            )
            ratios.append((time.perf_counter() - started) / result.duration_s)
            cpu.append((time.process_time() - started_cpu) / result.duration_s)
            checks = len(result.identity.samples) if result.identity else 0
        print(
            f"{path.name[:40]:40} {result.duration_s:8.1f} {statistics.median(ratios):9.3f} "
            f"{min(ratios):6.3f} {max(ratios):6.3f} {statistics.median(cpu):6.3f} "
            f"{checks:4d} {os.getloadavg()[0]:5.1f}"
        )


if __name__ == "__main__":
    main()
