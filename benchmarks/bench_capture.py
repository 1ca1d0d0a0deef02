"""Capture at 640x480, 30 fps: dropped frames, CPU load, encode/encryption latency, stop time.

Usage: .venv/bin/python benchmarks/bench_capture.py [--seconds 20] [--runs 3] [--clip PATH]
       [--camera INDEX] [--dir PATH]

A file source paced like a camera (realtime) feeds an `AnswerRecorder` that
encodes VP8 + Opus into an encrypted media file, exactly as in an interview.
Without --clip, a synthetic 640x480 30 fps clip with a moving square, sensor-like
noise and a tone is made first. The process is pinned to 2 cores where it has
more. Each figure is the median of the runs:

- dropped: frames the encoder could not take in time (target <= 1 %)
- CPU: process CPU time / wall time while recording (100 % = one core), and the
  part added by recording over merely decoding and pacing the source file
- latency: per frame, from capture to muxed (encode included), median and p95
- encrypt+write: time in the encrypted media writer, per frame of video
- stop->fsynced: from `stop()` to the answer's file being closed and fsynced
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.capture import (
    AnswerRecorder,
    CameraUnavailable,
    CaptureSource,
    FileSource,
    OpenCVCameraSource,
)
from app.media import MediaStore

WIDTH, HEIGHT, FPS = 640, 480, 30


class _FixedKey:
    def __init__(self) -> None:
        self._key = os.urandom(32)

    def key_for(self, candidate_id: int) -> bytes:
        return self._key


def make_clip(path: Path, seconds: float) -> Path:
    """640x480 30 fps MPEG-4 + PCM: a moving square on a gradient, with noise like a sensor's."""
    rng = np.random.default_rng(0)
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    background = np.stack(
        [cols * 200 // WIDTH + 20, rows * 200 // HEIGHT + 20, np.full_like(rows, 90)], axis=-1
    ).astype(np.int16)
    with av.open(str(path), mode="w") as out:
        video = out.add_stream("mpeg4", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.bit_rate = 8_000_000
        audio = out.add_stream("pcm_s16le", rate=48_000, layout="mono")
        for index in range(round(seconds * FPS)):
            image = background + rng.normal(0, 3, background.shape).astype(np.int16)
            left = (index * 4) % (WIDTH - 120)
            image[180:300, left : left + 120] = 230
            frame = av.VideoFrame.from_ndarray(np.clip(image, 0, 255).astype(np.uint8), "bgr24")
            frame.pts, frame.time_base = index, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        t = np.arange(round(seconds * 48_000)) / 48_000
        pcm = (np.sin(2 * np.pi * 220 * t) * 8000).astype(np.int16)
        for start in range(0, len(pcm), 960):
            block = av.AudioFrame.from_ndarray(pcm[None, start : start + 960], "s16", "mono")
            block.sample_rate, block.pts = 48_000, start
            block.time_base = Fraction(1, 48_000)
            out.mux(audio.encode(block))
        out.mux(audio.encode(None))
    return path


def source_only_cpu(source: CaptureSource, seconds: float) -> float:
    """CPU % of just reading the source (decode + pacing), the baseline to subtract."""
    stop = threading.Event()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in source.items(stop):
        if time.perf_counter() - wall >= seconds:
            break
    return 100 * (time.process_time() - cpu) / (time.perf_counter() - wall)


def record_once(store: MediaStore, source: CaptureSource, seconds: float) -> dict[str, float]:
    recorder = AnswerRecorder(store, 1, source)
    wall, cpu = time.perf_counter(), time.process_time()
    recorder.start()
    time.sleep(seconds)
    before_stop = time.perf_counter()
    outcome = recorder.stop()
    stopped = time.perf_counter()
    cpu_percent = 100 * (time.process_time() - cpu) / (stopped - wall)
    stats = recorder.stats()
    if outcome.ref is None:
        raise SystemExit(f"recording failed: {outcome.message}")
    store.delete(outcome.ref)
    return {
        "frames": stats.frames_captured,
        "dropped %": 100 * stats.frames_dropped / max(stats.frames_captured, 1),
        "CPU %": cpu_percent,
        "latency median ms": stats.latency_ms_median,
        "latency p95 ms": stats.latency_ms_p95,
        "encode ms/frame": 1000 * stats.encode_seconds / max(stats.frames_encoded, 1),
        "encrypt+write ms/frame": 1000 * stats.write_seconds / max(stats.frames_encoded, 1),
        "stop->fsynced ms": 1000 * (stopped - before_stop),
        "MB/min": (outcome.ref.size or 0) / 1e6 * 60 / max(outcome.duration, 1e-9),
    }


def bench(
    name: str, make_source: Callable[[], CaptureSource], runs: int, seconds: float, root: Path
) -> None:
    store = MediaStore(root, _FixedKey())
    results = []
    for _ in range(runs):
        source = make_source()
        results.append(record_once(store, source, seconds))
        source.close()
    baseline = source_only_cpu(make_source(), min(seconds, 5.0))
    print(f"\n{name}: {runs} runs of {seconds:.0f} s, median (min - max)")
    for key in results[0]:
        values = [r[key] for r in results]
        spread = f"({min(values):.2f} - {max(values):.2f})"
        print(f"  {key:<24} {statistics.median(values):9.2f}  {spread}")
    print(f"  {'CPU % source only':<24} {baseline:9.2f}  (decoding and pacing the input alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip", type=Path, default=None, help="640x480 30 fps video to use")
    parser.add_argument("--camera", type=int, default=0, help="camera index to try")
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: temp)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores {cores}, PyAV {av.__version__}, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        root = Path(folder)
        clip = args.clip or make_clip(root / "clip.mkv", args.seconds + 2)
        bench(
            "file source (realtime, 640x480 30 fps)",
            lambda: FileSource(clip, realtime=True),
            args.runs,
            args.seconds,
            root / "media",
        )
        try:
            OpenCVCameraSource(args.camera).close()
        except CameraUnavailable as exc:
            print(f"\ncamera {args.camera}: not measured ({exc.message})")
            return
        bench(
            f"camera {args.camera} (video only)",
            lambda: OpenCVCameraSource(args.camera),
            args.runs,
            args.seconds,
            root / "media",
        )


if __name__ == "__main__":
    main()
