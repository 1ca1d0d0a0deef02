"""One clean-up for text from every format, so later steps see the same shapes.

PDF text in particular arrives with generator quirks: pdfium marks a line-end hyphen
with U+FFFE, LaTeX writes accents as separate spacing glyphs ("e´"), Word's PDF
export pads words with tabs and no-break spaces, icon fonts map to the private-use area.
"""

from __future__ import annotations

import re
import unicodedata

_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u00b8": "\u0327",  # cedilla
    "\u02c7": "\u030c",  # caron
}
# An acute after a consonant is more often a typed apostrophe ("don´t") than an accent.
_ACCENT_AFTER_LETTER = re.compile(
    r"([AEIOUYaeiouyı])([\u00b4\u00a8\u02c6])|([A-Za-zı])([\u02dc\u00b8\u02c7])"
)
_HYPHEN_RUN_WITH_SHY = re.compile(r"[-\u2010\u2011\u00ad]*\u00ad[-\u2010\u2011\u00ad]*")
_DROP = dict.fromkeys([0x200B, 0xFEFF, 0xFFFE, 0xFFFF, 0x00AD], None)
_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str, *, from_pdf: bool = False) -> str:
    """Normalise line ends, accents, hyphens, spaces and compatibility characters (NFKC).

    `from_pdf`: pdfium ends lines with CR LF, and a lone CR is padding some generators
    (Word's PDF export) put between words; some PDF fonts map their visible hyphen to
    U+00AD. Elsewhere a lone CR is an old Mac line end and U+00AD an invisible break hint.
    """
    text = raw.replace("\r\n", "\n").replace("\r", " " if from_pdf else "\n")
    text = text.replace("\ufffe\n", "").replace("\u2010", "-").replace("\u2011", "-")
    if from_pdf:
        text = _HYPHEN_RUN_WITH_SHY.sub("-", text)
    text = text.translate(_DROP)
    if any(ch in text for ch in _SPACING_ACCENTS):
        text = _ACCENT_AFTER_LETTER.sub(_combine_accent, text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if _keep(ch))
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _combine_accent(match: re.Match[str]) -> str:
    base = match.group(1) or match.group(3)
    accent = match.group(2) or match.group(4)
    if base == "ı":
        base = "i"
    return unicodedata.normalize("NFC", base + _SPACING_ACCENTS[accent])


def _keep(ch: str) -> bool:
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    # Cc: control characters; Co: private use (icon fonts: phone, mail, LinkedIn glyphs).
    return category not in ("Cc", "Co", "Cs")


def quality_warnings(text: str) -> tuple[str, ...]:
    """Content-free notes about text that looks wrong (decoded badly, OCR noise)."""
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) >= 20:
        letters = sum(1 for ch in visible if ch.isalpha())
        if letters < 0.5 * len(visible):
            return ("Most of the text is not letters; it may be garbled or OCR noise.",)
        replaced = text.count("\ufffd")
        if replaced > 0.05 * len(visible):
            return ("Many characters could not be decoded; the text may be garbled.",)
    return ()
