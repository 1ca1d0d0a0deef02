"""Shared helpers for the document extraction tests (paths, PDF and DOCX builders)."""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
MALFORMED = DATA / "malformed-docs"
LAYOUTS = DATA / "resume-layouts"


def words(text: str) -> list[str]:
    """Lower-case word tokens after NFKC, for order-aware comparisons."""
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower())


def word_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def position(text: str, marker: str) -> int:
    found = text.find(marker)
    assert found >= 0, f"{marker!r} missing from the extracted text"
    return found


def pdf_with_lines(lines: list[tuple[float, float, str, float]]) -> bytes:
    """A one-page A4 PDF with (x, y-from-top, text, font size) drawn in the given order."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    for x, y, text, size in lines:
        page.setFont("Helvetica", size)
        page.drawString(x, A4[1] - y, text)
    page.save()
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(
    body_xml: str, extra_parts: dict[str, str] | None = None, doc_rels: str = ""
) -> bytes:
    """A minimal but valid DOCX whose <w:body> holds `body_xml`."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("word/document.xml", document)
        if doc_rels:
            package.writestr(
                "word/_rels/document.xml.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                f'openxmlformats.org/package/2006/relationships">{doc_rels}</Relationships>',
            )
        for name, content in (extra_parts or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
