"""What reading one resume file produced: a status, a plain-language message and the text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentStatus(StrEnum):
    """How reading a file ended. "Duplicate" is not here: the app decides it from `sha256`."""

    PARSED = "parsed"
    PASSWORD_PROTECTED = "password_protected"  # noqa: S105 - a status name, not a secret
    IMAGE_ONLY = "image_only"
    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    TIMED_OUT = "timed_out"


@dataclass(frozen=True)
class ExtractedDocument:
    """The outcome for one file.

    `message` is meant for the user and never quotes the document. `text` is "" unless
    the status is PARSED. `kind` comes from the file's content, not its extension.
    `pages` is 0 where the format has no reliable page count. `sha256` is of the raw
    bytes ("" when the file was not read, e.g. too large). `warnings` are short,
    content-free notes about a parsed file (scanned pages, garbled fonts, encoding guessed).
    """

    status: DocumentStatus
    message: str
    kind: str
    text: str = ""
    pages: int = 0
    sha256: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is DocumentStatus.PARSED


def failed(status: DocumentStatus, message: str, kind: str, sha256: str = "") -> ExtractedDocument:
    """A file that yielded no text, with the reason."""
    return ExtractedDocument(status=status, message=message, kind=kind, sha256=sha256)


class ReadFailure(Exception):
    """Raised inside a format reader to end with a specific status; never leaves the package."""

    def __init__(self, status: DocumentStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
