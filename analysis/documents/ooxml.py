"""DOCX text straight from the OOXML parts, in document order.

Reading the XML directly (rather than through python-docx) keeps table text, nested
tables, content controls and text boxes in the order a reader sees them, handles
"Strict" OOXML (other namespaces, where python-docx fails), and lets every read be
size-capped (see zipsafe).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from xml.etree import ElementTree as ET  # parsing itself goes through zipsafe

from analysis.documents.result import DocumentStatus, ReadFailure
from analysis.documents.zipsafe import SafeZip, local_name

_WORD_NS = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict OOXML
    }
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_LABEL = "Word document"
# Elements whose text is not part of what the reader sees.
_SKIPPED = frozenset(
    {
        "pPr",
        "rPr",
        "tblPr",
        "tcPr",
        "trPr",
        "sectPr",
        "del",
        "delText",
        "moveFrom",
        "instrText",
        "delInstrText",
        "Fallback",
        "commentReference",
        "footnoteReference",
    }
)


@dataclass(frozen=True)
class DocxText:
    text: str
    pages: int


def read_docx(data: bytes) -> DocxText:
    package = SafeZip(data, _LABEL)
    main = _main_part(package)
    body = package.read_xml(main)
    rels = _relationships(package, main)
    headers = _part_lines(package, rels, "header")
    footers = _part_lines(package, rels, "footer")
    lines = headers + _blocks(body) + footers
    return DocxText(text="\n".join(lines), pages=_page_count(package))


def _main_part(package: SafeZip) -> str:
    if package.has("_rels/.rels"):
        for rel_type, target in _relationships(package, "").items():
            if rel_type.endswith("/officeDocument") and package.has(target[0]):
                return target[0]
    if package.has("word/document.xml"):
        return "word/document.xml"
    raise ReadFailure(
        DocumentStatus.CORRUPT,
        "This Word document has no main text part; it is damaged. Open and save it again.",
    )


def _relationships(package: SafeZip, part: str) -> dict[str, list[str]]:
    """Relationship type -> internal targets (as package paths) of one part ("" = package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not package.has(rels_name):
        return {}
    found: dict[str, list[str]] = {}
    for rel in package.read_xml(rels_name):
        if local_name(rel.tag) != (_REL_NS, "Relationship") or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault(rel.get("Type", ""), []).append(posixpath.normpath(path))
    return found


def _part_lines(package: SafeZip, rels: dict[str, list[str]], kind: str) -> list[str]:
    """Text of every header (or footer) part, each distinct text once."""
    seen: set[str] = set()
    lines: list[str] = []
    for rel_type, targets in rels.items():
        if not rel_type.endswith("/" + kind):
            continue
        for target in sorted(targets):
            if package.has(target):
                text = "\n".join(_blocks(package.read_xml(target))).strip()
                if text and text not in seen:
                    seen.add(text)
                    lines.append(text)
    return lines


def _page_count(package: SafeZip) -> int:
    if not package.has("docProps/app.xml"):
        return 0
    try:
        for element in package.read_xml("docProps/app.xml"):
            if local_name(element.tag)[1] == "Pages" and (element.text or "").strip().isdigit():
                return int((element.text or "0").strip())
    except ReadFailure:
        return 0  # metadata only: a broken app.xml does not make the document unreadable
    return 0


def _blocks(container: ET.Element) -> list[str]:
    """Paragraphs and tables under a container (body, cell, text box), in order."""
    lines: list[str] = []
    for child in container:
        namespace, name = local_name(child.tag)
        if name in _SKIPPED:
            continue
        if name == "p" and namespace in _WORD_NS:
            lines.extend(_paragraph(child))
        elif name == "tbl" and namespace in _WORD_NS:
            lines.extend(_table(child))
        else:  # sdt, sdtContent, customXml, ins, AlternateContent, ...
            lines.extend(_blocks(child))
    return lines


def _paragraph(paragraph: ET.Element) -> list[str]:
    pieces: list[str] = []
    text_boxes: list[str] = []
    _inline(paragraph, pieces, text_boxes)
    return "".join(pieces).split("\n") + text_boxes


def _inline(element: ET.Element, pieces: list[str], text_boxes: list[str]) -> None:
    for child in element:
        namespace, name = local_name(child.tag)
        if name in _SKIPPED:
            continue
        if namespace in _WORD_NS:
            if name == "t":
                pieces.append(child.text or "")
                continue
            if name in ("tab", "ptab"):
                pieces.append("\t")
                continue
            if name in ("br", "cr"):
                pieces.append("\n")
                continue
            if name == "noBreakHyphen":
                pieces.append("-")
                continue
            if name == "txbxContent":
                text_boxes.extend(_blocks(child))
                continue
        _inline(child, pieces, text_boxes)  # runs, hyperlinks, fields, drawings, choices


def _table(table: ET.Element) -> list[str]:
    """A row of short cells stays one line ("2019 | Acme | Engineer"); long cells get lines."""
    lines: list[str] = []
    for row in _children(table, "tr"):
        cells = [[line for line in _blocks(cell) if line.strip()] for cell in _children(row, "tc")]
        if all(len(cell) <= 1 for cell in cells):
            joined = " | ".join(cell[0].strip() for cell in cells if cell)
            if joined:
                lines.append(joined)
        else:
            for cell in cells:
                lines.extend(cell)
    return lines


def _children(element: ET.Element, wanted: str) -> list[ET.Element]:
    """Direct children named `wanted`, looking through content-control wrappers."""
    found: list[ET.Element] = []
    for child in element:
        namespace, name = local_name(child.tag)
        if name == wanted and namespace in _WORD_NS:
            found.append(child)
        elif name in ("sdt", "sdtContent", "customXml"):
            found.extend(_children(child, wanted))
    return found
