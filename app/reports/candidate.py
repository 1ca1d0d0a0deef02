"""The candidate PDF: summary, resume match, each answer, video observations, models used.

Charts are reportlab vector graphics (a bar chart of each answer's score parts, a
face-presence timeline). Parts that did not run are shown with the reason, never
left out. The blind variant names the candidate only by number, hides contact
details and pictures, and blots the name and contact details out of transcript
quotes. Every page says that Candor recommends and a person decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.analysis_pipeline.results import AnswerResult, CandidateAnalysis
from app.analysis_pipeline.store import AnalysisStore
from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table
from app.workspace import Session

STATEMENT = (
    "This report is a recommendation for a person to review, not a decision. Scores are "
    "sums of named parts with their evidence; read the evidence and listen to the answers "
    "before deciding. No candidate is rejected automatically."
)
HIDDEN = "[hidden]"
EXCERPT_CHARS = 900
PART_NAMES = ("relevance", "coverage", "coherence")
PART_COLOURS = (colors.HexColor("#3b6ea5"), colors.HexColor("#6aa84f"), colors.HexColor("#e69138"))
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{7,}\d")
_WIDTH = 180 * mm


@dataclass(frozen=True)
class ResumeMatch:
    """The candidate's resume screening for a role, when there is one."""

    available: bool
    note: str
    score: float | None = None  # 0-100
    label: str = ""
    role_id: int | None = None
    parts: tuple[tuple[str, float, float, str], ...] = ()  # name, points, max, explanation
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateReport:
    candidate_id: int
    display_name: str
    policy_name: str
    analysis: CandidateAnalysis | None
    resume: ResumeMatch
    emails: tuple[str, ...] = ()
    identifying: tuple[str, ...] = field(default=())
    """Name parts and contact details blotted out of quotes in the blind variant."""
    human_only: bool = False  # objected to automated analysis: no interview scores shown


def build_candidate_report(
    session: Session, candidate_id: int, *, role_id: int | None = None
) -> CandidateReport:
    """Everything the report shows, read (and audit-logged) from the workspace."""
    from app.analysis_pipeline.results import read_run
    from app.compliance.restrictions import is_human_only
    from app.policy import load_policy

    candidate = session.candidates.get(candidate_id)
    store = AnalysisStore(session.db)
    human_only = is_human_only(session.db, candidate_id)  # hides an earlier analysis too
    run = None if human_only else store.latest_complete(candidate_id)
    analysis = None
    if run is not None:
        analysis = read_run(store, run)
        session.audit.record("analysis.read", f"candidate:{candidate_id}", {"run": run.id})
    resume = _resume_match(session, candidate_id, role_id)
    names = [w for w in re.split(r"[\s,.]+", candidate.display_name) if len(w) >= 2]
    known = [str(v) for v in candidate.data.values() if isinstance(v, str) and _EMAIL.fullmatch(v)]
    emails = tuple(dict.fromkeys([*resume.emails, *known]))
    return CandidateReport(
        candidate_id=candidate_id,
        display_name=candidate.display_name,
        policy_name=load_policy(session.policy_id).name,
        analysis=analysis,
        resume=resume,
        emails=emails,
        identifying=(candidate.display_name, *names, *emails),
        human_only=human_only,
    )


def _resume_match(session: Session, candidate_id: int, role_id: int | None) -> ResumeMatch:
    """The screening of the candidate's resume, if the workspace has screening."""
    screenings = getattr(session, "screenings", None)
    roles = getattr(session, "roles", None)
    if screenings is None:
        return ResumeMatch(False, "No resume screening: this workspace does not screen resumes.")
    from analysis.errors import CandorError

    wanted = [role_id] if role_id is not None else [r.id for r in (roles.list() if roles else [])]
    for rid in wanted:
        try:
            detail = screenings.detail(rid, candidate_id)
        except CandorError:
            continue  # not a candidate of this role
        screening: Mapping[str, Any] = detail.screening or {}
        emails = tuple(str(e) for e in detail.profile.get("emails", []) if e)
        if not screening:
            return ResumeMatch(
                False,
                "No resume screening: the resume is not scored yet.",
                role_id=rid,
                emails=emails,
            )
        parts = tuple(
            (
                str(p["name"]),
                float(p["points"]),
                float(p["max_points"]),
                str(p.get("explanation", "")),
            )
            for p in screening.get("parts", [])
        )
        return ResumeMatch(
            True,
            "",
            float(screening["score"]),
            str(screening.get("label", "")),
            rid,
            parts,
            emails,
        )
    return ResumeMatch(False, "No resume screening for this candidate.")


# -- writing ----------------------------------------------------------------------------


def write_candidate_report(report: CandidateReport, path: Path, *, blind: bool = False) -> Path:
    hide = _Hider(report.identifying if blind else ())
    who = f"Candidate #{report.candidate_id}" if blind else report.display_name
    story: list[Flowable] = [
        para("Interview analysis report" + (" (blind)" if blind else ""), TITLE),
        para(f"Candidate: {who}"),
    ]
    if not blind and report.emails:
        story.append(para("Contact: " + ", ".join(report.emails)))
    story += [para(f"Policy: {report.policy_name}", SMALL), Spacer(1, 4), para(STATEMENT, BODY)]
    analysis = report.analysis
    if report.human_only:  # the candidate objected: a person reviews the recordings
        story.append(para("Automated analysis declined: review the recordings.", H2))
    elif analysis is None:
        story.append(para("No complete interview analysis is stored for this candidate.", H2))
    story += _summary(report, analysis)
    story += _resume_section(report.resume)
    if analysis is not None:
        story += _answers_section(analysis, hide)
        story += _video_section(analysis, blind)
        story += _models_section(analysis)
    title = f"Candor report, candidate #{report.candidate_id}"
    return build_pdf(path, title, story)


class _Hider:
    def __init__(self, values: Sequence[str]) -> None:
        words = sorted({v for v in values if v.strip()}, key=len, reverse=True)
        self._names = (
            re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE)
            if words
            else None
        )
        self._active = bool(values)

    def __call__(self, text: str) -> str:
        if not self._active:
            return text
        if self._names is not None:
            text = self._names.sub(HIDDEN, text)
        return _PHONE.sub(HIDDEN, _EMAIL.sub(HIDDEN, text))


def _summary(report: CandidateReport, analysis: CandidateAnalysis | None) -> list[Flowable]:
    from analysis.answers import CombinationWeights

    story: list[Flowable] = [para("Summary", H2)]
    interview: float | None = None
    if analysis is not None:
        score = analysis.score.result
        interview = None if score.get("value") is None else float(score["value"])
        shown = "not available" if interview is None else f"{interview:.2f} of 1"
        story.append(para(f"Interview score: {shown}. {score.get('explanation', '')}"))
        story.append(
            para(
                f"Analysed {analysis.run.finished_at or analysis.run.created_at} "
                f"(run {analysis.run.id}).",
                SMALL,
            )
        )
        identity = analysis.identity
        story.append(
            para(
                f"Identity continuity: {_status_text(identity.status)}. "
                f"{identity.result.get('explanation') or identity.message}"
            )
        )
        for missing in analysis.unavailable():
            story.append(para(f"UNAVAILABLE: {missing.label}. {missing.problem}", BODY))
    resume = report.resume
    resume_score = resume.score / 100 if resume.score is not None else None
    combined = CombinationWeights().combine(resume_score, interview)
    if combined.value is not None:
        story.append(
            para(f"Combined (resume and interview): {combined.value:.2f}. {combined.explanation}")
        )
    if analysis is not None and analysis.answers:
        story.append(para("Score parts per answer", BODY))
        story.append(_parts_chart(analysis.answers))
    return story


def _status_text(status: str) -> str:
    return status.replace("_", " ")


def _resume_section(resume: ResumeMatch) -> list[Flowable]:
    story: list[Flowable] = [para("Resume match", H2)]
    if not resume.available or resume.score is None:
        story.append(para(resume.note or "No resume screening."))
        return story
    story.append(
        para(f"Resume score {resume.score:.0f} of 100 (role #{resume.role_id}). {resume.label}")
    )
    rows = [("Part", "Points", "Explanation")]
    rows += [(n, f"{p:.1f} / {m:.1f}", e) for n, p, m, e in resume.parts]
    story.append(table(rows, [35 * mm, 25 * mm, 120 * mm]))
    return story


def _answers_section(analysis: CandidateAnalysis, hide: _Hider) -> list[Flowable]:
    story: list[Flowable] = [para("Answers", H2)]
    for number, answer in enumerate(analysis.answers, start=1):
        story += _answer(number, answer, hide)
    return story


def _answer(number: int, answer: AnswerResult, hide: _Hider) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 6), para(f"Question {number}: {answer.question}", BODY)]
    transcript = answer.transcript
    text = str(transcript.result.get("text", ""))
    state = _status_text(transcript.status)
    if transcript.status != "ok":
        state += f": {transcript.message}"
    duration = float(transcript.result.get("duration", 0.0) or 0.0)
    story.append(para(f"Transcript ({state}; {duration:.0f} s)", SMALL))
    if text:
        excerpt = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
        story.append(para(hide(excerpt) + (" [...]" if len(excerpt) < len(text) else "")))
    assessment = answer.assessment
    result = assessment.result
    if "parts" not in result:
        why = assessment.message
        if assessment.status == "unavailable":
            why = f"Assessment UNAVAILABLE: {why}"
        elif not why.startswith("Not assessed"):
            why = f"Assessment: {_status_text(assessment.status)}. {why}"
        story.append(para(why))
        return story
    rows = [("Part", "Score", "Weight", "Why, and the evidence")]
    for part in result["parts"]:
        quotes = "; ".join(f'"{hide(str(e["text"]))}"' for e in part.get("evidence", [])[:2])
        rows.append(
            (
                str(part["name"]),
                f"{float(part['value']):.2f}",
                f"{float(part['weight']):.2f}",
                f"{part['explanation']}" + (f" Evidence: {quotes}" if quotes else ""),
            )
        )
    rows.append(("overall", f"{float(result['overall']):.2f}", "", "Weighted mean of the parts."))
    story.append(table(rows, [25 * mm, 17 * mm, 17 * mm, 121 * mm]))
    points = result.get("key_points", [])
    if answer.key_points:
        covered = {int(k["index"]) for k in points if k.get("covered")}
        lines = [
            f"{'covered' if i in covered else 'not covered'}: {kp}"
            for i, kp in enumerate(answer.key_points)
        ]
        story.append(para("Key points - " + "; ".join(lines), SMALL))
    if result.get("message"):
        story.append(para(str(result["message"]), SMALL))
    delivery = result.get("delivery")
    if isinstance(delivery, Mapping):
        wpm = delivery.get("words_per_minute")
        story.append(
            para(
                f"Delivery (descriptive, not scored): {delivery.get('word_count')} words"
                + (f", {float(wpm):.0f} words per minute" if wpm else "")
                + f", {float(delivery.get('filler_rate') or 0):.1f} fillers per 100 words.",
                SMALL,
            )
        )
    return story


def _video_section(analysis: CandidateAnalysis, blind: bool) -> list[Flowable]:
    story: list[Flowable] = [para("Video observations", H2)]
    story.append(
        para(
            "Descriptive only, never part of a score: whether a face was in view, recording "
            "conditions, and identity continuity where the candidate consented.",
            SMALL,
        )
    )
    rows = [("Answer", "Face in view", "Recording conditions", "Identity", "Expressions")]
    timelines: list[tuple[str, float, list[tuple[float, bool]]]] = []
    for number, answer in enumerate(analysis.answers, start=1):
        video = answer.video
        if video.status != "ok":
            rows.append((str(number), _status_text(video.status), video.message, "", ""))
            continue
        r = video.result
        flags = ", ".join(_status_text(str(f.get("issue", ""))) for f in r["quality"]["flags"])
        identity = r.get("identity_check", {})
        identity_text = _status_text(str(identity.get("status", "")))
        if isinstance(r.get("identity"), Mapping):
            identity_text = _status_text(str(r["identity"]["status"]))
        expression = r.get("expression_analysis", {})
        rows.append(
            (
                str(number),
                f"{float(r['face_visible_ratio']) * 100:.0f}%",
                flags or "no issue",
                identity_text,
                _expression_text(expression, r.get("expressions")),
            )
        )
        samples = [(float(s["t"]), int(s["faces"]) > 0) for s in r.get("samples", [])]
        timelines.append((f"Answer {number}", float(r["duration_s"]), samples))
    story.append(table(rows, [18 * mm, 24 * mm, 58 * mm, 35 * mm, 45 * mm]))
    if timelines:
        story.append(Spacer(1, 4))
        story.append(para("Face presence over time (green: a face in view; grey: none)", SMALL))
        story.append(_presence_timeline(timelines, analysis.settings))
    identity = analysis.identity
    story.append(
        para(
            f"Identity continuity: {_status_text(identity.status)}. "
            + str(identity.result.get("explanation") or identity.message),
        )
    )
    if identity.result.get("reference_source"):
        story.append(para(f"Reference: {identity.result['reference_source']}.", SMALL))
    flagged = identity.result.get("flagged") or []
    if flagged:
        note = "" if blind else " Their pictures are in the review screen."
        story.append(para(f"{len(flagged)} moment(s) flagged for a person to check.{note}"))
    return story


def _expression_text(part: Mapping[str, Any], expressions: Any) -> str:
    status = str(part.get("status", "off"))
    if status != "on" or not isinstance(expressions, Mapping):
        return _status_text(status)
    counts = expressions.get("dominant_counts", {})
    leading = max(counts, key=lambda k: counts[k]) if counts else "-"
    return f"described (most often {leading}); not scored"


def _models_section(analysis: CandidateAnalysis) -> list[Flowable]:
    story: list[Flowable] = [para("Models and settings used", H2)]
    rows = [("Capability", "Model", "Version", "SHA-256", "Device")]
    rows += [
        (
            str(m["capability"]).replace("_", " "),
            str(m["name"]),
            str(m["version"]),
            str(m["sha256"])[:16],
            str(m["device"]),
        )
        for m in analysis.models_used()
    ]
    for missing in analysis.unavailable():
        rows.append((missing.label, "UNAVAILABLE", "-", "-", "-"))
    story.append(table(rows, [35 * mm, 50 * mm, 20 * mm, 45 * mm, 30 * mm]))
    settings = analysis.settings
    shown = (
        "speech",
        "language",
        "expected_language",
        "beam_size",
        "vad",
        "video_every_s",
        "video_max_side",
        "identity_check",
        "identity_consented",
        "facial_expression",
        "policy_id",
    )
    text = "; ".join(f"{k.replace('_', ' ')}: {settings.get(k)}" for k in shown if k in settings)
    weights = settings.get("assessment", {}).get("weights", {})
    if weights:
        text += "; answer weights: " + ", ".join(f"{k} {v}" for k, v in weights.items())
    story.append(para(f"Settings: {text}.", SMALL))
    return story


# -- charts (vector graphics) ------------------------------------------------------------


def _parts_chart(answers: Sequence[AnswerResult]) -> Flowable:
    """Grouped bars: relevance, coverage and coherence of each assessed answer."""
    drawing = Drawing(_WIDTH, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 8 * mm
    chart.width, chart.height = _WIDTH - 50 * mm, 42 * mm
    data: list[list[float]] = [[] for _ in PART_NAMES]
    labels = []
    for number, answer in enumerate(answers, start=1):
        parts = {p["name"]: float(p["value"]) for p in answer.assessment.result.get("parts", [])}
        labels.append(f"Q{number}")
        for row, name in enumerate(PART_NAMES):
            data[row].append(parts.get(name, 0.0))
    chart.data = data
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 1, 0.25
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    for row, colour in enumerate(PART_COLOURS):
        chart.bars[row].fillColor = colour
        chart.bars[row].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = _WIDTH - 34 * mm, 40 * mm
    legend.fontSize = 7
    legend.colorNamePairs = list(zip(PART_COLOURS, PART_NAMES, strict=True))
    drawing.add(legend)
    return drawing


def _presence_timeline(
    rows: Sequence[tuple[str, float, list[tuple[float, bool]]]], settings: Mapping[str, Any]
) -> Flowable:
    step = float(settings.get("video_every_s", 0.5) or 0.5)
    row_h, label_w = 6 * mm, 22 * mm
    longest = max((duration for _, duration, _ in rows), default=1.0) or 1.0
    scale = (_WIDTH - label_w - 4 * mm) / longest
    height = row_h * len(rows) + 8 * mm
    drawing = Drawing(_WIDTH, height)
    for index, (label, duration, samples) in enumerate(rows):
        y = height - (index + 1) * row_h
        drawing.add(String(0, y + 1.5 * mm, label, fontSize=7))
        drawing.add(
            Rect(
                label_w,
                y,
                max(duration, step) * scale,
                row_h - 1.5 * mm,
                fillColor=colors.HexColor("#d9d9d9"),
                strokeColor=None,
            )
        )
        for start, end in _present_runs(samples, step):
            drawing.add(
                Rect(
                    label_w + start * scale,
                    y,
                    (end - start) * scale,
                    row_h - 1.5 * mm,
                    fillColor=colors.HexColor("#6aa84f"),
                    strokeColor=None,
                )
            )
    axis_y = 5 * mm
    drawing.add(Line(label_w, axis_y, label_w + longest * scale, axis_y, strokeWidth=0.5))
    for second in range(0, int(longest) + 1, max(1, int(longest / 6))):
        x = label_w + second * scale
        drawing.add(Line(x, axis_y - 1 * mm, x, axis_y, strokeWidth=0.5))
        drawing.add(String(x - 2 * mm, 0, f"{second}s", fontSize=6))
    return KeepTogether([drawing])


def _present_runs(samples: Sequence[tuple[float, bool]], step: float) -> list[tuple[float, float]]:
    """Time ranges with a face, from samples taken every `step` seconds (one bar per range)."""
    runs: list[tuple[float, float]] = []
    for t, present in samples:
        if not present:
            continue
        if runs and t - runs[-1][1] <= step * 0.51:
            runs[-1] = (runs[-1][0], t + step)
        else:
            runs.append((t, t + step))
    return runs
