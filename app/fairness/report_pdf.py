"""The bias audit as a PDF: per stage and dimension a table and a bar chart of the rates.

Bars are vector drawings (sharp in print); a dashed line marks four fifths of
the highest category's rate, so a bar left of it is the one the flag is about.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.fairness.illinois import FILING_NOTE, HIRES_NOTE, STATUTE
from app.fairness.model import FOUR_FIFTHS, BiasAudit, DimensionTable, StageAudit
from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table

CHART_WIDTH = 175 * mm
_SELECTION = colors.HexColor("#2f6f9f")
_SCORING = colors.HexColor("#c48b2f")


def write_pdf(audit: BiasAudit, path: Path, *, illinois: bool = False) -> Path:
    if illinois:
        return build_pdf(path, "Illinois AI Video Interview Act report", _illinois(audit))
    from app.fairness.report import definitions

    story: list[Flowable] = [para(f"Bias audit: {audit.role_title}", TITLE), *_header(audit)]
    if not audit.enough_data:
        story.append(para("Not enough data: no one in this role has been scored or decided yet."))
    for stage in audit.stages:
        story.extend(_stage(stage))
    story.append(para("What the figures mean", H2))
    story.append(table([["Figure", "Meaning"], *definitions().items()], [45 * mm, 130 * mm]))
    return build_pdf(path, f"Bias audit: {audit.role_title}", story)


def _header(audit: BiasAudit) -> list[Flowable]:
    period = f"{audit.date_from or 'the start'} to {audit.date_to or 'today'}"
    out: list[Flowable] = [
        para(f"Role #{audit.role_id}. Applications from {period}. Generated {audit.generated_at}."),
        para(f"{audit.candidates} candidates in the role for this period."),
    ]
    # Notes change how the figures may be read (synthetic data, missing stages): body text.
    out.extend(para(note, H2 if note.startswith("SYNTHETIC") else BODY) for note in audit.notes)
    return [*out, Spacer(1, 4 * mm)]


def _stage(stage: StageAudit) -> list[Flowable]:
    out: list[Flowable] = [para(stage.title, H2), para(f"Selected means: {stage.selected_means}.")]
    if not stage.enough_data:
        return [*out, para(stage.note)]
    line = f"{stage.sample} people in this stage."
    if stage.median_score is not None:
        line += f" Median score {stage.median_score:.1f}."
    if stage.on_hold:
        line += f" {stage.on_hold} on hold (not counted)."
    out.append(para(line + (f" {stage.note}" if stage.note else "")))
    for dim in stage.tables:
        out.append(KeepTogether([para(dim.title, BODY), _table(dim), _chart(dim)]))
        out.append(Spacer(1, 3 * mm))
    return out


def _table(dim: DimensionTable) -> Flowable:
    scored = any(r.scoring_rate is not None for r in dim.rows)
    head = ["Category", "N", "Selected", "Sel. rate", "Impact ratio"]
    head += ["Scoring rate", "Scoring IR"] if scored else []
    rows: list[list[str]] = [[*head, "p (Fisher)", "Flags"]]
    for r in dim.rows:
        flags = [
            "under 4/5" if r.four_fifths_flag else "",
            "scoring under 4/5" if r.scoring_flag else "",
            "under 2%: excluded" if r.under_min_share else "",
            "small sample" if r.small_sample else "",
            "significant" if r.significant else "",
        ]
        cells = [r.category, str(r.count), str(r.selected), _pct(r.selection_rate)]
        cells.append(_ratio(r.impact_ratio))
        if scored:
            cells += [_pct(r.scoring_rate), _ratio(r.scoring_impact_ratio)]
        p = "" if r.p_fisher is None else f"{r.p_fisher:.3g}"
        rows.append([*cells, p, ", ".join(f for f in flags if f)])
    rows.append(["Unknown", str(dim.unknown)] + [""] * (len(rows[0]) - 2))
    return table(rows)


def _chart(dim: DimensionTable) -> Drawing:
    scored = any(r.scoring_rate is not None for r in dim.rows)
    rows = list(reversed(dim.rows))  # the chart draws its first category at the bottom
    labels = [r.category for r in rows]
    bar_rows = len(labels) * (2 if scored else 1)
    height = max(40.0, 6.0 * bar_rows + 34)
    drawing = Drawing(CHART_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 24
    chart.width, chart.height = CHART_WIDTH - 64 * mm, height - 28
    chart.data = [[r.selection_rate * 100 for r in rows]]
    if scored:
        chart.data.append([(r.scoring_rate or 0.0) * 100 for r in rows])
    chart.bars[0].fillColor = _SELECTION
    if scored:
        chart.bars[1].fillColor = _SCORING
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontSize = 6
    chart.categoryAxis.categoryNames = [c if len(c) < 44 else c[:42] + "…" for c in labels]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.boxAnchor = "e"
    drawing.add(chart)
    best = max((r.selection_rate for r in dim.rows if not r.under_min_share), default=0.0)
    if best > 0:
        x = chart.x + chart.width * best * FOUR_FIFTHS
        drawing.add(Line(x, chart.y, x, chart.y + chart.height, strokeDashArray=[2, 2]))
    legend = "blue: selection rate %" + (", orange: scoring rate %" if scored else "")
    drawing.add(String(chart.x, 2, legend + "; dashed: 4/5 of the top rate", fontSize=6))
    return drawing


def _illinois(audit: BiasAudit) -> list[Flowable]:
    period = f"{audit.date_from or 'the start'} to {audit.date_to or 'today'}"
    rows = [["Race/ethnicity", "Completed AI interview", "In-person interview", "Not", "Pending"]]
    for r in audit.illinois:
        counts = (r.interviewed, r.afforded_in_person, r.not_afforded, r.pending)
        rows.append([r.race_ethnicity, *(str(c) for c in counts)])
    story: list[Flowable] = [
        para("Illinois AI Video Interview Act: demographic report", TITLE),
        para(f"{STATUTE}. Role #{audit.role_id}: {audit.role_title}. Period {period}."),
        para(
            "Applicants whose recorded interview was analysed, by race and ethnicity, and "
            "whether they were afforded an in-person interview afterwards (decision 'advance')."
        ),
    ]
    if not audit.illinois:
        story.append(para("Not enough data: no applicant completed the recorded interview."))
    else:
        story.append(table(rows))
    story.append(Spacer(1, 4 * mm))
    story.append(para(HIRES_NOTE, SMALL))
    story.append(para(FILING_NOTE, SMALL))
    return story


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
