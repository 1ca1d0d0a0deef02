"""The bias audit as a short HTML page for the Reports page (the files hold the rest).

Built from `BiasAudit`'s plain values; all text is escaped. No stage with data
gives one plain sentence instead of empty tables.
"""

from __future__ import annotations

from html import escape

from app.fairness.model import BiasAudit, CategoryRow, DimensionTable, StageAudit

FLAG = "#b00020"


def audit_html(audit: BiasAudit) -> str:
    period = _period(audit)
    parts = [
        f"<h3>{escape(audit.role_title)}: {audit.candidates} candidate"
        f"{'s' if audit.candidates != 1 else ''}, {escape(period)}</h3>"
    ]
    if not audit.enough_data:
        parts.append(
            "<p><b>Not enough data for a bias audit yet.</b> No one has been scored or "
            "decided for this role in this period, so there is nothing to compare.</p>"
        )
    parts += [f"<p>{escape(note)}</p>" for note in audit.notes]
    for stage in audit.stages:
        parts.append(_stage(stage))
    return "\n".join(parts)


def _period(audit: BiasAudit) -> str:
    if audit.date_from is None and audit.date_to is None:
        return "whole history"
    return f"{audit.date_from or 'start'} to {audit.date_to or 'today'}"


def _stage(stage: StageAudit) -> str:
    head = f"<h4>{escape(stage.title)}</h4>"
    if not stage.enough_data:
        return head + "<p>Not enough data for this stage.</p>"
    lines = [head, f"<p>{stage.sample} people; selected means {escape(stage.selected_means)}."]
    if stage.on_hold:
        lines.append(f" {stage.on_hold} on hold are not counted.")
    lines.append("</p>")
    for dimension in stage.tables:
        lines.append(_table(dimension, scoring=stage.median_score is not None))
    return "".join(lines)


def _table(table: DimensionTable, *, scoring: bool) -> str:
    rows = [r for r in table.rows if r.count]
    if not rows:
        return f"<p><i>{escape(table.title)}</i>: no answers ({table.unknown} unknown).</p>"
    heads = ["Category", "People", "Selected", "Impact ratio"]
    if scoring:
        heads += ["Above median", "Scoring ratio"]
    heads.append("Notes")
    out = [
        f"<p><i>{escape(table.title)}</i> (unknown: {table.unknown})</p>",
        '<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>',
        "".join(f"<th>{h}</th>" for h in heads),
        "</tr>",
    ]
    for row in rows:
        cells = [escape(row.category), str(row.count), _rate(row.selection_rate),
                 _ratio(row.impact_ratio)]  # fmt: skip
        if scoring:
            cells += [_rate(row.scoring_rate), _ratio(row.scoring_impact_ratio)]
        cells.append(_notes(row))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _notes(row: CategoryRow) -> str:
    notes = []
    if row.four_fifths_flag or row.scoring_flag:
        notes.append(f'<span style="color:{FLAG}"><b>under four-fifths</b></span>')
    if row.significant:
        notes.append("significant (Fisher p &lt; 0.05)")
    if row.under_min_share:
        notes.append("under 2%: left out of ratios")
    if row.small_sample:
        notes.append("small sample")
    return ", ".join(notes)
