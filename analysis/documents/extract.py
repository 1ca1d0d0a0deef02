"""One file in, one `ExtractedDocument` out: the entry point for a single resume."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from analysis.documents.normalize import clean_text, quality_warnings
from analysis.documents.odf import read_odt
from analysis.documents.ooxml import read_docx
from analysis.documents.pdf import read_pdf
from analysis.documents.plaintext import decode_text
from analysis.documents.result import DocumentStatus, ExtractedDocument, ReadFailure, failed
from analysis.documents.sniff import HEAD_BYTES, detect_kind, zip_kind_from_names
from analysis.documents.zipsafe import SafeZip
from analysis.language import non_english_note as language_note

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 500_000  # ~100 pages of dense text; more is not a resume

_SAVE_AS = "Save it as .docx or PDF and import it again."
_UNSUPPORTED = {
    "rtf": f"This is an RTF file, which Candor does not read yet. {_SAVE_AS}",
    "html": f"This is a web page (HTML), not a document. {_SAVE_AS}",
    "xlsx": f"This is an Excel spreadsheet, not a resume document. {_SAVE_AS}",
    "pptx": f"This is a PowerPoint presentation, not a resume document. {_SAVE_AS}",
    "ods": f"This is an OpenDocument spreadsheet, not a resume document. {_SAVE_AS}",
    "odp": f"This is an OpenDocument presentation, not a resume document. {_SAVE_AS}",
    "zip": "This is a ZIP archive, not a document. Unpack it and import the resumes inside.",
    "unknown": "This is not a PDF, Word, OpenDocument or text file, so Candor cannot read it.",
}
_LABELS = {"pdf": "PDF", "docx": "Word document", "odt": "OpenDocument text", "txt": "text file"}


def extract_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractedDocument:
    """Read a resume file of any supported kind. Bad input gives a status, never an exception.

    There is no time limit here (a pdfium call cannot be interrupted); `extract_many`
    runs this in worker processes that it can stop.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return failed(DocumentStatus.UNSUPPORTED, "This is a folder, not a file.", "unknown")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block the reader
            return failed(DocumentStatus.UNSUPPORTED, "This is not a regular file.", "unknown")
        size = info.st_size
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
            kind = detect_kind(head, path.name)
            if size == 0 or not head:
                return failed(DocumentStatus.EMPTY, "The file is empty (0 bytes).", "empty")
            if size > max_bytes:
                return failed(
                    DocumentStatus.TOO_LARGE,
                    f"The file is {_megabytes(size)}; the limit for a resume is "
                    f"{_megabytes(max_bytes)}.",
                    kind,
                )
            data = head + stream.read(max_bytes + 1 - len(head))
    except (FileNotFoundError, NotADirectoryError):
        return failed(DocumentStatus.CORRUPT, "The file no longer exists where it was.", "unknown")
    except OSError:
        return failed(
            DocumentStatus.CORRUPT,
            "The file could not be read (permission or disk error).",
            "unknown",
        )
    if len(data) > max_bytes:  # it grew while being read
        return failed(DocumentStatus.TOO_LARGE, "The file grew beyond the size limit.", kind)
    return extract_bytes(data, path.name, kind=kind)


def extract_bytes(data: bytes, name: str = "", *, kind: str | None = None) -> ExtractedDocument:
    """Like `extract_text`, for content already in memory (`name` only breaks format ties)."""
    digest = hashlib.sha256(data).hexdigest()
    kind = kind or detect_kind(data[:HEAD_BYTES], name)
    try:
        if kind in ("zip", "docx", "xlsx", "pptx", "ods", "odp"):
            kind = _zip_kind(data)
        text, pages, warnings = _read(kind, data)
    except ReadFailure as failure:
        return failed(failure.status, failure.message, kind, digest)
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        warnings += ("The text is very long; only the beginning was kept.",)
    if not text:
        label = _LABELS.get(kind, "file")
        return failed(DocumentStatus.EMPTY, f"This {label} contains no text.", kind, digest)
    warnings += quality_warnings(text)
    note = language_note(text)
    if note:
        warnings += (note,)
    message = (
        f"Text extracted ({pages} page{'' if pages == 1 else 's'})." if pages else "Text extracted."
    )
    return ExtractedDocument(
        status=DocumentStatus.PARSED,
        message=message,
        kind=kind,
        text=text,
        pages=pages,
        sha256=digest,
        warnings=warnings,
    )


def _read(kind: str, data: bytes) -> tuple[str, int, tuple[str, ...]]:
    if kind == "pdf":
        pdf = read_pdf(data)
        return pdf.text, pdf.pages, pdf.warnings
    if kind == "docx":
        docx = read_docx(data)
        return clean_text(docx.text), docx.pages, ()
    if kind == "odt":
        return clean_text(read_odt(data)), 0, ()
    if kind == "txt":
        text, warnings = decode_text(data)
        return clean_text(text), 0, warnings
    if kind == "doc":
        raise _ole_failure(data)
    if kind == "image":
        raise ReadFailure(
            DocumentStatus.IMAGE_ONLY,
            "This file is a picture (a scan or photo), not a document with text; it needs OCR, "
            "which Candor does not do yet.",
        )
    raise ReadFailure(DocumentStatus.UNSUPPORTED, _UNSUPPORTED.get(kind, _UNSUPPORTED["unknown"]))


def _zip_kind(data: bytes) -> str:
    package = SafeZip(data, "ZIP-based document")
    mimetype = package.read("mimetype")[:100] if package.has("mimetype") else b""
    return zip_kind_from_names(package.names, mimetype)


def _ole_failure(data: bytes) -> ReadFailure:
    """An OLE compound file: an encrypted Office document, or a legacy binary one."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ReadFailure(
            DocumentStatus.PASSWORD_PROTECTED,
            "This Office document is locked with a password. Remove the password, save it as "
            ".docx or PDF and import it again.",
        )
    if "WordDocument".encode("utf-16-le") in data:
        return ReadFailure(
            DocumentStatus.UNSUPPORTED,
            f"This is an old Word 97-2003 .doc file, which Candor does not read. {_SAVE_AS}",
        )
    return ReadFailure(
        DocumentStatus.UNSUPPORTED,
        f"This is an old binary Office file (not a Word document). {_SAVE_AS}",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
