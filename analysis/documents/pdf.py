"""PDF text through pdfium (fast, permissive licence), with scan and garbling checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from analysis.documents.normalize import clean_text
from analysis.documents.pdf_layout import column_ordered_text
from analysis.documents.result import DocumentStatus, ReadFailure

log = logging.getLogger("candor.documents")

MAX_PAGES = 50  # a resume is a few pages; a 900-page PDF is not a resume and must not stall a batch
_SCAN_MAX_CHARS = 40  # fewer visible characters than this on a page with a big image: a scan
_SCAN_MIN_IMAGE_COVERAGE = 0.3
_OUTLINED_TEXT_MIN_PATHS = 300  # text converted to curves looks like hundreds of paths
_MAX_OBJECTS_CHECKED = 3000
_SAMPLED_CHARS = 200


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    warnings: tuple[str, ...]


def read_pdf(data: bytes) -> PdfText:
    """Extract a PDF's text; raises ReadFailure with the specific reason when there is none."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_failure(exc.err_code) from None
    try:
        return _read_document(document)
    finally:
        document.close()


def _open_failure(code: int | None) -> ReadFailure:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return ReadFailure(
            DocumentStatus.PASSWORD_PROTECTED,
            "This PDF is locked with a password. Remove the password (or print it to a new "
            "PDF) and import it again.",
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return ReadFailure(
            DocumentStatus.UNSUPPORTED,
            "This PDF uses a protection scheme Candor cannot open. Print it to a new PDF and "
            "import that.",
        )
    return ReadFailure(
        DocumentStatus.CORRUPT,
        "This PDF is damaged and cannot be opened. Ask for a new copy or save it again as PDF.",
    )


@dataclass
class _PageStats:
    visible_chars: int = 0
    scanned: bool = False
    sampled: int = 0
    unmapped: int = 0
    invisible: int = 0


def _read_document(document: pdfium.PdfDocument) -> PdfText:
    total = len(document)
    if total == 0:
        raise ReadFailure(DocumentStatus.EMPTY, "This PDF has no pages.")
    pages: list[str] = []
    stats: list[_PageStats] = []
    unreadable: list[int] = []
    for index in range(min(total, MAX_PAGES)):
        try:
            text, page_stats = _read_page(document, index)
        except pdfium.PdfiumError:
            unreadable.append(index + 1)
            continue
        pages.append(text)
        stats.append(page_stats)
    if not stats:
        raise ReadFailure(
            DocumentStatus.CORRUPT, "No page of this PDF could be read; it is damaged."
        )
    text = clean_text("\n\n".join(pages), from_pdf=True)
    scanned = [i + 1 for i, s in enumerate(stats) if s.scanned]
    if not text or sum(s.visible_chars for s in stats if not s.scanned) == 0:
        if scanned:
            raise ReadFailure(
                DocumentStatus.IMAGE_ONLY,
                "This PDF is a scan or picture with no text layer; it needs OCR, which Candor "
                "does not do yet. Ask for a PDF saved from the original document.",
            )
        raise ReadFailure(DocumentStatus.EMPTY, "This PDF contains no text.")
    warnings = _warnings(total, stats, scanned, unreadable)
    return PdfText(text=text, pages=total, warnings=warnings)


def _warnings(
    total: int, stats: list[_PageStats], scanned: list[int], unreadable: list[int]
) -> tuple[str, ...]:
    notes: list[str] = []
    if scanned:
        notes.append(f"{_pages(scanned)} look scanned (no text layer); their text is missing.")
    if unreadable:
        notes.append(f"{_pages(unreadable)} could not be read (damaged).")
    if total > MAX_PAGES:
        notes.append(f"Only the first {MAX_PAGES} of {total} pages were read.")
    sampled = sum(s.sampled for s in stats)
    if sampled and sum(s.unmapped for s in stats) > 0.3 * sampled:
        notes.append(
            "Fonts in this PDF have no character map, so the text is probably garbled; "
            "it needs OCR, which Candor does not do yet."
        )
    if sampled and sum(s.invisible for s in stats) > 0.5 * sampled:
        notes.append("The text comes from a scan's OCR layer and may contain recognition errors.")
    return tuple(notes)


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
    return f"Page {shown}" if len(numbers) == 1 else f"Pages {shown}"


def _read_page(document: pdfium.PdfDocument, index: int) -> tuple[str, _PageStats]:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_bounded()
            if page.get_rotation() == 0:
                text = column_ordered_text(textpage, page.get_height()) or text
            stats = _PageStats(visible_chars=sum(1 for ch in text if not ch.isspace()))
            _sample_chars(textpage, stats)
        finally:
            textpage.close()
        if stats.visible_chars < _SCAN_MAX_CHARS:
            stats.scanned = _looks_scanned(page)
        return text, stats
    finally:
        page.close()


def _sample_chars(textpage: pdfium.PdfTextPage, stats: _PageStats) -> None:
    """Check a spread of characters for missing Unicode maps and invisible (OCR) text."""
    count = textpage.count_chars()
    step = max(1, count // _SAMPLED_CHARS)
    for index in range(0, count, step):
        if pdfium_c.FPDFText_GetUnicode(textpage, index) in (32, 10, 13):
            continue
        stats.sampled += 1
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            stats.unmapped += 1
        text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
        # Render mode 3 is "neither fill nor stroke": the invisible text OCR tools lay over a scan.
        if text_object and pdfium_c.FPDFTextObj_GetTextRenderMode(text_object) == 3:
            stats.invisible += 1


def _looks_scanned(page: pdfium.PdfPage) -> bool:
    """A near-textless page whose area is mostly picture, or text drawn as outlines."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    paths = 0
    for checked, obj in enumerate(page.get_objects(max_depth=2)):
        if checked >= _MAX_OBJECTS_CHECKED:
            break
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            covered += max(0.0, min(right, width) - max(left, 0.0)) * max(
                0.0, min(top, height) - max(bottom, 0.0)
            )
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return covered / area >= _SCAN_MIN_IMAGE_COVERAGE or paths >= _OUTLINED_TEXT_MIN_PATHS
