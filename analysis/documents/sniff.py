"""Tell a file's format from its first bytes, never from its extension alone.

The extension is only a tie-breaker where the content is ambiguous (a ZIP whose first
entry does not say what it holds). A `.doc` renamed to `.docx` is still a Word 97 file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

HEAD_BYTES = 64 * 1024  # enough to see a PDF header, a ZIP's first entries, a text encoding

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect_kind(data_head: bytes, name: str = "") -> str:
    """Return the format of a file from its first bytes (`HEAD_BYTES` is plenty).

    One of: "empty", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "doc"
    (any OLE compound file: Word 97-2003 and its siblings), "rtf", "image", "html",
    "txt", "unknown".
    """
    if not data_head:
        return "empty"
    if b"%PDF-" in data_head[:1024]:  # PDF readers accept junk before the header
        return "pdf"
    if data_head.startswith(b"PK\x03\x04") or data_head.startswith(b"PK\x05\x06"):
        return _zip_kind_from_head(data_head, name)
    if data_head.startswith(_OLE_MAGIC):
        return "doc"
    if data_head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    for magic, kind in _IMAGE_MAGIC:
        if data_head.startswith(magic):
            return kind
    if _looks_like_text(data_head):
        start = data_head.lstrip()[:64].lower()
        if start.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "txt"
    return "unknown"


def zip_kind_from_names(names: Iterable[str], mimetype: bytes = b"") -> str:
    """Refine a ZIP's kind from its central directory (the whole list of entry names)."""
    for prefix, kind in _ODF_MIMETYPES.items():
        if mimetype.strip() == prefix:
            return kind
    tops = {n.split("/", 1)[0] for n in names}
    if "word" in tops:
        return "docx"
    if "xl" in tops:
        return "xlsx"
    if "ppt" in tops:
        return "pptx"
    if "[Content_Types].xml" in tops:
        return "docx"  # main part elsewhere: the DOCX reader follows the relationships
    return "zip"


def _zip_kind_from_head(head: bytes, name: str) -> str:
    for mimetype, kind in _ODF_MIMETYPES.items():
        if b"mimetype" + mimetype in head[:200]:
            return kind
    for marker, kind in ((b"word/", "docx"), (b"xl/", "xlsx"), (b"ppt/", "pptx")):
        if marker in head:
            return kind
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if b"[Content_Types].xml" in head and suffix in {"docx", "xlsx", "pptx"}:
        return suffix
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    sample = head[:8192]
    if sample.startswith(_TEXT_BOMS) or sample.startswith(b"\xff\xfe\x00\x00"):
        return True
    if looks_like_utf16(sample):
        return True
    if b"\x00" in sample:
        return False
    # Control bytes other than tab/newline/form feed/escape are rare in real text.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= len(sample) // 100


def looks_like_utf16(sample: bytes) -> bool:
    """UTF-16 without a BOM: ASCII letters leave a NUL in every other byte."""
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half
