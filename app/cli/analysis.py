"""`candor transcribe`, `candor assess`, `candor analyse` and `candor report`.

`transcribe` and `assess` need no workspace (batch use and evaluation): models come
from the model folder (`--model-dir`, else `app.paths.model_dir()`). `analyse` and
`report` sign in to a workspace.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from analysis.errors import CandorError
from app.cli.common import (
    ExitCode,
    Subparsers,
    add_model_options,
    add_workspace_options,
    model_registry,
    open_session,
)

if TYPE_CHECKING:
    from analysis.answers import AnswerAssessor, AnswerInput
    from app.analysis_pipeline.results import CandidateAnalysis

log = logging.getLogger("candor.cli")

_ASSESS_BATCH = 64  # lines assessed together (embeddings batch), then written


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "transcribe",
        help="transcribe audio/video files (no workspace needed)",
        description="Prints, for --format json, a list of "
        '{"file", "language", "text", "words": [{"word", "start", "end", "probability"}]}.',
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument("--language", metavar="CODE", help="the spoken language (default: detect)")
    p.add_argument(
        "--multilingual",
        action="store_true",
        help="use the multilingual speech model (default: the faster English one)",
    )
    add_model_options(p)
    p.set_defaults(func=cmd_transcribe)

    p = sub.add_parser(
        "assess",
        help="assess answers read as JSON lines on stdin (no workspace needed)",
        description='Reads one {"question", "key_points": [...], "text"} object per line and '
        "writes one line per answer: relevance, coverage, coherence, overall (0-1), "
        'covered_key_points, evidence. A bad line gives {"line", "error"} and exit status 1.',
    )
    add_model_options(p)
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser(
        "analyse",
        help="import interview recordings for a candidate and analyse them",
        description="Recording i answers question i of the questions file. With --rerun and "
        "no files, the candidate's latest answers are analysed again (e.g. with another "
        "speech model). With --password-stdin, line 1 is your password.",
    )
    add_workspace_options(p)
    add_model_options(p)
    p.add_argument("--candidate", type=int, required=True, metavar="ID")
    p.add_argument("--questions", type=Path, metavar="QUESTIONS.yaml")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--rerun", action="store_true", help="analyse the stored answers again")
    p.add_argument("--multilingual", action="store_true", help="multilingual speech model")
    p.add_argument("--language", metavar="CODE", help="force the spoken language")
    p.add_argument(
        "--identity-consented",
        action="store_true",
        help="the candidate gave the consent the policy requires for identity checks",
    )
    p.add_argument(
        "--expressions",
        action="store_true",
        help="describe facial expressions where the policy allows it (never scored)",
    )
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser(
        "report",
        help="write a candidate's PDF report",
        description="With --password-stdin, line 1 is your password.",
    )
    add_workspace_options(p)
    p.add_argument("candidate", type=int, metavar="CANDIDATE")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--blind", action="store_true", help="hide name, contacts and pictures")
    p.add_argument("--role", type=int, metavar="ROLE_ID", help="role of the resume match")
    p.set_defaults(func=cmd_report)


# -- transcribe -------------------------------------------------------------------------


def cmd_transcribe(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.models import Capability
    from analysis.speech import TranscriptStatus, load_transcriber

    capability = Capability.SPEECH_MULTILINGUAL if args.multilingual else Capability.SPEECH
    transcriber = model_registry(args).load(capability, load_transcriber)
    records, unreadable = [], 0
    for name in args.files:
        transcript = transcriber.transcribe(Path(name), language=args.language)
        if not transcript.ok:
            sys.stderr.write(f"candor: {name}: {transcript.message}\n")
            unreadable += transcript.status is TranscriptStatus.NO_AUDIO
        records.append(
            {
                "file": str(name),
                "language": transcript.language,
                "text": transcript.text,
                "words": [
                    {
                        "word": w.word,
                        "start": round(w.start, 3),
                        "end": round(w.end, 3),
                        "probability": round(w.probability, 4),
                    }
                    for w in transcript.words
                ],
            }
        )
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        for record in records:
            out.write(f"{record['file']}\t{record['text']}\n")
    return ExitCode.ERROR if unreadable else ExitCode.OK


# -- assess -----------------------------------------------------------------------------


def cmd_assess(args: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    from analysis.answers import AnswerAssessor
    from analysis.embeddings import load_embedder
    from analysis.models import Capability

    embedder = model_registry(args).load(Capability.SENTENCE_EMBEDDINGS, load_embedder)
    assessor = AnswerAssessor(embedder)
    bad = 0
    for batch in _batches(stdin if stdin is not None else sys.stdin):
        bad += _assess_batch(assessor, batch, out)
    return ExitCode.ERROR if bad else ExitCode.OK


def _batches(lines: TextIO) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            batch.append((number, line))
        if len(batch) >= _ASSESS_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _assess_batch(assessor: AnswerAssessor, batch: list[tuple[int, str]], out: TextIO) -> int:
    from analysis.answers.records import parse_record

    parsed: list[tuple[int, AnswerInput | CandorError]] = []
    for number, line in batch:
        try:
            parsed.append((number, parse_record(json.loads(line))))
        except json.JSONDecodeError:
            parsed.append(
                (number, CandorError("Not valid JSON: each line must be one JSON object."))
            )
        except CandorError as exc:
            parsed.append((number, exc))
    good = [item for _, item in parsed if not isinstance(item, CandorError)]
    assessed = iter(assessor.assess_many(good))
    bad = 0
    for number, item in parsed:
        if isinstance(item, CandorError):
            bad += 1
            sys.stderr.write(f"candor: line {number}: {item.message}\n")
            record: dict[str, Any] = {"line": number, "error": item.message}
        else:
            record = next(assessed).to_json_dict()
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return bad


# -- analyse and report -----------------------------------------------------------------


def cmd_analyse(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.models import Capability
    from analysis.tasks import TaskState
    from app.analysis_pipeline.questions import load_questions
    from app.analysis_pipeline.service import AnalysisService
    from app.analysis_pipeline.settings import PipelineSettings

    speech = Capability.SPEECH_MULTILINGUAL if args.multilingual else Capability.SPEECH
    settings = PipelineSettings(
        speech=speech, language=args.language, facial_expression=args.expressions
    )
    if not args.rerun and (not args.files or args.questions is None):
        raise CandorError(
            "Give the recordings and the questions file, or --rerun.",
            "candor analyse --candidate ID --questions QUESTIONS.yaml FILE...",
        )
    questions = load_questions(args.questions) if not args.rerun else []

    def show(fraction: float, text: str) -> None:
        log.info("analyse %3.0f%% %s", fraction * 100, text)

    task = TaskState(show)
    with open_session(args) as session:
        service = AnalysisService(session, model_registry(args))
        if args.rerun:
            run_id = service.rerun(
                args.candidate,
                settings,
                identity_consented=args.identity_consented or None,
                task=task,
            )
        else:
            run_id = service.analyse_files(
                args.candidate,
                [Path(f) for f in args.files],
                questions,
                settings,
                identity_consented=args.identity_consented,
                task=task,
            )
        result = service.latest(args.candidate)
    out.write(f"Analysis run {run_id} complete.\n")
    if result is not None:
        _print_summary(result, out)
    return ExitCode.OK


def _print_summary(result: CandidateAnalysis, out: TextIO) -> None:
    for answer in result.answers:
        parts = ", ".join(
            f"{v.step} {v.status}" for v in (answer.transcript, answer.assessment, answer.video)
        )
        out.write(f"  {answer.key}: {parts}\n")
    score = result.score.result.get("value")
    shown = "none" if score is None else f"{float(score):.2f}"
    out.write(f"  interview score: {shown} ({result.score.result.get('explanation', '')})\n")
    out.write(f"  identity: {result.identity.status}\n")
    for missing in result.unavailable():
        out.write(f"  unavailable: {missing.label}: {missing.problem}\n")


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.inventory import record_export
    from app.reports.candidate import build_candidate_report, write_candidate_report

    with open_session(args) as session:
        report = build_candidate_report(session, args.candidate, role_id=args.role)
        path = write_candidate_report(report, Path(args.out), blind=args.blind)
        with session.db.transaction():
            session.audit.record(
                "report.exported",
                f"candidate:{args.candidate}",
                {"kind": "candidate", "blind": bool(args.blind)},
            )
            record_export(
                session, "candidate_report", path, [args.candidate], blind=bool(args.blind)
            )
    out.write(f"Wrote {path}\n")
    return ExitCode.OK


__all__: Sequence[str] = ("cmd_analyse", "cmd_assess", "cmd_report", "cmd_transcribe", "register")
