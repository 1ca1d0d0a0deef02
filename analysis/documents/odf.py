"""ODT (OpenDocument text) from its content.xml, with the standard library only."""

from __future__ import annotations

from xml.etree import ElementTree as ET  # parsing itself goes through zipsafe

from analysis.documents.zipsafe import SafeZip, local_name

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIPPED = frozenset(
    {
        "tracked-changes",
        "sequence-decls",
        "variable-decls",
        "note-citation",
        "annotation",
        "soft-page-break",
        "bookmark",
        "bookmark-start",
        "bookmark-end",
    }
)


def read_odt(data: bytes) -> str:
    package = SafeZip(data, "OpenDocument text")
    return "\n".join(_blocks(package.read_xml("content.xml")))


def _blocks(container: ET.Element) -> list[str]:
    lines: list[str] = []
    for child in container:
        namespace, name = local_name(child.tag)
        if name in _SKIPPED:
            continue
        if namespace == _TEXT_NS and name in ("p", "h"):
            pieces: list[str] = [child.text or ""]
            _inline(child, pieces)
            lines.extend("".join(pieces).split("\n"))
        elif namespace == _TABLE_NS and name == "table-row":
            cells = [_blocks(cell) for cell in child if local_name(cell.tag)[1] == "table-cell"]
            cells = [[line for line in cell if line.strip()] for cell in cells]
            if all(len(cell) <= 1 for cell in cells):
                joined = " | ".join(cell[0].strip() for cell in cells if cell)
                if joined:
                    lines.append(joined)
            else:
                lines.extend(line for cell in cells for line in cell)
        else:  # body, text, section, list, list-item, table, frame, text-box, ...
            lines.extend(_blocks(child))
    return lines


def _inline(element: ET.Element, pieces: list[str]) -> None:
    for child in element:
        namespace, name = local_name(child.tag)
        if name not in _SKIPPED:
            if namespace == _TEXT_NS and name == "s":
                pieces.append(" " * _space_count(child.get(f"{{{_TEXT_NS}}}c", "1")))
            elif namespace == _TEXT_NS and name == "tab":
                pieces.append("\t")
            elif namespace == _TEXT_NS and name == "line-break":
                pieces.append("\n")
            else:
                pieces.append(child.text or "")
                _inline(child, pieces)
        pieces.append(child.tail or "")


def _space_count(value: str) -> int:
    """`text:s c="N"`: N spaces, capped (they collapse to one later anyway)."""
    return min(int(value), 8) if value.isdigit() else 1
