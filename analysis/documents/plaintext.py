"""Plain-text resumes: find the encoding, say so when it had to be guessed."""

from __future__ import annotations

import codecs

from analysis.documents.sniff import looks_like_utf16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as text; returns the text and warnings when the encoding was a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    if looks_like_utf16(data[:8192]):
        nuls_in_odd_bytes = data[1::2][:4096].count(0) > data[0::2][:4096].count(0)
        encoding = "utf-16-le" if nuls_in_odd_bytes else "utf-16-be"
        return data.decode(encoding, errors="replace"), (
            "The text had no byte-order mark; it was read as UTF-16.",
        )
    try:
        # Windows-1252 is what most non-UTF-8 resumes from Western offices are in.
        return data.decode("cp1252"), (
            "The text is not UTF-8; it was read as Windows-1252, so some letters may be wrong.",
        )
    except UnicodeDecodeError:
        return data.decode("latin-1"), (
            "The text is not UTF-8; it was read as Latin-1, so some letters may be wrong.",
        )
