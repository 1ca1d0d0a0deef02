"""Extraction of generated inputs: hostile, odd and well-formed files built in tmp_path."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from analysis.documents import DocumentStatus, detect_kind, extract_text
from tests.analysis.documents_support import docx_bytes, paragraph, pdf_with_lines, position

S = DocumentStatus


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    result = extract_text(_write(tmp_path, "cv.pdf", b""))
    assert result.status is S.EMPTY
    assert "0 bytes" in result.message


def test_200_mb_file_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as sparse:
        sparse.write(b"%PDF-1.7\n")
        sparse.truncate(200 * 1024 * 1024)  # sparse: costs no disk and no time
    result = extract_text(path)
    assert result.status is S.TOO_LARGE
    assert "200 MB" in result.message and "20 MB" in result.message
    assert result.kind == "pdf"
    assert result.sha256 == ""  # never read, so never hashed


def test_zip_bomb_docx_is_refused_without_inflating_it(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<" + b"a" * (200 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024  # 200 MB squeezed under 1 MB
    result = extract_text(_write(tmp_path, "bomb.docx", buffer.getvalue()))
    assert result.status is S.TOO_LARGE
    assert "zip bomb" in result.message


def test_zip_entry_that_lies_about_its_size_is_caught_while_reading(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b" " * (40 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    # Rewrite the central directory's "uncompressed size" of document.xml to 1 KB.
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[entry + 24 : entry + 28] = (1024).to_bytes(4, "little")
    result = extract_text(_write(tmp_path, "liar.docx", bytes(data)))
    assert result.status in (S.TOO_LARGE, S.CORRUPT)
    assert result.text == ""


def test_docx_with_an_entity_declaration_is_not_parsed(tmp_path: Path) -> None:
    laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    data = docx_bytes(paragraph("&b;"))
    # Put the DTD into the document part.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(
                    b"?><w:document", b"?>" + laughs.encode() + b"<w:document"
                )
            target.writestr(info, content)
    result = extract_text(_write(tmp_path, "laughs.docx", buffer.getvalue()))
    assert result.status is S.CORRUPT
    assert "for safety" in result.message


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    data = docx_bytes(paragraph("Jane Example, data engineer"))
    result = extract_text(_write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert result.status is S.CORRUPT
    assert "damaged" in result.message


def test_docx_reads_headers_tables_nested_tables_and_text_boxes_in_order(tmp_path: Path) -> None:
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"

    nested = "<w:tbl>" + row(paragraph("Inner A"), paragraph("Inner B")) + "</w:tbl>"
    table = (
        "<w:tbl>"
        + row(paragraph("2019 - 2024"), paragraph("Acme Corp"))
        + row(paragraph("Skills") + nested, paragraph("Python"))
        + "</w:tbl>"
    )
    text_box = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        f"{paragraph('Box line')}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{paragraph('Box line')}</w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    deleted = "<w:p><w:del><w:r><w:delText>Removed words</w:delText></w:r></w:del></w:p>"
    header = (
        '<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main">{paragraph("Jane Example")}</w:hdr>'
    )
    rels = (
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/header" Target="header1.xml"/>'
    )
    body = paragraph("Summary") + table + text_box + deleted + paragraph("The end")
    data = docx_bytes(body, {"word/header1.xml": header}, rels)
    result = extract_text(_write(tmp_path, "cv.docx", data))
    assert result.status is S.PARSED, result.message
    text = result.text
    assert "2019 - 2024 | Acme Corp" in text
    order = [
        "Jane Example",
        "Summary",
        "2019 - 2024",
        "Skills",
        "Inner A | Inner B",
        "Python",
        "Box line",
        "The end",
    ]
    positions = [position(text, marker) for marker in order]
    assert positions == sorted(positions)
    assert text.count("Box line") == 1  # the VML fallback copy is skipped
    assert "Removed words" not in text


def test_doc_renamed_to_docx_is_unsupported_with_a_way_out(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    result = extract_text(_write(tmp_path, "cv.docx", ole + b"\x00" * 2048))
    assert result.kind == "doc"
    assert result.status is S.UNSUPPORTED
    assert "Word 97-2003" in result.message and ".docx or PDF" in result.message


def test_password_protected_docx_says_so(tmp_path: Path) -> None:
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    result = extract_text(_write(tmp_path, "cv.docx", ole + b"\x00" * 2048))
    assert result.status is S.PASSWORD_PROTECTED


def test_non_utf8_text_is_read_as_windows_1252_with_a_warning(tmp_path: Path) -> None:
    text = "José Müller — Développeur senior, 10 ans d’expérience"
    result = extract_text(_write(tmp_path, "cv.txt", text.encode("cp1252")))
    assert result.status is S.PARSED
    assert result.text == text
    assert any("Windows-1252" in w for w in result.warnings)


def test_utf16_text_with_a_bom_is_decoded(tmp_path: Path) -> None:
    text = "Zoë Ångström\nSkills: Rust, SQL"
    result = extract_text(_write(tmp_path, "cv.txt", text.encode("utf-16")))
    assert (result.status, result.kind, result.text, result.warnings) == (S.PARSED, "txt", text, ())


GERMAN = (
    "Lebenslauf. Berufserfahrung: Seit 2019 arbeite ich als Softwareentwicklerin bei der "
    "Beispiel GmbH in München. Dort entwickle ich Anwendungen für die Auswertung von Daten und "
    "betreue die Datenbanken des Unternehmens. Vorher war ich drei Jahre bei einer Bank tätig, "
    "wo ich die Berichte für die Geschäftsführung erstellt habe. Ausbildung: Studium der "
    "Informatik an der Technischen Universität Berlin, Abschluss mit der Note gut. Kenntnisse: "
    "Python, Java, Datenbanken, Englisch fließend, Französisch Grundkenntnisse."
)


def test_resume_in_another_language_is_parsed_and_flagged(tmp_path: Path) -> None:
    result = extract_text(_write(tmp_path, "lebenslauf.txt", GERMAN.encode("utf-8")))
    assert result.status is S.PARSED
    assert "Softwareentwicklerin" in result.text
    assert any("not in English" in w for w in result.warnings)


def test_english_resume_is_not_flagged_as_another_language(tmp_path: Path) -> None:
    english = (
        "Jane Example. Experience: since 2019 I have worked as a software engineer at Example "
        "Ltd in London, where I build data pipelines and look after the company's databases. "
        "Before that I spent three years at a bank, writing the reports for the board. "
        "Education: BSc in Computer Science from the University of Leeds. Skills: Python, Java, "
        "SQL, French (fluent)."
    )
    result = extract_text(_write(tmp_path, "cv.txt", english.encode("utf-8")))
    assert result.status is S.PARSED and result.warnings == ()


def test_resume_without_recognisable_sections_is_still_parsed_whole(tmp_path: Path) -> None:
    text = "I am a nurse with six years on a cardiac ward and I would like to work nights.\n" * 3
    result = extract_text(_write(tmp_path, "note.txt", text.encode("utf-8")))
    assert result.status is S.PARSED
    assert result.text == text.strip()  # nothing dropped for lacking headings


def test_binary_junk_with_a_resume_extension_is_unsupported(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 40
    result = extract_text(_write(tmp_path, "cv.pdf", junk))
    assert result.status is S.UNSUPPORTED and result.kind == "unknown"


def test_pdf_with_a_garbage_body_is_corrupt(tmp_path: Path) -> None:
    result = extract_text(_write(tmp_path, "cv.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 500))
    assert result.status is S.CORRUPT
    assert "damaged" in result.message


def test_a_photo_is_image_only(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    result = extract_text(_write(tmp_path, "scan.pdf", png))
    assert (result.status, result.kind) == (S.IMAGE_ONLY, "image")


def test_rtf_is_unsupported_with_a_way_out(tmp_path: Path) -> None:
    result = extract_text(_write(tmp_path, "cv.rtf", rb"{\rtf1\ansi Jane Example}"))
    assert result.status is S.UNSUPPORTED and ".docx or PDF" in result.message


def test_odt_paragraphs_and_tables_are_read(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        "<office:text><text:h>Jane <text:span>Example</text:span></text:h>"
        "<table:table><table:table-row><table:table-cell><text:p>2020</text:p></table:table-cell>"
        '<table:table-cell><text:p>Nurse<text:s text:c="3"/>Leeds</text:p></table:table-cell>'
        "</table:table-row></table:table><text:p>References on request</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    result = extract_text(_write(tmp_path, "cv.odt", buffer.getvalue()))
    assert (result.status, result.kind) == (S.PARSED, "odt")
    assert result.text == "Jane Example\n2020 | Nurse Leeds\nReferences on request"


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    data = "Zoë Example\nNurse".encode()
    result = extract_text(_write(tmp_path, "a.txt", data))
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_missing_file_and_folder_give_statuses_not_exceptions(tmp_path: Path) -> None:
    assert extract_text(tmp_path / "gone.pdf").status is S.CORRUPT
    assert extract_text(tmp_path).status is S.UNSUPPORTED


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.4\n", "cv.docx", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "cv.docx", "doc"),
        (b"PK\x03\x04....[Content_Types].xml....word/document.xml", "cv", "docx"),
        (b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text", "x.zip", "odt"),
        (b"{\\rtf1\\ansi", "cv.txt", "rtf"),
        ("Jane Example".encode("utf-16"), "cv.pdf", "txt"),
        (b"Plain words", "cv.pdf", "txt"),
        (b"\x00\x01\x02\x03binary", "cv.txt", "unknown"),
        (b"", "cv.pdf", "empty"),
    ],
)
def test_detect_kind_trusts_content_over_the_name(head: bytes, name: str, kind: str) -> None:
    assert detect_kind(head, name) == kind


# Synthetic layouts: reportlab draws the lines in exactly the order given, like the
# generators that write a page row by row across its columns.

SIDEBAR = [
    "SKILLS",
    "Python",
    "SQL",
    "Docker",
    "Kubernetes",
    "LANGUAGES",
    "English",
    "French",
    "German",
    "CONTACT",
    "jane@example.com",
    "+44 20 7946 0000",
    "London",
    "LINKS",
]
MAIN = [
    "EXPERIENCE",
    "Acme Corp, data engineer, 2019 to 2024",
    "Built the reporting pipelines that the finance team uses daily",
    "Moved nightly batch jobs to streaming and cut latency by hours",
    "Beta GmbH, analyst, 2016 to 2019",
    "Wrote dashboards for the regional sales team",
    "Automated the monthly forecast with Python and SQL",
    "EDUCATION",
    "BSc Mathematics, Example University, 2013 to 2016",
    "First class honours",
    "PROJECTS",
    "Open-source contributor to a scheduling library",
    "Maintainer of a small data validation package",
    "Speaker at two local meetups",
    "AWARDS",
    "Employee of the year 2021",
    "Hackathon winner 2018",
    "VOLUNTEERING",
    "Mentor at a coding club for teenagers",
    "Treasurer of the local running club",
]


def test_sidebar_written_row_by_row_is_read_column_by_column(tmp_path: Path) -> None:
    lines = [(50.0, 60.0, "Jane Example", 18.0)]
    for row in range(len(MAIN)):
        if row < len(SIDEBAR):
            lines.append((40.0, 110.0 + 13.0 * row, SIDEBAR[row], 9.0))  # its own leading
        lines.append((190.0, 110.0 + 15.0 * row, MAIN[row], 10.0))
    result = extract_text(_write(tmp_path, "sidebar.pdf", pdf_with_lines(lines)))
    assert result.status is S.PARSED
    text_lines = result.text.splitlines()
    assert text_lines[0] == "Jane Example"
    sidebar_at = [text_lines.index(item) for item in SIDEBAR]
    main_at = [text_lines.index(item) for item in MAIN]
    assert sidebar_at == list(range(1, 1 + len(SIDEBAR)))  # contiguous, in order
    assert main_at == sorted(main_at) and min(main_at) > max(sidebar_at)


def test_two_equal_columns_with_aligned_lines_are_not_interleaved(tmp_path: Path) -> None:
    left = [f"Left column sentence number {i} about the candidate" for i in range(22)]
    right = [f"Right column sentence number {i} about the role" for i in range(22)]
    lines = []
    for row in range(22):
        lines.append((40.0, 80.0 + 14.0 * row, left[row], 9.0))
        lines.append((310.0, 80.0 + 14.0 * row, right[row], 9.0))
    result = extract_text(_write(tmp_path, "article.pdf", pdf_with_lines(lines)))
    assert result.text.splitlines() == left + right


def test_dates_beside_job_titles_stay_on_the_same_line(tmp_path: Path) -> None:
    lines = []
    y = 80.0
    for job in range(6):
        lines.append((40.0, y, f"Engineer at Company {job}", 10.0))
        lines.append((470.0, y, f"{2010 + job} to {2011 + job}", 10.0))
        for bullet in range(2):
            y += 14.0
            lines.append((50.0, y, f"Did useful thing {bullet} for company {job}", 10.0))
        y += 20.0
    result = extract_text(_write(tmp_path, "dates.pdf", pdf_with_lines(lines)))
    text_lines = result.text.splitlines()
    for job in range(6):
        assert f"Engineer at Company {job} {2010 + job} to {2011 + job}" in text_lines
