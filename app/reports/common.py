"""Shared look of Candor's PDFs: page template, styles, and the human-decision footer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

FOOTER = "Candor recommends; a person decides. Confidential: contains candidate data."

_styles = getSampleStyleSheet()
TITLE = _styles["Title"]
H2 = _styles["Heading2"]
BODY = _styles["BodyText"]
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.grey)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph from plain text (escaped: candidate text may contain markup characters)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), style)


def table(rows: Sequence[Sequence[str]], col_widths: Sequence[float] | None = None) -> Table:
    cells = [[para(str(c), SMALL if r else BODY) for c in row] for r, row in enumerate(rows)]
    t = Table(cells, colWidths=col_widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def build_pdf(path: Path, title: str, story: list[Flowable]) -> Path:
    """Write `story` to `path` atomically (a half-written report is never left behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(15 * mm, 10 * mm, f"{FOOTER}  Generated {stamp}.")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=A4,
        title=title,
        author="Candor",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    tmp.replace(path)
    return path
