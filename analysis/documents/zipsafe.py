"""Reading ZIP-based formats (DOCX, ODT) without trusting them.

A "zip bomb" DOCX declares or hides gigabytes behind a few kilobytes. Sizes in the
central directory are checked before anything is inflated, and every read is capped
anyway, because those sizes can lie. XML parts are parsed without DTDs: Word and
LibreOffice never write one, and entity tricks (billion laughs, external entities)
need one.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree import ElementTree as ET  # DTDs are refused before parsing

from analysis.documents.result import DocumentStatus, ReadFailure

MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part, unpacked
MAX_TOTAL_BYTES = 96 * 1024 * 1024  # everything read from one file, unpacked
MAX_ENTRIES = 10_000


class SafeZip:
    """A ZIP opened from bytes, with reads capped in size and failures turned into statuses."""

    def __init__(self, data: bytes, label: str) -> None:
        self._label = label
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise _damaged(label) from None
        if len(infos) > MAX_ENTRIES:
            raise ReadFailure(
                DocumentStatus.CORRUPT, f"This {label} has an absurd number of parts."
            )
        declared = sum(info.file_size for info in infos)
        if declared > 4 * MAX_TOTAL_BYTES:
            raise _bomb(label, declared)
        self._infos = {info.filename: info for info in infos}
        self._budget = MAX_TOTAL_BYTES

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos[name]
        if info.file_size > MAX_PART_BYTES:
            raise _bomb(self._label, info.file_size)
        if info.flag_bits & 0x1:
            raise ReadFailure(
                DocumentStatus.PASSWORD_PROTECTED, f"Parts of this {self._label} are encrypted."
            )
        limit = min(MAX_PART_BYTES, self._budget)
        try:
            with self._zip.open(info) as stream:
                data = stream.read(limit + 1)
        except NotImplementedError:
            raise ReadFailure(
                DocumentStatus.UNSUPPORTED,
                f"This {self._label} uses a compression method Candor cannot read. Save it again.",
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
            raise _damaged(self._label) from None
        if len(data) > limit:
            raise _bomb(self._label, len(data))
        self._budget -= len(data)
        return data

    def read_xml(self, name: str) -> ET.Element:
        return parse_xml(self.read(name), self._label)


def parse_xml(data: bytes, label: str) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ReadFailure(
            DocumentStatus.CORRUPT,
            f"This {label} contains XML declarations that office programs never write; "
            "it was not read, for safety.",
        )
    try:
        return ET.fromstring(data)  # noqa: S314 - no DTD, so no entity expansion
    except ET.ParseError:
        raise _damaged(label) from None


def local_name(tag: str) -> tuple[str, str]:
    """("namespace", "name") of an ElementTree tag like "{ns}name"."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _damaged(label: str) -> ReadFailure:
    return ReadFailure(
        DocumentStatus.CORRUPT,
        f"This {label} is damaged (its ZIP container or XML is broken). Open and save it again.",
    )


def _bomb(label: str, size: int) -> ReadFailure:
    megabytes = size // (1024 * 1024)
    return ReadFailure(
        DocumentStatus.TOO_LARGE,
        f"This {label} unpacks to more than {max(megabytes, 1)} MB, far beyond any resume "
        "(possibly a zip bomb); it was not read.",
    )
